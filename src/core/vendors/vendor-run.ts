import { completePartyRun, partyExecutionStatus, runPartySync, settlePartyRun, type PartyApprovalStep, type PartyRunStatus, type PartySyncSummary, type PlannedSet } from '../parties/party-run.ts';
import type { VendorExecution } from './vendor-execute.ts';
import { VENDOR_SPEC } from './vendor-fields.ts';
import type { VendorDeps, VendorPlanRequest } from './vendor-pipeline.ts';
import type { VendorPreview } from './vendor-preview.ts';

export type VendorRunStatus = PartyRunStatus;
export type VendorSyncSummary = PartySyncSummary;
export type VendorApprovalStep = PartyApprovalStep;

export const settleVendorRun = (deps: VendorDeps, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): VendorSyncSummary => settlePartyRun(deps, planned, status);
export const vendorExecutionStatus = (preview: VendorPreview, done: VendorExecution) => partyExecutionStatus(preview, done);
export const completeVendorRun = (deps: VendorDeps, planned: PlannedSet, done: VendorExecution): VendorSyncSummary => completePartyRun(VENDOR_SPEC, deps, planned, done);
/** Plans, passes the approval step, executes and completes one vendor sync. */
export const runVendorSync = (deps: VendorDeps, request: VendorPlanRequest & { approve: VendorApprovalStep; signal?: AbortSignal }): Promise<VendorSyncSummary> => runPartySync(VENDOR_SPEC, deps, request);
