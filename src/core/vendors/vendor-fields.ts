import type { VendorField, VendorRecord } from '../ports/vendor-ports.ts';
import { normaliseName, partyHash, type PartySpec } from '../parties/party-spec.ts';

/** Every canonical field, in a fixed order (hashes and payloads list them this way). */
const VENDOR_FIELDS: readonly VendorField[] = ['NAME', 'STATUS', 'TAXID', 'EMAIL', 'REMITTO'];

/**
 * Bank and remittance fields: never synced automatically. A change to one becomes its own change set that needs
 * two distinct approvers, neither the requester (payment fraud starts with a changed remit-to or bank account).
 */
const SENSITIVE_FIELDS: ReadonlySet<VendorField> = new Set<VendorField>(['REMITTO']);

/** Approvals a sensitive change set needs. */
const SENSITIVE_APPROVALS = 2;

/** Name + tax id, normalised, for the probable-duplicate check; undefined without a tax id (names alone collide). */
function duplicateKey(r: VendorRecord): string | undefined {
  const tax = r.fields.TAXID.replace(/[^0-9a-z]/gi, '').toUpperCase();
  if (tax === '') return undefined;
  return `${normaliseName(r.fields.NAME, true)}|${tax}`;
}

const VENDORS_PIPELINE = 'vendors';

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
  duplicateFix:
    'if they are the same vendor, add the row to mappings/vendors.csv; otherwise change the name or tax id so they can be told apart',
  functionLabel: { intacct: 'create/update VENDOR', sage300: 'AP/APVendors create/update' },
};

/** The digest of a vendor's canonical fields: equal digests mean nothing to sync. */
export const vendorHash = (fields: Readonly<Record<VendorField, string>>): string => partyHash(VENDOR_SPEC, fields);
