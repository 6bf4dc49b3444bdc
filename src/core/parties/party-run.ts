import type { JsonValue } from '../state/canonical-json.ts';
import { executePartyChangeSet, type PartyExecution } from './party-execute.ts';
import { planPartySync, type PartyDeps, type PartyPlanned, type PartyPlanRequest } from './party-pipeline.ts';
import type { PartyPreview } from './party-preview.ts';
import type { PartySpec } from './party-spec.ts';

export type PlannedSet = Extract<PartyPlanned, { kind: 'planned' }>;

/** How one party sync ended. */
export type PartyRunStatus = 'completed' | 'partial' | 'dry_run' | 'nothing_to_do' | 'awaiting_approval' | 'rejected' | 'cancelled';

/** The summary of one party sync run. */
export interface PartySyncSummary {
  readonly status: PartyRunStatus;
  readonly runId: number | null;
  readonly preview: PartyPreview;
  readonly execution: PartyExecution | null;
}

/** Closes the planning run of a change set left for an approver, or rejected. */
export function settlePartyRun<F extends string>(deps: PartyDeps<F>, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): PartySyncSummary {
  const summary: PartySyncSummary = { status, runId: planned.runId, preview: planned.preview, execution: null };
  deps.store.runs.finishRun(planned.runId, status === 'rejected' ? 'failed' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** The status an execution reports. */
export function partyExecutionStatus(preview: PartyPreview, done: PartyExecution): 'cancelled' | 'completed' | 'partial' {
  if (done.notSent > 0) return 'cancelled';
  return preview.exceptions + done.failed + done.unknown + preview.sensitive === 0 ? 'completed' : 'partial';
}

/** After executing right after planning: moves the cursor (only when every change of the run is confirmed) and closes the run. */
export function completePartyRun<F extends string>(spec: PartySpec<F>, deps: PartyDeps<F>, planned: PlannedSet, done: PartyExecution): PartySyncSummary {
  const { store } = deps;
  const cursor = planned.cursorAfter;
  if (cursor !== null && done.finished && done.failed === 0) store.transaction(() => store.cursors.set(spec.pipeline, planned.changeSet.company, cursor));
  const status = partyExecutionStatus(planned.preview, done);
  const summary: PartySyncSummary = { status, runId: planned.runId, preview: planned.preview, execution: done };
  store.runs.finishRun(planned.runId, status === 'completed' ? 'succeeded' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** The approval step of a one-call sync (the CLI prompt or --yes). */
export type PartyApprovalStep = (preview: PartyPreview) => Promise<{ decision: 'approved'; by: string; selfConfirmed: boolean; note?: string } | { decision: 'rejected'; by: string; reason: string } | { decision: 'pending' }>;

/** Plans, passes the approval step, executes and completes one party sync. */
export async function runPartySync<F extends string>(spec: PartySpec<F>, deps: PartyDeps<F>, request: PartyPlanRequest & { approve: PartyApprovalStep; signal?: AbortSignal }): Promise<PartySyncSummary> {
  deps.store.outbox.recoverInFlight();
  const planned = await planPartySync(spec, deps, request);
  if (planned.kind === 'settled') return { status: planned.status, runId: planned.runId, preview: planned.preview, execution: null };
  const cs = planned.changeSet;
  const decision = await request.approve(planned.preview);
  if (decision.decision === 'pending') return settlePartyRun(deps, planned, 'awaiting_approval');
  if (decision.decision === 'rejected') {
    deps.store.changeSets.reject(cs.id, { by: decision.by, reason: decision.reason });
    return settlePartyRun(deps, planned, 'rejected');
  }
  const approved = deps.store.changeSets.approve(cs.id, { by: decision.by, digest: cs.digest, selfConfirmed: decision.selfConfirmed, ...(decision.note ? { note: decision.note } : {}) });
  if (!approved.ok) throw new Error(`approval failed: ${approved.code}: ${approved.message}`);
  const done = await executePartyChangeSet(spec, deps, cs.id, { principal: request.principal, runId: planned.runId, ...(request.signal ? { signal: request.signal } : {}) });
  return completePartyRun(spec, deps, planned, done);
}
