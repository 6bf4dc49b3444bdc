import { partyLinkOf } from '../parties/party-links.ts';
import { type PartyDeps, type PartyDirection, type PartyPlanRequest } from '../parties/party-pipeline.ts';
import { partyPipeline, type PartySyncSummary } from '../parties/party-run.ts';
import type { PartyExecution } from '../parties/party-execute.ts';
import type { VendorField, VendorSystem } from '../ports/vendor-ports.ts';
import type { StateStore } from '../state/index.ts';
import { VENDOR_SPEC, VENDORS_PIPELINE } from './vendor-fields.ts';

export { VENDORS_PIPELINE };
/** Which way a vendor sync may write. */
export type VendorDirection = PartyDirection;
/** Everything the vendor pipeline needs, injected by the composition root. */
export type VendorDeps = PartyDeps<VendorField>;
/** One vendor sync request (see PartyPlanRequest). */
export type VendorPlanRequest = PartyPlanRequest;
/** Totals of one execution of a vendor change set. */
export type VendorExecution = PartyExecution;
/** The summary of one vendor sync run. */
export type VendorSyncSummary = PartySyncSummary;

/** The vendor sync as a pipeline declaration (see partyPipeline). */
export const vendorsPipeline = partyPipeline(VENDOR_SPEC);

/** The most recently written link of a vendor pair (either direction), with its baseline hash. */
export const linkOf = (store: StateStore, system: VendorSystem, id: string) => partyLinkOf(store, VENDOR_SPEC.objectType, system, id);

