import type { PartyExecution } from '../parties/party-execute.ts';
import { partyLinkOf } from '../parties/party-links.ts';
import type { PartyDeps, PartyPlanRequest } from '../parties/party-pipeline.ts';
import { partyPreviewOf, type PartyPreview } from '../parties/party-preview.ts';
import { partyPipeline, type PartySyncSummary } from '../parties/party-run.ts';
import type { CustomerField } from '../ports/customer-ports.ts';
import type { PartySystem } from '../ports/party-ports.ts';
import type { ChangeSet, StateStore } from '../state/index.ts';
import { CUSTOMER_SPEC } from './customer-spec.ts';

/** Everything the customer pipeline needs, injected by the composition root. */
export type CustomerDeps = PartyDeps<CustomerField>;
/** One customer sync request (see PartyPlanRequest). */
export type CustomerPlanRequest = PartyPlanRequest;
/** What a person reads before approving a customer sync. */
export type CustomerPreview = PartyPreview;
/** Totals of one execution of a customer change set. */
export type CustomerExecution = PartyExecution;
/** The summary of one customer sync run. */
export type CustomerSyncSummary = PartySyncSummary;

/** The customer sync as a pipeline declaration (see partyPipeline). */
export const customersPipeline = partyPipeline(CUSTOMER_SPEC);

/**
 * The linked counterpart of a customer and the baseline hash. Cross-references are objectType 'CUSTOMER'; a pair the
 * sync linked or wrote Sage 300 → Intacct is stored sourceSystem 'sage300' (sourceKey IDCUST) → targetSystem
 * 'intacct' (targetKey CUSTOMERID); a customer created in Sage 300 from Intacct is stored the other way round. This
 * lookup honours both, so other pipelines (AR) should use it rather than reading the xref table in one direction.
 */
export const customerLinkOf = (store: StateStore, system: PartySystem, id: string) => partyLinkOf(store, CUSTOMER_SPEC.objectType, system, id);

/** The preview of a stored customer change set, rebuilt from its summary. */
export const customerPreviewOf = (cs: ChangeSet): CustomerPreview => partyPreviewOf(cs);
