import type { OutboxEntry } from '../state/index.ts';
import { executeOutbox, type OutboxSender } from './execute-outbox.ts';
import { openForExecution, type ChangeSetExecuteOptions, type ChangeSetExecution } from './open-for-execution.ts';
import type { EngineDeps, PipelineDefinition, PlanRequestBase, TargetPass } from './pipeline-definition.ts';
import { raiseException } from './raise-exception.ts';

/**
 * Delivers an approved change set of `def` exactly once (an approved one is what is left of an execution that
 * stopped, too): its passes in order, each chunked at its concurrency, every write confirmed by the target.
 * Writes whose outcome was lost get one same-key resend right away (the target's replay check makes it safe).
 * The change set is finished when nothing is left pending; otherwise (cancelled: `notSent`; outcomes still unknown;
 * an error) it goes back to approved with the rest, and the next plan of the same selection resumes it.
 */
export async function executeChangeSet<D extends EngineDeps, R extends PlanRequestBase, P, S>(
  def: PipelineDefinition<D, R, P, S>,
  deps: D,
  changeSetId: number,
  options: ChangeSetExecuteOptions,
): Promise<ChangeSetExecution> {
  const { store, log } = deps;
  // Starting an approved set checks its digest and hands over the pending items with the texts it checked.
  const { changeSet: cs, pending: started } = openForExecution(store, changeSetId, def.pipeline);
  const runId =
    options.runId ??
    store.runs.startRun({ pipeline: def.pipeline, company: cs.company, params: { changeSetId }, principal: options.principal });
  const requestsBefore = def.requests(deps);
  const contentHash = (e: OutboxEntry): string => def.contentHash?.(e) ?? e.payloadDigest;
  const ctx = { pipeline: def.pipeline, company: cs.company, runId, changeSetId, principal: options.principal, contentHash };
  const all = started ?? store.outbox.pendingFor(changeSetId);
  const totals: Totals = { written: 0, alreadyApplied: 0, failed: 0, held: 0 };
  try {
    await deliverPasses(def, deps, { ...ctx, all, totals, options });
  } catch (err) {
    // Nothing is in flight once a pass has thrown (every worker has settled, e.g. after the audit log refused a
    // row): the change set stops being executed, so a re-run resumes it, and the run records why it stopped.
    try {
      const left = stopExecuting(store, changeSetId);
      store.runs.finishRun(runId, 'failed', { changeSetId, status: 'failed', error: (err as Error).message, left, ...totals });
    } catch (cleanup) {
      log.error(
        { err: cleanup, changeSetId, runId },
        'could not close an execution that stopped with an error; recovery closes it at the next start',
      );
    }
    throw err;
  }
  const left = stopExecuting(store, changeSetId);
  const pending = store.outbox.pendingFor(changeSetId);
  const unknown = pending.filter((e) => e.state !== 'approved').length;
  const finished = left === 0;
  const result: ChangeSetExecution = {
    runId,
    ...totals,
    unknown,
    notSent: pending.length - unknown,
    apiRequests: def.requests(deps) - requestsBefore,
    finished,
    ...(totals.unreachable === undefined ? {} : { unreachable: totals.unreachable }),
  };
  log.info({ runId, changeSetId, written: result.written, unknown, notSent: result.notSent }, `${def.noun} change set executed`);
  if (options.runId === undefined)
    store.runs.finishRun(runId, finished && result.failed + result.held === 0 ? 'succeeded' : 'partial', { changeSetId, ...result });
  return result;
}

type Totals = { written: number; alreadyApplied: number; failed: number; held: number; unreachable?: string };
interface PassContext {
  readonly pipeline: string;
  readonly company: string;
  readonly runId: number;
  readonly changeSetId: number;
  readonly principal: string;
  readonly contentHash: (e: OutboxEntry) => string;
  /** Every item this execution handles, in plan order. */
  readonly all: readonly OutboxEntry[];
  /** Added to as the passes go. */
  readonly totals: Totals;
  readonly options: ChangeSetExecuteOptions;
}

/** Runs the passes of `def` in order over the items of the execution, each with one same-key resend of lost outcomes. */
async function deliverPasses<D extends EngineDeps, R extends PlanRequestBase, P, S>(
  def: PipelineDefinition<D, R, P, S>,
  deps: D,
  run: PassContext,
): Promise<void> {
  const { store } = deps;
  const { all, totals, options, changeSetId } = run;
  const exDeps = { store, alerts: deps.alerts, log: deps.log, audit: deps.audit };
  const ctx = {
    pipeline: run.pipeline,
    company: run.company,
    runId: run.runId,
    changeSetId,
    principal: run.principal,
    contentHash: run.contentHash,
  };
  let done = 0;
  for (const pass of def.passes(deps)) {
    // A later pass depends on an earlier one: once the target refused a connection, nothing more is tried.
    if (options.signal?.aborted || totals.unreachable !== undefined) break;
    let mine = all.filter((e) => pass.select(e));
    if (pass.hold) {
      const held = await holdBack(deps, ctx, mine, (e) => pass.hold?.(e) ?? null);
      totals.held += held.size;
      mine = mine.filter((e) => !held.has(e.idempotencyKey));
    }
    if (mine.length === 0) continue;
    const sender: OutboxSender = {
      batchSize: pass.batchSize,
      concurrency: pass.concurrency + (pass.clientLimited ? 1 : 0),
      send: (batch) => pass.send(batch),
      describe: pass.audit,
    };
    const base = done;
    const signal = options.signal ? { signal: options.signal } : {};
    const first = await executeOutbox(exDeps, ctx, mine, sender, {
      ...signal,
      onProgress: (d) => options.onProgress?.(base + d, all.length),
    });
    // Outcomes lost to timeouts or resets get one same-key resend now.
    if (first.unreachable !== undefined) totals.unreachable = first.unreachable;
    const again =
      first.unknown > 0 && !options.signal?.aborted && first.unreachable === undefined
        ? await executeOutbox(
            exDeps,
            ctx,
            store.outbox.pendingFor(changeSetId).filter((e) => e.state === 'unknown' && pass.select(e)),
            sender,
            signal,
          )
        : undefined;
    pass.afterPass?.([...first.confirmedKeys, ...(again?.confirmedKeys ?? [])]);
    totals.written += first.written + (again?.written ?? 0);
    totals.alreadyApplied += first.alreadyApplied + (again?.alreadyApplied ?? 0);
    totals.failed += first.failed + (again?.failed ?? 0);
    if (again?.unreachable !== undefined) totals.unreachable ??= again.unreachable;
    done += mine.length;
  }
}

/**
 * Ends this execution of a change set: executed when nothing is left pending; otherwise (cancelled, outcomes still
 * unknown, or stopped by an error) back to approved, so nobody counts as delivering it and the next plan of the
 * same selection resumes it (planChangeSet) instead of storing a copy of the plan. Returns the items left.
 */
function stopExecuting(store: EngineDeps['store'], changeSetId: number): number {
  const left = store.outbox.pendingFor(changeSetId).length;
  if (store.changeSets.get(changeSetId)?.status !== 'executing') return left;
  const moved = left === 0 ? store.changeSets.finishExecuting(changeSetId) : store.changeSets.pauseExecuting(changeSetId);
  if (!moved.ok) throw new Error(`change set ${changeSetId} could not leave executing: ${moved.error.code}: ${moved.error.message}`);
  return left;
}

/** Marks the approved entries `hold` refuses as failed (never sent) and raises their exceptions; returns their keys. */
async function holdBack(
  deps: EngineDeps,
  ctx: { pipeline: string; company: string },
  entries: readonly OutboxEntry[],
  hold: NonNullable<TargetPass['hold']>,
): Promise<Set<string>> {
  const { store } = deps;
  const keys = new Set<string>();
  for (const entry of entries) {
    if (entry.state !== 'approved') continue;
    const why = hold(entry);
    if (!why) continue;
    keys.add(entry.idempotencyKey);
    // Never sent: approved -> sending -> failed records that nothing left, and lets a later plan re-approve it.
    store.transaction(() => {
      store.outbox.markSending(entry.idempotencyKey);
      store.outbox.markFailed(entry.idempotencyKey, { code: why.code, message: why.message });
    });
    await raiseException(deps, {
      pipeline: ctx.pipeline,
      company: ctx.company,
      sourceKey: entry.sourceKey,
      ...why.exception,
      sourceRecord: entry.payload,
    });
  }
  return keys;
}
