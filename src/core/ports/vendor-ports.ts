import type { PartyChanges, PartyRecord, PartySidePort, PartySystem, PartyWrite } from './party-ports.ts';

export type { JsonValue } from '../state/canonical-json.ts';

/** The systems the vendor sync keeps aligned. */
export type VendorSystem = PartySystem;

/** Canonical vendor fields, named the same on both sides (each adapter maps them to its own columns). */
export type VendorField = 'NAME' | 'STATUS' | 'TAXID' | 'EMAIL' | 'REMITTO';

/** One vendor as one side holds it, in canonical form. STATUS is `active` or `inactive`. */
export type VendorRecord = PartyRecord<VendorField>;

/** Vendors changed since a cursor, plus the cursor to store once they are all dealt with. */
export type VendorChanges = PartyChanges<VendorField>;

/** One vendor write: create, update of some fields, or deactivation (never a delete). */
export type VendorWrite = PartyWrite<VendorField>;

/** One side of the vendor sync (implemented by the Sage 300 and Intacct adapters). */
export type VendorSidePort = PartySidePort<VendorField>;
