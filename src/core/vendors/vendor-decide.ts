import { decideParties, type DecideInput as PartyDecideInput, type Decisions as PartyDecisions } from '../parties/party-decide.ts';
import type { VendorField } from '../ports/vendor-ports.ts';
import { VENDOR_SPEC } from './vendor-fields.ts';

export type Decisions = PartyDecisions<VendorField>;
export type DecideInput = PartyDecideInput<VendorField>;

/** The party decision rules applied to vendors (see decideParties). */
export const decideVendors = (input: DecideInput): Decisions => decideParties(VENDOR_SPEC, input);
