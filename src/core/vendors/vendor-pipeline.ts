import { type PartyDeps } from '../parties/party-pipeline.ts';
import { partyPipeline, type PartySyncSummary } from '../parties/party-run.ts';
import type { VendorField } from '../ports/vendor-ports.ts';
import { VENDOR_SPEC } from './vendor-fields.ts';

/** Everything the vendor pipeline needs, injected by the composition root. */
export type VendorDeps = PartyDeps<VendorField>;
/** The summary of one vendor sync run. */
export type VendorSyncSummary = PartySyncSummary;

/** The vendor sync as a pipeline declaration (see partyPipeline). */
export const vendorsPipeline = partyPipeline(VENDOR_SPEC);
