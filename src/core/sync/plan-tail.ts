import type { JsonValue } from '../state/canonical-json.ts';
import { checkClosedPeriods, periodCheckJson } from './closed-periods.ts';
import { findResumableChangeSet, findReusableChangeSet, supersedeOverlapping } from './pending-change-sets.ts';
import type { EngineDeps, PipelineDefinition, PlanRequestBase, Planned } from './pipeline-definition.ts';
import { raiseException } from './raise-exception.ts';
import { raisePlanProblems } from './raise-problems.ts';
import { recordFound } from './target-lookup.ts';

/**
 * Plans one sync of `def`: the pipeline reads and transforms (its `draft`); the engine then settles a dry run, starts
 * the run, raises the problems (a dismissed one is not raised again), settles a run with nothing to send (moving its
 * cursor), resumes an approved change set whose execution stopped with exactly these items left, returns an identical
 * pending change set to an agent that retried, or stores a new change set bound to a digest and supersedes older
 * pending ones covering the same records. Nothing is written to a target here.
 */
export async function planChangeSet<D extends EngineDeps, R extends PlanRequestBase, P, S>(
  def: PipelineDefinition<D, R, P, S>,
  deps: D,
  request: R,
): Promise<Planned<P, S>> {
  const { store } = deps;
  const { company } = request;
  const { pipeline } = def;
  const draft = await def.draft(deps, request);
  const raiseAlways = draft.raiseAlways ?? [];
  const exceptions = raiseAlways.length + draft.problems.length;
  const cursorBefore = draft.cursorBefore ?? null;
  // Before anything is stored or approved: the journal entries Intacct will refuse because their period is closed.
  const periods = await checkClosedPeriods(deps.periods, draft.items);
  if (request.dryRun) {
    const preview = draft.preview(null);
    const summary = def.summarize({
      status: 'dry_run',
      runId: null,
      changeSetId: null,
      preview,
      exceptions,
      execution: null,
      cursor: cursorBefore,
    });
    return { kind: 'settled', status: 'dry_run', runId: null, preview, summary, periods, items: draft.items };
  }

  if (draft.nothingRead && draft.items.length === 0) {
    const cursor = draft.cursorAfter?.(null) ?? null;
    if (cursor) store.transaction(() => store.cursors.set(pipeline, company, cursor));
    const preview = draft.preview(null);
    const summary = def.summarize({
      status: 'nothing_to_do',
      runId: null,
      changeSetId: null,
      preview,
      exceptions,
      execution: null,
      cursor,
    });
    return { kind: 'settled', status: 'nothing_to_do', runId: null, preview, summary, periods, items: draft.items };
  }

  const runId = store.runs.startRun({ pipeline, company, params: def.runParams(request), principal: request.principal });
  const exDeps = { store, alerts: deps.alerts, log: deps.log };
  if (draft.found && draft.found.length > 0) {
    // What the target already holds becomes a cross-reference now, so the next plan (and the cursor) sees it linked.
    const { linked, conflicts } = recordFound(store, draft.found, `lookup:run:${runId}`, (key) =>
      store.exceptions.autoResolve(pipeline, company, key, runId),
    );
    deps.log.info({ pipeline, company, linked, conflicts: conflicts.length }, 'records found in the target linked');
    for (const c of conflicts) deps.log.warn({ pipeline, company }, `found in the target but not linked: ${c}`);
  }
  await draft.onRun?.(runId);
  for (const { key, record, problem } of raiseAlways) {
    await raiseException(exDeps, {
      pipeline,
      company,
      sourceKey: key,
      class: problem.class,
      message: problem.message,
      fix: problem.fix,
      sourceRecord: record,
    });
  }
  await raisePlanProblems(exDeps, pipeline, company, draft.problems);
  if (draft.items.length === 0) {
    const cursor = draft.cursorAfter?.(null) ?? null;
    if (cursor) store.transaction(() => store.cursors.set(pipeline, company, cursor));
    const preview = draft.preview(null);
    const status = exceptions + (def.outstanding?.(preview) ?? 0) > 0 ? 'partial' : 'nothing_to_do';
    const summary = def.summarize({ status, runId, changeSetId: null, preview, exceptions, execution: null, cursor });
    store.runs.finishRun(runId, status === 'partial' ? 'partial' : 'succeeded', summary as unknown as JsonValue);
    return { kind: 'settled', status, runId, preview, summary, periods, items: draft.items };
  }

  // What is left of an approved change set whose execution stopped (a cancel, a crash that recovery returned to
  // approved) is resumed under the approval it has, not planned again: no copy of the plan is stored, and this run
  // stays open for the execution that follows. Re-planning yields exactly those items because a planner resends
  // in-flight writes with their own key and payload (resendOf) and skips the confirmed ones.
  const resumable = findResumableChangeSet(store, pipeline, company, draft.items);
  if (resumable)
    return {
      kind: 'planned',
      runId,
      changeSet: resumable,
      preview: draft.preview(resumable),
      reused: false,
      resumed: true,
      exceptions,
      draft,
      periods,
    };
  // An agent that retries the same call gets the same pending change set back, not a second one to approve.
  const reusable = findReusableChangeSet(store, pipeline, company, draft.items);
  if (reusable) {
    store.runs.finishRun(runId, 'partial', { status: 'awaiting_approval', changeSetId: reusable.id, reused: true });
    return {
      kind: 'planned',
      runId,
      changeSet: reusable,
      preview: draft.preview(reusable),
      reused: true,
      resumed: false,
      exceptions,
      draft,
      periods,
    };
  }
  const planSummary = draft.summary();
  const created = store.changeSets.create({
    runId,
    pipeline,
    company,
    createdBy: request.principal,
    summary:
      planSummary !== null && typeof planSummary === 'object' && !Array.isArray(planSummary)
        ? { ...planSummary, periodCheck: periodCheckJson(periods) }
        : planSummary,
    items: draft.items,
    ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
  });
  if (!created.ok) throw new Error(`planning failed: ${created.error.code}: ${created.error.message}`);
  const { changeSet } = created.value;
  if (def.supersede) def.supersede(store, company, changeSet);
  else supersedeOverlapping(store, pipeline, company, changeSet, draft.items);
  return {
    kind: 'planned',
    runId,
    changeSet,
    preview: draft.preview(changeSet),
    reused: false,
    resumed: false,
    exceptions,
    draft,
    periods,
  };
}
