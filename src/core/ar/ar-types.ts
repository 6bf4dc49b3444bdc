import type { Logger } from '../../platform/logger.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { ArSelection, ArSourcePort, ArTargetPort } from '../ports/ar-ports.ts';
import type { AuditPort } from '../ports/audit-port.ts';
import type { AlertPort } from '../ports/gl-ports.ts';
import type { ChangeSet, StateStore } from '../state/index.ts';
import type { OpenBalanceComparison } from './ar-compare.ts';
import type { ArPreview } from './ar-summary.ts';
import { type ChangeSetExecuteOptions, type ChangeSetExecution } from '../sync/open-for-execution.ts';

/** Everything the AR pipeline needs, injected by the composition root. */
export interface ArDeps {
  readonly store: StateStore;
  readonly source: ArSourcePort;
  readonly target: ArTargetPort;
  readonly engine: MappingEngine;
  readonly alerts: AlertPort;
  readonly log: Logger;
  readonly audit?: AuditPort;
}

/** The approval step of the pipeline (the MCP server supplies the policy-driven one). */
export type ArApprovalStep = (preview: ArPreview) => Promise<
  { decision: 'approved'; by: string; selfConfirmed: boolean; note?: string } | { decision: 'rejected'; by: string; reason: string } | { decision: 'pending' }
>;

/** What to plan: one AR selection for one company. */
export interface ArPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly selection: ArSelection;
  readonly dryRun?: boolean;
  readonly expiresAt?: string;
}

/** One AR sync request (plan, approve, execute in one call). */
export interface ArSyncRequest extends ArPlanRequest {
  readonly approve: ArApprovalStep;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

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

/** A planned (or settled) AR sync. */
export type ArPlanned =
  | { readonly kind: 'settled'; readonly summary: ArSyncSummary; readonly preview: ArPreview }
  | { readonly kind: 'planned'; readonly runId: number; readonly changeSet: ChangeSet; readonly preview: ArPreview; readonly reused: boolean };

/** Totals of one execution of an AR change set. */
export interface ArExecution extends ChangeSetExecution {
  /** Payments not sent because an invoice they apply to is not in Intacct (exception class `transient`). */
  readonly waiting: number;
}

/** Options of one execution. */
export type ArExecuteOptions = ChangeSetExecuteOptions;

export type { OpenBalanceComparison };
