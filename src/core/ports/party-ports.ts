import type { JsonValue } from '../../domain/json.ts';
import type { CustomerField, PartyChanges, PartyRecord, PartySystem, PartyWrite, VendorField } from '../../domain/party.ts';
import type { WriteOutcome } from '../../domain/write-outcome.ts';

// The party vocabulary lives in the domain (ports import nothing else); re-exported where it was first declared.
export type { JsonValue } from '../../domain/json.ts';
export type { PartyChanges, PartyRecord, PartySystem, PartyWrite } from '../../domain/party.ts';

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
  write(writes: readonly PartyWrite<F>[]): Promise<WriteOutcome[]>;
  /** HTTP requests made so far. */
  requests(): number;
  /** The id the audit log records a write under. */
  controlIdFor(idempotencyKey: string): string;
}

/** One side of the vendor sync (implemented by the Sage 300 and Intacct adapters). */
export type VendorSidePort = PartySidePort<VendorField>;

/** One side of the customer sync (implemented by the Sage 300 and Intacct adapters). */
export type CustomerSidePort = PartySidePort<CustomerField>;
