import type { MappingEngine } from '../mapping/index.ts';
import type { ArSelection, ArSourcePort, ArTargetPort } from '../ports/ar-ports.ts';
import type { OpenBalanceComparison } from './ar-compare.ts';
import type { ArPreview } from './ar-summary.ts';
import type { ChangeSetExecution } from '../sync/open-for-execution.ts';
import type { ApprovalStep, EngineDeps, RunRequest } from '../sync/pipeline-definition.ts';

/** Everything the AR pipeline needs, injected by the composition root. */
export interface ArDeps extends EngineDeps {
  readonly source: ArSourcePort;
  readonly target: ArTargetPort;
  readonly engine: MappingEngine;
}

/** The approval step of the AR pipeline; the tests and the bench supply their own. */
export type ArApprovalStep = ApprovalStep<ArPreview>;

/** What to plan: one AR selection for one company. */
export interface ArPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly selection: ArSelection;
  readonly dryRun?: boolean;
  readonly expiresAt?: string;
}

/** One AR sync request (plan, approve, execute in one call). */
export type ArSyncRequest = ArPlanRequest & RunRequest<ArPreview>;

/** The run summary (also stored on the run). */
export interface ArSyncSummary {
  readonly runId: number | null;
  readonly changeSetId: number | null;
  readonly status: 'completed' | 'partial' | 'dry_run' | 'awaiting_approval' | 'rejected' | 'nothing_to_do' | 'cancelled';
  readonly documents: number;
  readonly receipts: number;
  readonly invoicesPlanned: number;
  readonly paymentsPlanned: number;
  readonly written: number;
  readonly alreadyApplied: number;
  readonly skipped: number;
  readonly exceptions: number;
  readonly waiting: number;
  readonly unknown: number;
  readonly apiRequests: number;
}

/** Totals of one execution of an AR change set (`held`: payments waiting for an invoice that did not go through). */
export type ArExecution = ChangeSetExecution;

export type { OpenBalanceComparison };
