import type { JsonValue } from '../state/canonical-json.ts';
import type { ChangeSetExecution } from './open-for-execution.ts';
import type { EngineDeps, PipelineDefinition, PlannedChangeSet, PlanRequestBase } from './pipeline-definition.ts';

/** Closes the planning run of a change set that was not executed now (waiting for an approver, or rejected). */
export function settleChangeSetRun<D extends EngineDeps, R extends PlanRequestBase, P, S>(
  def: PipelineDefinition<D, R, P, S>,
  deps: D,
  planned: PlannedChangeSet<P>,
  status: 'awaiting_approval' | 'rejected',
): S {
  const summary = def.summarize({
    status,
    runId: planned.runId,
    changeSetId: planned.changeSet.id,
    preview: planned.preview,
    exceptions: planned.exceptions,
    execution: null,
    cursor: planned.draft.cursorBefore ?? null,
  });
  // A reused change set's run was closed when it was found.
  if (!planned.reused)
    deps.store.runs.finishRun(planned.runId, status === 'rejected' ? 'failed' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** After executing a change set right after planning it: moves the pipeline's cursor and closes the run with the outcome. */
export function completeChangeSetRun<D extends EngineDeps, R extends PlanRequestBase, P, S>(
  def: PipelineDefinition<D, R, P, S>,
  deps: D,
  planned: PlannedChangeSet<P>,
  done: ChangeSetExecution,
): S {
  const { store } = deps;
  const cursor = planned.draft.cursorAfter?.(done) ?? null;
  if (cursor) store.transaction(() => store.cursors.set(def.pipeline, planned.changeSet.company, cursor));
  const exceptions = planned.exceptions + done.failed;
  const open = exceptions + done.unknown + (def.outstanding?.(planned.preview) ?? 0);
  const status = done.notSent > 0 ? 'cancelled' : open === 0 ? 'completed' : 'partial';
  const summary = def.summarize({
    status,
    runId: planned.runId,
    changeSetId: planned.changeSet.id,
    preview: planned.preview,
    exceptions,
    execution: done,
    cursor,
  });
  store.runs.finishRun(planned.runId, status === 'completed' ? 'succeeded' : 'partial', summary as unknown as JsonValue);
  return summary;
}
