import type { GlSourceLine } from '../../domain/gl-source-line.ts';
import type { JsonValue } from '../../domain/json.ts';
import type { Selection } from '../../domain/selection.ts';
import type { WriteErrorCode, WriteOutcome } from '../../domain/write-outcome.ts';
import type { NaturalKeyReads } from '../../domain/natural-key-reads.ts';

// Declared in the domain so every port can use them while importing only the domain; re-exported here for importers.
export type { GlSourceLine } from '../../domain/gl-source-line.ts';

/** Which posted entries a run covers. */
export type GlSelection = Selection;

/** What the Sage 300 side gives the GL pipeline (implemented by the SQL reader adapter). */
export interface GlSourcePort {
  /** Posted lines of the selection (incremental: after `cursor`), plus rows that failed to normalise. */
  readLines(
    selection: GlSelection,
    cursor: JsonValue | null,
  ): Promise<{ lines: GlSourceLine[]; rowErrors: { key: string; message: string }[] }>;
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

/** Target error codes a write can fail with: the domain's WriteErrorCode, under the name the GL pipeline gave it first. */
export type GlWriteErrorCode = WriteErrorCode;

/** Outcome of one write: the domain's WriteOutcome, under the name the GL pipeline gave it first. */
export type GlWriteOutcome = WriteOutcome;

/** What the Intacct side gives the GL pipeline (implemented by the Intacct client adapter, entity-level). */
export interface GlTargetPort {
  /** Entries per request; the adapter packs them into one multi-function request. */
  readonly batchSize: number;
  /** Requests in flight at once (the company's limit). */
  readonly concurrency: number;
  /** Journal entries by REFERENCENO (the `S300:` reference our creates stamp). */
  readonly existing: NaturalKeyReads;
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
  exceptionRaised(alert: {
    id: number;
    pipeline: string;
    company: string;
    sourceKey: string;
    class: string;
    message: string;
    fix: string;
  }): Promise<void>;
}
