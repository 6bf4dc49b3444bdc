import { partyPreviewOf, type PartyPreview } from '../parties/party-preview.ts';
import type { ChangeSet } from '../state/index.ts';

export { countWrites, maskedSummary, type DirectionCounts } from '../parties/party-preview.ts';

/** What a person reads before approving a vendor sync. */
export type VendorPreview = PartyPreview;

/** The preview of a stored vendor change set, rebuilt from its summary. */
export const vendorPreviewOf = (cs: ChangeSet): VendorPreview => partyPreviewOf(cs);

