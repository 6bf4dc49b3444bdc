import { executeChangeSet } from './execute-change-set.ts';
import { completeChangeSetRun, settleChangeSetRun } from './finish-run.ts';
import type { EngineDeps, PipelineDefinition, PlannedChangeSet, PlanRequestBase, RunRequest } from './pipeline-definition.ts';
import { planChangeSet } from './plan-tail.ts';

/**
 * Runs one sync of `def` in one call: plan, pass the approval step, then deliver exactly once and complete the run
 * (the CLI, the tests and the benches use it; the MCP tools go through the approval gate instead).
 */
export async function runChangeSet<D extends EngineDeps, R extends PlanRequestBase, P, S>(
  def: PipelineDefinition<D, R, P, S>,
  deps: D,
  request: R & RunRequest<P>,
): Promise<S> {
  const { store } = deps;
  store.outbox.recoverInFlight();
  // The plan's reads of the target (the natural-key lookups) are this run's requests too.
  const requestsBefore = def.requests(deps);
  const planned = await planChangeSet(def, deps, request);
  if (planned.kind === 'settled') return planned.summary;
  const cs = planned.changeSet;
  // An approved change set whose execution stopped is resumed under the approval it has; nothing new is approved.
  if (planned.resumed) return deliver(def, deps, request, planned, requestsBefore);
  const decision = await request.approve(planned.preview);
  if (decision.decision === 'pending') return settleChangeSetRun(def, deps, planned, 'awaiting_approval');
  if (decision.decision === 'rejected') {
    store.changeSets.reject(cs.id, { by: decision.by, reason: decision.reason });
    return settleChangeSetRun(def, deps, planned, 'rejected');
  }
  return deliver(def, deps, request, planned, requestsBefore, () => {
    const approved = store.changeSets.approve(cs.id, {
      by: decision.by,
      digest: cs.digest,
      selfConfirmed: decision.selfConfirmed,
      ...(decision.note ? { note: decision.note } : {}),
    });
    if (!approved.ok) throw new Error(`approval failed: ${approved.error.code}: ${approved.error.message}`);
  });
}

/** Executes the planned change set right after its approval step (recorded by `approve`, if any) and completes the run. */
async function deliver<D extends EngineDeps, R extends PlanRequestBase, P, S>(
  def: PipelineDefinition<D, R, P, S>,
  deps: D,
  request: R & RunRequest<P>,
  planned: PlannedChangeSet<P>,
  requestsBefore: number,
  approve?: () => void,
): Promise<S> {
  // The login round trip overlaps recording the approval and loading the items; it is one of this run's requests.
  void def.warmUp?.(deps);
  approve?.();
  const done = await executeChangeSet(def, deps, planned.changeSet.id, {
    principal: request.principal,
    runId: planned.runId,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return completeChangeSetRun(def, deps, planned, { ...done, apiRequests: def.requests(deps) - requestsBefore });
}
