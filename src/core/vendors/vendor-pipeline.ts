import { partyLinkOf } from '../parties/party-links.ts';
import { planPartySync, sideOf, type PartyDeps, type PartyDirection, type PartyPlanned, type PartyPlanRequest } from '../parties/party-pipeline.ts';
import type { VendorSidePort } from '../ports/party-ports.ts';
import type { VendorField, VendorSystem } from '../ports/vendor-ports.ts';
import type { StateStore } from '../state/index.ts';
import { VENDOR_SPEC, VENDORS_PIPELINE } from './vendor-fields.ts';

export { VENDORS_PIPELINE };

export type VendorDirection = PartyDirection;
/** Everything the vendor pipeline needs, injected by the composition root. */
export type VendorDeps = PartyDeps<VendorField>;
export type VendorPlanRequest = PartyPlanRequest;
export type VendorPlanned = PartyPlanned;

/** The most recently written link of a vendor pair (either direction), with its baseline hash. */
export const linkOf = (store: StateStore, system: VendorSystem, id: string) => partyLinkOf(store, VENDOR_SPEC.objectType, system, id);

/** Plans one vendor sync (see planPartySync): nothing is written to either system here. */
export const planVendorSync = (deps: VendorDeps, request: VendorPlanRequest): Promise<VendorPlanned> => planPartySync(VENDOR_SPEC, deps, request);

export const vendorSide = (deps: VendorDeps, s: VendorSystem): VendorSidePort => sideOf(deps, s);
