import type { Logger } from '../../platform/logger.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { ApSelection, ApSourceDocument, ApSourcePort, ApTargetPort } from '../ports/ap-ports.ts';
import type { AuditPort } from '../ports/audit-port.ts';
import type { AlertPort } from '../ports/gl-ports.ts';
import type { ChangeSet, StateStore } from '../state/index.ts';
import type { ApPreview } from './ap-summary.ts';
import { type ChangeSetExecuteOptions, type ChangeSetExecution } from '../sync/open-for-execution.ts';

/** Pipeline name of the AP bill sync (runs, change sets, exceptions, executors). */
export const AP_PIPELINE = 'ap';

/** Everything the AP pipeline needs, injected by the composition root. */
export interface ApDeps {
  readonly store: StateStore;
  readonly source: ApSourcePort;
  readonly target: ApTargetPort;
  readonly engine: MappingEngine;
  readonly alerts: AlertPort;
  readonly log: Logger;
  /** When present, every external write is recorded before and after it is sent (and refused if it cannot be). */
  readonly audit?: AuditPort;
}

/** The approval step of the pipeline; the CLI and the MCP server supply their own (prompt, --yes, policy). */
export type ApApprovalStep = (preview: ApPreview) => Promise<
  { decision: 'approved'; by: string; selfConfirmed: boolean; note?: string } | { decision: 'rejected'; by: string; reason: string } | { decision: 'pending' }
>;

/** What to plan: one AP selection for one company. */
export interface ApPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly selection: ApSelection;
  readonly dryRun?: boolean;
  /** After this instant the change set can no longer be approved. */
  readonly expiresAt?: string;
}

/** One AP sync request (plan, approve, execute in one call). */
export interface ApSyncRequest extends ApPlanRequest {
  readonly approve: ApApprovalStep;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** The run summary (also stored on the run). */
export interface ApSyncSummary {
  readonly runId: number | null;
  readonly changeSetId: number | null;
  readonly status: 'completed' | 'partial' | 'dry_run' | 'awaiting_approval' | 'rejected' | 'nothing_to_do' | 'cancelled';
  readonly documents: number;
  readonly planned: number;
  readonly written: number;
  readonly alreadyApplied: number;
  readonly skipped: number;
  readonly exceptions: number;
  readonly unknown: number;
  readonly apiRequests: number;
  readonly totalsByCurrency: Readonly<Record<string, string>>;
}

/** A planned (or already settled) AP sync: a final summary, or a change set waiting for its approval step. */
export type ApPlanned =
  | { readonly kind: 'settled'; readonly summary: ApSyncSummary; readonly preview: ApPreview }
  | {
      readonly kind: 'planned';
      readonly runId: number;
      readonly changeSet: ChangeSet;
      readonly preview: ApPreview;
      /** True when an identical pending change set already existed (an agent retry) and was returned instead. */
      readonly reused: boolean;
      readonly documents: readonly ApSourceDocument[];
    };

/** Totals of one execution of an AP change set. */
export type ApExecution = ChangeSetExecution;

/** Options of one execution. */
export type ApExecuteOptions = ChangeSetExecuteOptions;
