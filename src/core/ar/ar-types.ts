import type { CurrencyOptions } from '../fx/fx-check.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { ArSelection, ArSourcePort, ArTargetPort } from '../ports/ar-ports.ts';
import type { OpenBalanceComparison } from './ar-compare.ts';
import type { EngineDeps } from '../sync/pipeline-definition.ts';

/** Everything the AR pipeline needs, injected by the composition root. */
export interface ArDeps extends EngineDeps {
  readonly source: ArSourcePort;
  readonly target: ArTargetPort;
  readonly engine: MappingEngine;
  /** Foreign-currency invoices and payments: tolerance and rate fields (default DEFAULT_CURRENCY_OPTIONS). */
  readonly currency?: CurrencyOptions;
}

/** What to plan: one AR selection for one company. */
export interface ArPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly selection: ArSelection;
  readonly dryRun?: boolean;
  readonly expiresAt?: string;
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
  /** Invoices and payments with no cross-reference found already in Intacct (linked, not sent). */
  readonly foundInIntacct: number;
  readonly exceptions: number;
  readonly waiting: number;
  readonly unknown: number;
  readonly apiRequests: number;
}

export type { OpenBalanceComparison };
