import type { JsonValue } from './json.ts';

/** The systems a party sync (vendors, customers) keeps aligned. */
export type PartySystem = 'sage300' | 'intacct';

/** Canonical vendor fields, named the same on both sides (each adapter maps them to its own columns). */
export type VendorField = 'NAME' | 'STATUS' | 'TAXID' | 'EMAIL' | 'REMITTO';

/**
 * Canonical customer fields, named the same on both sides. TERMS holds the Intacct TERMNAME (Sage 300 CODETERM is
 * translated through payment-terms.csv); CREDITLIMIT is a decimal with two places ('' when not set).
 */
export type CustomerField =
  'NAME' | 'STATUS' | 'EMAIL' | 'PHONE' | 'ADDRESS1' | 'ADDRESS2' | 'CITY' | 'STATE' | 'ZIP' | 'CURRENCY' | 'TERMS' | 'CREDITLIMIT';

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
