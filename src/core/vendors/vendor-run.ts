import type { JsonValue } from '../state/canonical-json.ts';
import { executeVendorChangeSet, type VendorExecution } from './vendor-execute.ts';
import { planVendorSync, VENDORS_PIPELINE, type VendorDeps, type VendorPlanned, type VendorPlanRequest } from './vendor-pipeline.ts';
import type { VendorPreview } from './vendor-preview.ts';

type PlannedSet = Extract<VendorPlanned, { kind: 'planned' }>;

/** How one vendor sync ended. */
export type VendorRunStatus = 'completed' | 'partial' | 'dry_run' | 'nothing_to_do' | 'awaiting_approval' | 'rejected' | 'cancelled';

/** The summary of one vendor sync run. */
export interface VendorSyncSummary {
  readonly status: VendorRunStatus;
  readonly runId: number | null;
  readonly preview: VendorPreview;
  readonly execution: VendorExecution | null;
}

/** Closes the planning run of a change set left for an approver, or rejected. */
export function settleVendorRun(deps: VendorDeps, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): VendorSyncSummary {
  const summary: VendorSyncSummary = { status, runId: planned.runId, preview: planned.preview, execution: null };
  deps.store.runs.finishRun(planned.runId, status === 'rejected' ? 'failed' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** The status an execution reports. */
export function vendorExecutionStatus(preview: VendorPreview, done: VendorExecution): 'cancelled' | 'completed' | 'partial' {
  if (done.notSent > 0) return 'cancelled';
  return preview.exceptions + done.failed + done.unknown + preview.sensitive === 0 ? 'completed' : 'partial';
}

/** After executing right after planning: moves the cursor (only when every change of the run is confirmed) and closes the run. */
export function completeVendorRun(deps: VendorDeps, planned: PlannedSet, done: VendorExecution): VendorSyncSummary {
  const { store } = deps;
  const cursor = planned.cursorAfter;
  if (cursor !== null && done.finished && done.failed === 0) store.transaction(() => store.cursors.set(VENDORS_PIPELINE, planned.changeSet.company, cursor));
  const status = vendorExecutionStatus(planned.preview, done);
  const summary: VendorSyncSummary = { status, runId: planned.runId, preview: planned.preview, execution: done };
  store.runs.finishRun(planned.runId, status === 'completed' ? 'succeeded' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** The approval step of a one-call sync (the CLI prompt or --yes). */
export type VendorApprovalStep = (preview: VendorPreview) => Promise<{ decision: 'approved'; by: string; selfConfirmed: boolean; note?: string } | { decision: 'rejected'; by: string; reason: string } | { decision: 'pending' }>;

/** Plans, passes the approval step, executes and completes one vendor sync. */
export async function runVendorSync(deps: VendorDeps, request: VendorPlanRequest & { approve: VendorApprovalStep; signal?: AbortSignal }): Promise<VendorSyncSummary> {
  deps.store.outbox.recoverInFlight();
  const planned = await planVendorSync(deps, request);
  if (planned.kind === 'settled') return { status: planned.status, runId: planned.runId, preview: planned.preview, execution: null };
  const cs = planned.changeSet;
  const decision = await request.approve(planned.preview);
  if (decision.decision === 'pending') return settleVendorRun(deps, planned, 'awaiting_approval');
  if (decision.decision === 'rejected') {
    deps.store.changeSets.reject(cs.id, { by: decision.by, reason: decision.reason });
    return settleVendorRun(deps, planned, 'rejected');
  }
  const approved = deps.store.changeSets.approve(cs.id, { by: decision.by, digest: cs.digest, selfConfirmed: decision.selfConfirmed, ...(decision.note ? { note: decision.note } : {}) });
  if (!approved.ok) throw new Error(`approval failed: ${approved.code}: ${approved.message}`);
  const done = await executeVendorChangeSet(deps, cs.id, { principal: request.principal, runId: planned.runId, ...(request.signal ? { signal: request.signal } : {}) });
  return completeVendorRun(deps, planned, done);
}
