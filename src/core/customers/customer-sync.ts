import type { PartyDeps } from '../parties/party-pipeline.ts';
import { partyPipeline, type PartySyncSummary } from '../parties/party-run.ts';
import type { CustomerField } from '../ports/customer-ports.ts';
import { CUSTOMER_SPEC } from './customer-spec.ts';

/** Everything the customer pipeline needs, injected by the composition root. */
export type CustomerDeps = PartyDeps<CustomerField>;
/** The summary of one customer sync run. */
export type CustomerSyncSummary = PartySyncSummary;

/** The customer sync as a pipeline declaration (see partyPipeline). */
export const customersPipeline = partyPipeline(CUSTOMER_SPEC);
