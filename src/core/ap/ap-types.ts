import type { CurrencyOptions } from '../fx/fx-check.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { ApSelection, ApSourcePort, ApTargetPort } from '../ports/ap-ports.ts';
import type { ApprovalStep, EngineDeps } from '../sync/pipeline-definition.ts';
import type { ApPreview } from './ap-summary.ts';
import type { RunCounts } from '../sync/run-summary.ts';
import type { ApPaymentOptions } from './ap-payment-transform.ts';

/** Pipeline name of the AP bill sync (runs, change sets, exceptions, executors). */
export const AP_PIPELINE = 'ap';

/** Everything the AP pipeline needs, injected by the composition root. */
export interface ApDeps extends EngineDeps {
  readonly source: ApSourcePort;
  readonly target: ApTargetPort;
  readonly engine: MappingEngine;
  /** Foreign-currency bills: tolerance and rate fields (default DEFAULT_CURRENCY_OPTIONS). */
  readonly currency?: CurrencyOptions;
  /** AP payments: the Sage 300 bank → Intacct checking account map (absent: every payment is a mapping exception). */
  readonly payments?: ApPaymentOptions;
}

/** The approval step of the AP pipeline; the CLI and the tests supply their own (prompt, --yes, policy). */
export type ApApprovalStep = ApprovalStep<ApPreview>;

/** What to plan: one AP selection for one company. */
export interface ApPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly selection: ApSelection;
  readonly dryRun?: boolean;
  /** After this instant the change set can no longer be approved. */
  readonly expiresAt?: string;
}

/** The run summary (also stored on the run). */
export interface ApSyncSummary extends RunCounts {
  readonly documents: number;
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  /** AP payments planned in this run, and payments waiting for their bill. */
  readonly payments: number;
  readonly paymentsWaiting: number;
}
