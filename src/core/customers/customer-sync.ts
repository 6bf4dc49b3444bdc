import { executePartyChangeSet, type PartyExecuteOptions, type PartyExecution } from '../parties/party-execute.ts';
import { partyLinkOf } from '../parties/party-links.ts';
import { planPartySync, type PartyDeps, type PartyPlanned, type PartyPlanRequest } from '../parties/party-pipeline.ts';
import { partyPreviewOf, partyPreviewText, type PartyPreview } from '../parties/party-preview.ts';
import { completePartyRun, runPartySync, settlePartyRun, type PartyApprovalStep, type PartySyncSummary, type PlannedSet } from '../parties/party-run.ts';
import type { CustomerField } from '../ports/customer-ports.ts';
import type { PartySystem } from '../ports/party-ports.ts';
import type { ChangeSet, StateStore } from '../state/index.ts';
import { CUSTOMER_SPEC } from './customer-spec.ts';

/** Everything the customer pipeline needs, injected by the composition root. */
export type CustomerDeps = PartyDeps<CustomerField>;
export type CustomerPlanRequest = PartyPlanRequest;
export type CustomerPlanned = PartyPlanned;
export type CustomerPreview = PartyPreview;
export type CustomerExecution = PartyExecution;
export type CustomerSyncSummary = PartySyncSummary;

/**
 * The linked counterpart of a customer and the baseline hash. Cross-references are objectType 'CUSTOMER'; a pair the
 * sync linked or wrote Sage 300 → Intacct is stored sourceSystem 'sage300' (sourceKey IDCUST) → targetSystem
 * 'intacct' (targetKey CUSTOMERID); a customer created in Sage 300 from Intacct is stored the other way round. This
 * lookup honours both, so other pipelines (AR) should use it rather than reading the xref table in one direction.
 */
export const customerLinkOf = (store: StateStore, system: PartySystem, id: string) => partyLinkOf(store, CUSTOMER_SPEC.objectType, system, id);

export const planCustomerSync = (deps: CustomerDeps, request: CustomerPlanRequest): Promise<CustomerPlanned> => planPartySync(CUSTOMER_SPEC, deps, request);
export const executeCustomerChangeSet = (deps: CustomerDeps, changeSetId: number, options: PartyExecuteOptions): Promise<CustomerExecution> => executePartyChangeSet(CUSTOMER_SPEC, deps, changeSetId, options);
export const settleCustomerRun = (deps: CustomerDeps, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): CustomerSyncSummary => settlePartyRun(deps, planned, status);
export const completeCustomerRun = (deps: CustomerDeps, planned: PlannedSet, done: CustomerExecution): CustomerSyncSummary => completePartyRun(CUSTOMER_SPEC, deps, planned, done);
export const runCustomerSync = (deps: CustomerDeps, request: CustomerPlanRequest & { approve: PartyApprovalStep; signal?: AbortSignal }): Promise<CustomerSyncSummary> => runPartySync(CUSTOMER_SPEC, deps, request);
export const customerPreviewOf = (cs: ChangeSet): CustomerPreview => partyPreviewOf(cs);
export const customerPreviewText = (company: string, p: CustomerPreview): string => partyPreviewText(CUSTOMER_SPEC, company, p);
