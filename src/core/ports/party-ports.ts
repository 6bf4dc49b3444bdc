import type { JsonValue } from '../state/canonical-json.ts';
import type { GlWriteOutcome } from './gl-ports.ts';

export type { JsonValue } from '../state/canonical-json.ts';

/** The systems a party sync (vendors, customers) keeps aligned. */
export type PartySystem = 'sage300' | 'intacct';

/** One party (vendor, customer) as one side holds it, in canonical form. STATUS is `active` or `inactive`. */
export interface PartyRecord<F extends string> {
  readonly id: string;
  readonly fields: Readonly<Record<F, string>>;
  /** Who last changed it (Sage 300 AUDTUSER, Intacct MODIFIEDBY), for echo suppression. */
  readonly modifiedBy: string;
  /** Sortable `YYYY-MM-DD HH:MM:SS` of the last change, for reports. */
  readonly modifiedAt: string;
}

/** Parties changed since a cursor, plus the cursor to store once they are all dealt with. */
export interface PartyChanges<F extends string> {
  readonly records: readonly PartyRecord<F>[];
  readonly cursor: JsonValue;
  readonly rowErrors: readonly { key: string; message: string }[];
}

/** One party write: create, update of some fields, or deactivation (never a delete). */
export interface PartyWrite<F extends string> {
  readonly idempotencyKey: string;
  readonly op: 'create' | 'update' | 'deactivate';
  readonly id: string;
  readonly fields: Partial<Record<F, string>>;
  /** The whole canonical record the write leaves on the target (adapters that must send grouped fields together use it). */
  readonly expected?: Partial<Record<F, string>>;
}

/** One side of a party sync (implemented by the Sage 300 and Intacct adapters). */
export interface PartySidePort<F extends string> {
  readonly system: PartySystem;
  /** The user our own writes are stamped with on this side: a change by it is our echo. */
  readonly integrationUser: string;
  readonly batchSize: number;
  readonly concurrency: number;
  /** Parties changed since `cursor` (null: every party). */
  changes(cursor: JsonValue | null): Promise<PartyChanges<F>>;
  /** Every party on this side (matching and duplicate detection). */
  all(): Promise<PartyRecord<F>[]>;
  /** Applies the writes, exactly once per key (a lost write is resolved by reading the record back). */
  write(writes: readonly PartyWrite<F>[]): Promise<GlWriteOutcome[]>;
  /** HTTP requests made so far. */
  requests(): number;
  /** The id the audit log records a write under. */
  controlIdFor(idempotencyKey: string): string;
}
