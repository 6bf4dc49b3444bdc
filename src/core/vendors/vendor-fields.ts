import type { VendorField, VendorRecord } from '../ports/vendor-ports.ts';
import { differingFieldsOf, mask, normaliseName, partyHash, type PartySpec, type SystemOfRecord as PartySystemOfRecord } from '../parties/party-spec.ts';

export { mask };

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
export type SystemOfRecord = PartySystemOfRecord<VendorField>;

/** Name + tax id, normalised, for the probable-duplicate check; undefined without a tax id (names alone collide). */
export function duplicateKey(r: VendorRecord): string | undefined {
  const tax = r.fields.TAXID.replace(/[^0-9a-z]/gi, '').toUpperCase();
  if (tax === '') return undefined;
  return `${normaliseName(r.fields.NAME, true)}|${tax}`;
}

export const VENDORS_PIPELINE = 'vendors';

/** The vendor sync as a party sync: APVEN ↔ VENDOR, remit-to behind two approvers. */
export const VENDOR_SPEC: PartySpec<VendorField> = {
  pipeline: VENDORS_PIPELINE,
  objectType: 'VENDOR',
  noun: 'vendor',
  mappingFile: 'vendors.csv',
  sorSetting: 'sync.vendors.systemOfRecord',
  fields: VENDOR_FIELDS,
  statusField: 'STATUS',
  nameField: 'NAME',
  sensitive: SENSITIVE_FIELDS,
  sensitiveApprovals: SENSITIVE_APPROVALS,
  sensitiveLabel: 'bank/remittance',
  highlighted: new Set(),
  duplicateKey,
  duplicateBasis: 'same name and tax id',
  duplicateFix: 'if they are the same vendor, add the row to mappings/vendors.csv; otherwise change the name or tax id so they can be told apart',
  functionLabel: { intacct: 'create/update VENDOR', sage300: 'AP/APVendors create/update' },
};

/** The digest of a vendor's canonical fields: equal digests mean nothing to sync. */
export const vendorHash = (fields: Readonly<Record<VendorField, string>>): string => partyHash(VENDOR_SPEC, fields);

/** Fields whose values differ between two records, in canonical order. */
export const differingFields = (a: VendorRecord, b: VendorRecord): VendorField[] => differingFieldsOf(VENDOR_SPEC, a, b);
