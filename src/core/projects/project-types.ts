import type { MappingEngine } from '../mapping/index.ts';
import type { GlTargetPort } from '../ports/gl-ports.ts';
import type { ProjectSourcePort, ProjectTargetPort } from '../ports/project-ports.ts';
import type { ChangeSetExecution } from '../sync/open-for-execution.ts';
import type { EngineDeps, RunStatus } from '../sync/pipeline-definition.ts';

/** Pipeline name of the projects sync (runs, change sets, exceptions, executors). */
export const PROJECTS_PIPELINE = 'projects';

/** Why a record cannot be sent; becomes an exception of this class with the message and the fix. */
export interface ProjectProblem {
  readonly class: 'mapping' | 'validation' | 'duplicate';
  readonly message: string;
  readonly fix: string;
}

/** How the project-tagging entries are posted (journal and state), from the company's GL settings or the call. */
export interface ProjectEntryOptions {
  readonly journal: string;
  readonly state: 'Posted' | 'Draft';
}

/** Everything the projects pipeline needs, injected by the composition root. */
export interface ProjectDeps extends EngineDeps {
  readonly source: ProjectSourcePort;
  readonly target: ProjectTargetPort;
  /** The GL pipeline's Intacct target: the tagging entries are GLBATCH creates like any synced entry. */
  readonly entries: GlTargetPort;
  readonly engine: MappingEngine;
  readonly entryOptions: ProjectEntryOptions;
}

/** Per-project totals shown before approval: tagged cost and revenue (PMTRAN) and milestone invoices planned. */
export interface ProjectTotal {
  readonly projectId: string;
  /** The project's name as planned for Intacct ('' in change sets stored before names were kept). */
  readonly name?: string;
  readonly currency?: string;
  readonly cost: string;
  readonly revenue: string;
  readonly invoiced: string;
}

/** What a person reads before approving (stored on the change set). */
export interface ProjectPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly contracts: number;
  readonly projects: number;
  readonly transactions: number;
  readonly milestonesReached: number;
  readonly projectWrites: number;
  readonly projectsCreated: number;
  readonly projectsUpdated: number;
  readonly projectsClosed: number;
  readonly entries: number;
  readonly invoices: number;
  readonly toSend: number;
  /** Records already as Sage 300 says (projects equal, entries and invoices linked). */
  readonly skipped: number;
  /** Tagging entries and milestone invoices with no cross-reference found already in Intacct (linked, not sent). */
  readonly foundInIntacct: number;
  readonly exceptions: number;
  /** Gross amounts per currency (tagging entries count their tagged side, invoices their total), for approval limits. */
  readonly volumeByCurrency: Readonly<Record<string, string>>;
  readonly totalsByProject: readonly ProjectTotal[];
  readonly problems: readonly { sourceKey: string; class: string; message: string; fix?: string }[];
}

/** Totals of one execution of a projects change set. */
export type ProjectExecution = ChangeSetExecution;

/** The run summary of a projects sync (also stored on the run). */
export interface ProjectSyncSummary {
  readonly status: RunStatus;
  readonly runId: number | null;
  readonly changeSetId: number | null;
  readonly exceptions: number;
  readonly execution: ProjectExecution | null;
}
