import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import { executeOutbox, type OutboxSender } from '../sync/execute-outbox.ts';
import { AP_OBJECT, planApSync } from './ap-plan.ts';
import { docNumberOf } from './ap-summary.ts';
import { AP_PIPELINE, type ApDeps, type ApExecuteOptions, type ApExecution, type ApPlanned, type ApSyncRequest, type ApSyncSummary } from './ap-types.ts';
import { openForExecution } from '../sync/open-for-execution.ts';

export { AP_OBJECT, planApSync } from './ap-plan.ts';
export { apPreviewOf, type ApPreview, type VendorTotal } from './ap-summary.ts';
export * from './ap-types.ts';

/**
 * Delivers an approved AP change set exactly once (or resumes one left executing by a crash or a cancellation):
 * bills packed into multi-function requests at the company's concurrency, each confirmed with its Intacct RECORDNO.
 */
export async function executeApChangeSet(deps: ApDeps, changeSetId: number, options: ApExecuteOptions): Promise<ApExecution> {
  const { store, log } = deps;
  const { changeSet: cs } = openForExecution(store, changeSetId, AP_PIPELINE);
  const runId = options.runId ?? store.runs.startRun({ pipeline: AP_PIPELINE, company: cs.company, params: { changeSetId }, principal: options.principal });
  const exDeps = { store, alerts: deps.alerts, log, audit: deps.audit };
  const requestsBefore = deps.target.requests();
  const sender: OutboxSender = {
    batchSize: deps.target.batchSize,
    concurrency: deps.target.concurrency,
    send: (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> =>
      deps.target.createBills(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload, reference: docNumberOf(e.payload) }))),
    describe: { system: 'intacct', function: `create ${AP_OBJECT}`, controlIdFor: (key) => deps.target.controlIdFor(key) },
  };
  const ctx = { pipeline: AP_PIPELINE, company: cs.company, runId, changeSetId, principal: options.principal, contentHash: (e: OutboxEntry) => e.payloadDigest };
  const run = { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const first = await executeOutbox(exDeps, ctx, store.outbox.pendingFor(changeSetId), sender, run);
  // Outcomes lost to timeouts or resets get one same-key resend now: Intacct's uniqueid check makes it safe.
  const retry = first.unknown > 0 && !options.signal?.aborted ? await executeOutbox(exDeps, ctx, store.outbox.pendingFor(changeSetId).filter((e) => e.state === 'unknown'), sender, run) : undefined;
  const pending = store.outbox.pendingFor(changeSetId);
  const unknown = pending.filter((e) => e.state !== 'approved').length;
  const finished = pending.length === 0;
  if (finished) store.changeSets.finishExecuting(changeSetId);
  const result: ApExecution = {
    runId,
    written: first.written + (retry?.written ?? 0),
    alreadyApplied: first.alreadyApplied + (retry?.alreadyApplied ?? 0),
    failed: first.failed + (retry?.failed ?? 0),
    unknown,
    notSent: pending.length - unknown,
    apiRequests: deps.target.requests() - requestsBefore,
    finished,
  };
  log.info({ runId, changeSetId, written: result.written, unknown, notSent: result.notSent }, 'ap change set executed');
  if (options.runId === undefined) store.runs.finishRun(runId, finished && result.failed === 0 ? 'succeeded' : 'partial', { changeSetId, ...result });
  return result;
}

type PlannedSet = Extract<ApPlanned, { kind: 'planned' }>;

function pendingSummary(planned: PlannedSet): Omit<ApSyncSummary, 'status'> {
  const { preview } = planned;
  return {
    runId: planned.runId,
    changeSetId: planned.changeSet.id,
    documents: preview.documents,
    skipped: preview.skipped,
    totalsByCurrency: preview.totalsByCurrency,
    planned: preview.toSend,
    written: 0,
    alreadyApplied: 0,
    exceptions: preview.exceptions,
    unknown: 0,
    apiRequests: 0,
  };
}

/** Closes the planning run of a change set that was not executed now (waiting for an approver, or rejected). */
export function settleApRun(deps: ApDeps, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): ApSyncSummary {
  const summary: ApSyncSummary = { ...pendingSummary(planned), status };
  if (!planned.reused) deps.store.runs.finishRun(planned.runId, status === 'rejected' ? 'failed' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** After executing a change set right after planning it: closes the planning run with the outcome. */
export function completeApRun(deps: ApDeps, planned: PlannedSet, done: ApExecution): ApSyncSummary {
  const exceptions = planned.preview.exceptions + done.failed;
  const status = done.notSent > 0 ? 'cancelled' : exceptions + done.unknown === 0 ? 'completed' : 'partial';
  const summary: ApSyncSummary = { ...pendingSummary(planned), status, written: done.written, alreadyApplied: done.alreadyApplied, exceptions, unknown: done.unknown, apiRequests: done.apiRequests };
  deps.store.runs.finishRun(planned.runId, status === 'completed' ? 'succeeded' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/**
 * Runs one AP sync: plan, pass the approval step, then create each bill exactly once and confirm it with its
 * Intacct RECORDNO. One bad document becomes an exception; the rest go through.
 */
export async function runApSync(deps: ApDeps, request: ApSyncRequest): Promise<ApSyncSummary> {
  const { store } = deps;
  store.outbox.recoverInFlight();
  const planned = await planApSync(deps, request);
  if (planned.kind === 'settled') return planned.summary;
  const cs = planned.changeSet;
  const decision = await request.approve(planned.preview);
  if (decision.decision === 'pending') return settleApRun(deps, planned, 'awaiting_approval');
  if (decision.decision === 'rejected') {
    store.changeSets.reject(cs.id, { by: decision.by, reason: decision.reason });
    return settleApRun(deps, planned, 'rejected');
  }
  const approved = store.changeSets.approve(cs.id, { by: decision.by, digest: cs.digest, selfConfirmed: decision.selfConfirmed, ...(decision.note ? { note: decision.note } : {}) });
  if (!approved.ok) throw new Error(`approval failed: ${approved.code}: ${approved.message}`);
  const done = await executeApChangeSet(deps, cs.id, {
    principal: request.principal,
    runId: planned.runId,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return completeApRun(deps, planned, done);
}
