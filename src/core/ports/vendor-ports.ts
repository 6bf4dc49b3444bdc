import type { PartyRecord, PartySystem, PartyWrite, VendorField } from '../../domain/party.ts';

// Ports import only the domain: VendorSidePort is declared beside its generic PartySidePort in party-ports.ts.
export type { VendorField } from '../../domain/party.ts';

/** The systems the vendor sync keeps aligned. */
export type VendorSystem = PartySystem;

/** One vendor as one side holds it, in canonical form. STATUS is `active` or `inactive`. */
export type VendorRecord = PartyRecord<VendorField>;

/** One vendor write: create, update of some fields, or deactivation (never a delete). */
export type VendorWrite = PartyWrite<VendorField>;
