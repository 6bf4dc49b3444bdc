import type { JsonValue } from '../state/canonical-json.ts';
import type { GlWriteOutcome } from './gl-ports.ts';

export type { JsonValue } from '../state/canonical-json.ts';

/** The systems the vendor sync keeps aligned. */
export type VendorSystem = 'sage300' | 'intacct';

/** Canonical vendor fields, named the same on both sides (each adapter maps them to its own columns). */
export type VendorField = 'NAME' | 'STATUS' | 'TAXID' | 'EMAIL' | 'REMITTO';

/** One vendor as one side holds it, in canonical form. STATUS is `active` or `inactive`. */
export interface VendorRecord {
  readonly id: string;
  readonly fields: Readonly<Record<VendorField, string>>;
  /** Who last changed it (Sage 300 AUDTUSER, Intacct MODIFIEDBY), for echo suppression. */
  readonly modifiedBy: string;
  /** Sortable `YYYY-MM-DD HH:MM:SS` of the last change, for reports. */
  readonly modifiedAt: string;
}

/** Vendors changed since a cursor, plus the cursor to store once they are all dealt with. */
export interface VendorChanges {
  readonly records: readonly VendorRecord[];
  readonly cursor: JsonValue;
  readonly rowErrors: readonly { key: string; message: string }[];
}

/** One vendor write: create, update of some fields, or deactivation (never a delete). */
export interface VendorWrite {
  readonly idempotencyKey: string;
  readonly op: 'create' | 'update' | 'deactivate';
  readonly id: string;
  readonly fields: Partial<Record<VendorField, string>>;
}

/** One side of the vendor sync (implemented by the Sage 300 and Intacct adapters). */
export interface VendorSidePort {
  readonly system: VendorSystem;
  /** The user our own writes are stamped with on this side: a change by it is our echo. */
  readonly integrationUser: string;
  readonly batchSize: number;
  readonly concurrency: number;
  /** Vendors changed since `cursor` (null: every vendor). */
  changes(cursor: JsonValue | null): Promise<VendorChanges>;
  /** Every vendor on this side (matching and duplicate detection). */
  all(): Promise<VendorRecord[]>;
  /** Applies the writes, exactly once per key (a lost write is resolved by reading the vendor back). */
  write(writes: readonly VendorWrite[]): Promise<GlWriteOutcome[]>;
  /** HTTP requests made so far. */
  requests(): number;
  /** The id the audit log records a write under. */
  controlIdFor(idempotencyKey: string): string;
}
