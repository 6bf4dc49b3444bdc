import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { VendorField, VendorSystem, VendorWrite } from '../ports/vendor-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import type { OutboxSender } from '../sync/execute-outbox.ts';
import { executeByTarget } from '../sync/execute-targets.ts';
import { vendorHash } from './vendor-fields.ts';
import { vendorSide, VENDORS_PIPELINE, type VendorDeps } from './vendor-pipeline.ts';

/** Totals of one execution of a vendor change set. */
export interface VendorExecution {
  readonly runId: number;
  readonly written: number;
  readonly alreadyApplied: number;
  readonly failed: number;
  readonly unknown: number;
  readonly notSent: number;
  readonly apiRequests: number;
  readonly finished: boolean;
}

/** Options of one execution. */
export interface VendorExecuteOptions {
  readonly principal: string;
  readonly runId?: number;
  readonly signal?: AbortSignal;
}

const obj = (v: JsonValue): Record<string, JsonValue> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, JsonValue>) : {});

/** The port-level write an outbox entry describes. */
export function writeOf(e: OutboxEntry): VendorWrite {
  const p = obj(e.payload);
  const op = p.op === 'create' || p.op === 'deactivate' ? p.op : 'update';
  return { idempotencyKey: e.idempotencyKey, op, id: typeof p.id === 'string' ? p.id : '', fields: obj(p.fields ?? null) };
}

/** The canonical record the entry leaves on its target: its hash becomes the pair's baseline, so the echo is ignored. */
function expectedHash(e: OutboxEntry): string {
  return vendorHash(obj(obj(e.payload).expected ?? null) as unknown as Record<VendorField, string>);
}

/**
 * Executes an approved vendor change set: one outbox pass per target system (Intacct VENDOR writes, Sage 300 Web API
 * vendor writes), each write exactly once. A confirmed write records the hash of what it left on the target, so the
 * next read of that record is recognised as our own echo.
 */
export async function executeVendorChangeSet(deps: VendorDeps, changeSetId: number, options: VendorExecuteOptions): Promise<VendorExecution> {
  const { store, log } = deps;
  const cs = store.changeSets.get(changeSetId);
  if (!cs) throw new Error(`change set ${changeSetId} does not exist`);
  if (cs.status === 'approved') {
    const executing = store.changeSets.startExecuting(cs.id);
    if (!executing.ok) throw new Error(`execution refused: ${executing.code}: ${executing.message}`);
  } else if (cs.status !== 'executing') {
    throw new Error(`change set ${changeSetId} is ${cs.status}; only an approved change set can be executed`);
  }
  const runId = options.runId ?? store.runs.startRun({ pipeline: VENDORS_PIPELINE, company: cs.company, params: { changeSetId }, principal: options.principal });
  const exDeps = { store, alerts: deps.alerts, log, audit: deps.audit };
  const ctx = { pipeline: VENDORS_PIPELINE, company: cs.company, runId, changeSetId, principal: options.principal, contentHash: expectedHash };
  const requestsBefore = deps.sage300.requests() + deps.intacct.requests();
  const passes = (['intacct', 'sage300'] as const satisfies readonly VendorSystem[]).map((target) => {
    const port = vendorSide(deps, target);
    const sender: OutboxSender = {
      batchSize: port.batchSize,
      concurrency: port.concurrency,
      send: (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> => port.write(batch.map(writeOf)),
      classify: (o) => (o.code === 'duplicate' ? 'duplicate' : o.code === 'validation' ? 'validation' : 'upstream'),
      describe: { system: target, function: target === 'intacct' ? 'create/update VENDOR' : 'AP/APVendors create/update', controlIdFor: (key) => port.controlIdFor(key) },
    };
    return { system: target, sender };
  });
  const totals = await executeByTarget(exDeps, ctx, passes, options.signal ? { signal: options.signal } : {});
  const { unknown, finished } = totals;
  const result: VendorExecution = { runId, written: totals.written, alreadyApplied: totals.alreadyApplied, failed: totals.failed, unknown, notSent: totals.notSent, apiRequests: deps.sage300.requests() + deps.intacct.requests() - requestsBefore, finished };
  log.info({ changeSetId, ...result }, 'vendor change set executed');
  if (options.runId === undefined) store.runs.finishRun(runId, finished && result.failed === 0 ? 'succeeded' : 'partial', { changeSetId, ...result });
  return result;
}
