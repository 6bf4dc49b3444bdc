import type { MappingEngine } from '../mapping/index.ts';
import type { PoSourcePort, PoTargetPort } from '../ports/po-ports.ts';
import type { ChangeSetExecution } from '../sync/open-for-execution.ts';
import type { EngineDeps } from '../sync/pipeline-definition.ts';

/** Pipeline name of the purchase-order sync (runs, change sets, exceptions, executors). */
export const PO_PIPELINE = 'po';
/** Cross-reference / outbox object of a Sage 300 PO created in Intacct. */
export const PO_OBJECT = 'PODOCUMENT';
/** Outbox object of a status write back to Sage 300. */
export const PO_STATUS_OBJECT = 'POSTATUS';

/** Everything the PO pipeline needs, injected by the composition root. */
export interface PoDeps extends EngineDeps {
  readonly source: PoSourcePort;
  readonly target: PoTargetPort;
  readonly engine: MappingEngine;
}

/** What to plan: one company. */
export interface PoPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly dryRun?: boolean;
  readonly expiresAt?: string;
}

/** What an approver reads before anything is written. */
export interface PoPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  /** Sage 300 purchase orders read. */
  readonly orders: number;
  /** Purchase orders to create in Intacct. */
  readonly toCreate: number;
  /** Status writes to Sage 300 (releases/holds, receipts, completions). */
  readonly statusWrites: number;
  /** Already in Intacct with nothing to change, or complete in Sage 300. */
  readonly skipped: number;
  /** Open orders with no cross-reference found already in Intacct by EXTERNALID (linked, not created again). */
  readonly foundInIntacct: number;
  readonly exceptions: number;
  /** Open commitment of the orders to create, per currency. */
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  /** Open commitment of the orders to create per Intacct vendor (with its Intacct name) and currency. */
  readonly totalsByVendor: readonly { vendor: string; name: string; currency: string; orders: number; total: string }[];
  readonly problems: readonly { sourceKey: string; class: string; message: string; fix?: string }[];
  /** One line per status write: PO number and what changes. */
  readonly statusLines: readonly string[];
}

/** The run summary (also stored on the run). */
export interface PoSyncSummary {
  readonly runId: number | null;
  readonly changeSetId: number | null;
  readonly status: 'completed' | 'partial' | 'dry_run' | 'awaiting_approval' | 'rejected' | 'nothing_to_do' | 'cancelled';
  readonly planned: number;
  readonly written: number;
  readonly exceptions: number;
}

/** Totals of one execution of a PO change set. */
export type PoExecution = ChangeSetExecution;
