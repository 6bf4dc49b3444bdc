import type { JsonValue } from '../state/canonical-json.ts';

/** One posted Sage 300 GL line (GLPOST), normalised; amounts are signed decimal strings (debit positive). */
export interface GlSourceLine {
  readonly batch: string;
  readonly entry: string;
  readonly line: number;
  readonly postingSeq: number;
  /** Formatted account (GLAMF.ACCTFMTTD), the form the mapping rules use; null when GLAMF has no row. */
  readonly account: string | null;
  readonly accountId: string;
  /** ISO yyyy-mm-dd. */
  readonly date: string;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly amount: string;
  readonly currency: string;
  readonly description: string;
  readonly reference: string;
  readonly sourceLedger: string;
  readonly sourceType: string;
}

/** Which posted entries a run covers. */
export type GlSelection =
  | { readonly kind: 'period'; readonly year: number; readonly period: number }
  | { readonly kind: 'range'; readonly from: string; readonly to: string }
  | { readonly kind: 'incremental' };

/** What the Sage 300 side gives the GL pipeline (implemented by the SQL reader adapter). */
export interface GlSourcePort {
  /** Posted lines of the selection (incremental: after `cursor`), plus rows that failed to normalise. */
  readLines(selection: GlSelection, cursor: JsonValue | null): Promise<{ lines: GlSourceLine[]; rowErrors: { key: string; message: string }[] }>;
  /** Whether the Sage 300 fiscal year of this period exists and is open (not closed for year end). */
  fiscalPeriodOpen(year: string, period: string): Promise<boolean>;
}

/** An Intacct GLBATCH create, keyed for exactly-once delivery. */
export interface GlEntryWrite {
  readonly idempotencyKey: string;
  readonly payload: JsonValue;
  /** REFERENCENO of the entry, used to read it back after a replay or an unknown outcome. */
  readonly reference: string;
}

/** Target error codes the pipeline distinguishes (a subset of the Intacct client's closed set). */
export type GlWriteErrorCode = 'validation' | 'period_closed' | 'duplicate' | 'auth_failed' | 'session_expired' | 'rate_limited' | 'transport' | 'unknown_outcome' | 'transaction_aborted';

/** Outcome of one write; `definite` failures were certainly not applied, the rest may have been. */
export type GlWriteOutcome =
  | { readonly ok: true; readonly recordNo: string; readonly alreadyApplied: boolean }
  | { readonly ok: false; readonly code: GlWriteErrorCode; readonly message: string; readonly errorno?: string; readonly definite: boolean };

/** What the Intacct side gives the GL pipeline (implemented by the Intacct client adapter, entity-level). */
export interface GlTargetPort {
  /** Entries per request; the adapter packs them into one multi-function request. */
  readonly batchSize: number;
  /** Requests in flight at once (the company's limit). */
  readonly concurrency: number;
  /** Sends the writes in one request (uniqueid=true, control ids from the keys); one outcome per write, in order. */
  createEntries(writes: readonly GlEntryWrite[]): Promise<GlWriteOutcome[]>;
  /** HTTP requests made so far. */
  requests(): number;
  /** The function control id a write with this key is sent under (recorded in the audit log). */
  controlIdFor(idempotencyKey: string): string;
  /** Opens the connection (API session) ahead of the first write; never rejects: a failure is the first write's to report. */
  warmUp?(): Promise<void>;
}

/** Where new exceptions are announced (log and optional webhook). */
export interface AlertPort {
  exceptionRaised(alert: { id: number; pipeline: string; company: string; sourceKey: string; class: string; message: string; fix: string }): Promise<void>;
}
