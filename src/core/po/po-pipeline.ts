import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { PoStatusChange } from '../ports/po-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import { executeByTarget, type TargetPass } from '../sync/execute-targets.ts';
import { PO_PIPELINE, type PoDeps, type PoExecuteOptions, type PoExecution, type PoPlanned, type PoSyncSummary } from './po-types.ts';
import { openForExecution } from '../sync/open-for-execution.ts';

export { planPoSync } from './po-plan.ts';
export { poPreviewOf } from './po-preview.ts';
export * from './po-types.ts';

const obj = (v: JsonValue): Record<string, JsonValue> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, JsonValue>) : {});
const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');

/** The two outbox passes of a PO change set: Intacct creates first, then the Sage 300 status writes. */
function senders(deps: PoDeps): TargetPass[] {
  return [
    {
      system: 'intacct',
      sender: {
        batchSize: deps.target.batchSize,
        concurrency: deps.target.concurrency,
        send: (batch) => deps.target.createOrders(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, fields: obj(e.payload).transaction ?? null, reference: text(obj(obj(e.payload).transaction ?? null).externalid) }))),
        describe: { system: 'intacct', function: 'create_potransaction PODOCUMENT', controlIdFor: (key) => deps.target.controlIdFor(key) },
      },
    },
    {
      system: 'sage300',
      sender: {
        // One worker keeps each PO's writes in plan order: a release before a receipt before a completion.
        batchSize: deps.source.batchSize,
        concurrency: 1,
        send: (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> =>
          deps.source.writeStatus(batch.map((e) => {
            const p = obj(e.payload);
            return { idempotencyKey: e.idempotencyKey, sequence: Number(p.sequence), poNumber: text(p.poNumber), change: p.change as unknown as PoStatusChange, resend: e.attempts > 1 };
          })),
        describe: { system: 'sage300', function: 'PO/POPurchaseOrders status, PO/POReceipts', controlIdFor: (key) => key },
      },
    },
  ];
}

/**
 * Executes an approved PO change set exactly once (or resumes one left executing): each Intacct purchase order is
 * created once and confirmed with its RECORDNO; then each Sage 300 status write is made once through the Web API.
 */
export async function executePoChangeSet(deps: PoDeps, changeSetId: number, options: PoExecuteOptions): Promise<PoExecution> {
  const { store, log } = deps;
  const { changeSet: cs } = openForExecution(store, changeSetId, PO_PIPELINE);
  const runId = options.runId ?? store.runs.startRun({ pipeline: PO_PIPELINE, company: cs.company, params: { changeSetId }, principal: options.principal });
  const exDeps = { store, alerts: deps.alerts, log, audit: deps.audit };
  const ctx = { pipeline: PO_PIPELINE, company: cs.company, runId, changeSetId, principal: options.principal, contentHash: (e: OutboxEntry) => e.payloadDigest };
  const before = deps.target.requests() + deps.source.requests();
  const run = { ...(options.signal ? { signal: options.signal } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  const outcome = await executeByTarget(exDeps, ctx, senders(deps), run);
  const result: PoExecution = { runId, ...outcome, apiRequests: deps.target.requests() + deps.source.requests() - before };
  const finished = outcome.finished;
  log.info({ changeSetId, ...result }, 'po change set executed');
  if (options.runId === undefined) store.runs.finishRun(runId, finished && result.failed === 0 ? 'succeeded' : 'partial', { changeSetId, ...result });
  return result;
}

type PlannedSet = Extract<PoPlanned, { kind: 'planned' }>;

/** Closes the planning run of a change set that was not executed now (waiting for an approver, or rejected). */
export function settlePoRun(deps: PoDeps, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): PoSyncSummary {
  const p = planned.preview;
  const summary: PoSyncSummary = { runId: planned.runId, changeSetId: planned.changeSet.id, status, planned: p.toCreate + p.statusWrites, written: 0, exceptions: p.exceptions };
  if (!planned.reused) deps.store.runs.finishRun(planned.runId, status === 'rejected' ? 'failed' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** After executing a change set right after planning it: closes the planning run with the outcome. */
export function completePoRun(deps: PoDeps, planned: PlannedSet, ex: PoExecution): PoSyncSummary {
  const p = planned.preview;
  const exceptions = p.exceptions + ex.failed;
  const status = ex.notSent > 0 ? 'cancelled' : exceptions + ex.unknown === 0 ? 'completed' : 'partial';
  const summary: PoSyncSummary = { runId: planned.runId, changeSetId: planned.changeSet.id, status, planned: p.toCreate + p.statusWrites, written: ex.written, exceptions };
  deps.store.runs.finishRun(planned.runId, status === 'completed' ? 'succeeded' : 'partial', summary as unknown as JsonValue);
  return summary;
}
