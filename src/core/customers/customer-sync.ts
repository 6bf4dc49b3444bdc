import type { PartyExecution } from '../parties/party-execute.ts';
import { partyLinkOf } from '../parties/party-links.ts';
import type { PartyDeps, PartyPlanRequest } from '../parties/party-pipeline.ts';
import { partyPreviewOf, partyPreviewText, type PartyPreview } from '../parties/party-preview.ts';
import { partyPipeline, type PartySyncSummary } from '../parties/party-run.ts';
import type { CustomerField } from '../ports/customer-ports.ts';
import type { PartySystem } from '../ports/party-ports.ts';
import type { ChangeSet, StateStore } from '../state/index.ts';
import { CUSTOMER_SPEC } from './customer-spec.ts';

/** Everything the customer pipeline needs, injected by the composition root. */
export type CustomerDeps = PartyDeps<CustomerField>;
export type CustomerPlanRequest = PartyPlanRequest;
export type CustomerPreview = PartyPreview;
export type CustomerExecution = PartyExecution;
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

export const customerPreviewOf = (cs: ChangeSet): CustomerPreview => partyPreviewOf(cs);
export const customerPreviewText = (company: string, p: CustomerPreview): string => partyPreviewText(CUSTOMER_SPEC, company, p);
