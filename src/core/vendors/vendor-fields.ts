import type { VendorField, VendorRecord, VendorSystem } from '../ports/vendor-ports.ts';
import { digestOf } from '../state/canonical-json.ts';

/** Every canonical field, in a fixed order (hashes and payloads list them this way). */
export const VENDOR_FIELDS: readonly VendorField[] = ['NAME', 'STATUS', 'TAXID', 'EMAIL', 'REMITTO'];

/**
 * Bank and remittance fields: never synced automatically. A change to one becomes its own change set that needs
 * two distinct approvers, neither the requester (payment fraud starts with a changed remit-to or bank account).
 */
export const SENSITIVE_FIELDS: ReadonlySet<VendorField> = new Set<VendorField>(['REMITTO']);

/** Approvals a sensitive change set needs. */
export const SENSITIVE_APPROVALS = 2;

/** Field-level system of record (config `sync.vendors.systemOfRecord`). */
export interface SystemOfRecord {
  readonly default: VendorSystem;
  readonly fields: Partial<Record<VendorField, VendorSystem>>;
}

/** The system that owns a field. */
export const ownerOf = (sor: SystemOfRecord, field: VendorField): VendorSystem => sor.fields[field] ?? sor.default;

/** The digest of a vendor's canonical fields: equal digests mean nothing to sync. */
export function vendorHash(fields: Readonly<Record<VendorField, string>>): string {
  return digestOf(Object.fromEntries(VENDOR_FIELDS.map((f) => [f, fields[f]])));
}

/** Fields whose values differ between two records, in canonical order. */
export function differingFields(a: VendorRecord, b: VendorRecord): VendorField[] {
  return VENDOR_FIELDS.filter((f) => a.fields[f] !== b.fields[f]);
}

/** Name + tax id, normalised, for the probable-duplicate check; undefined without a tax id (names alone collide). */
export function duplicateKey(r: VendorRecord): string | undefined {
  const tax = r.fields.TAXID.replace(/[^0-9a-z]/gi, '').toUpperCase();
  if (tax === '') return undefined;
  const name = r.fields.NAME.toLowerCase()
    .replace(/[^a-z0-9 ]/g, ' ')
    .replace(/\b(inc|llc|ltd|co|corp|corporation|company|limited)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${name}|${tax}`;
}

/** A value shown in audit rows and previews of sensitive changes: only its last two characters. */
export function mask(value: string): string {
  if (value === '') return '(blank)';
  return `${'*'.repeat(Math.max(2, value.length - 2))}${value.slice(-2)}`;
}

/** The other system. */
export const otherSide = (s: VendorSystem): VendorSystem => (s === 'sage300' ? 'intacct' : 'sage300');
