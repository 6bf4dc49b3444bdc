import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { PartySystem, PartyWrite } from '../ports/party-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import type { OutboxSender } from '../sync/execute-outbox.ts';
import { executeByTarget, type TargetPass } from '../sync/execute-targets.ts';
import { sideOf, type PartyDeps } from './party-pipeline.ts';
import { partyHash, type PartySpec } from './party-spec.ts';
import { openForExecution, type ChangeSetExecuteOptions, type ChangeSetExecution } from '../sync/open-for-execution.ts';

/** Totals of one execution of a party change set. */
export type PartyExecution = ChangeSetExecution;

/** Options of one execution. */
export type PartyExecuteOptions = Omit<ChangeSetExecuteOptions, 'onProgress'>;

const obj = (v: JsonValue): Record<string, JsonValue> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, JsonValue>) : {});

/** The port-level write an outbox entry describes. */
export function writeOf<F extends string>(e: OutboxEntry): PartyWrite<F> {
  const p = obj(e.payload);
  const op = p.op === 'create' || p.op === 'deactivate' ? p.op : 'update';
  return { idempotencyKey: e.idempotencyKey, op, id: typeof p.id === 'string' ? p.id : '', fields: obj(p.fields ?? null) as Partial<Record<F, string>>, expected: obj(p.expected ?? null) as Partial<Record<F, string>> };
}

/**
 * A write to Sage 300 is recorded by the outbox as intacct → sage300 (its source is the Intacct record). Other
 * pipelines (AP, AR) look parties up the canonical way, sage300 → intacct by the Sage 300 id, so each confirmed
 * write to Sage 300 is also linked that way, with the same baseline hash. A link refused because either id is
 * already linked elsewhere is logged and left to the reverse row.
 */
function linkCanonically<F extends string>(spec: PartySpec<F>, deps: PartyDeps<F>, keys: readonly string[], hashOf: (e: OutboxEntry) => string): void {
  for (const key of keys) {
    const e = deps.store.outbox.get(key);
    if (!e || e.state !== 'confirmed' || e.targetKey === null) continue;
    const linked = deps.store.xrefs.link({ objectType: spec.objectType, sourceSystem: 'sage300', sourceKey: e.targetKey, targetSystem: 'intacct', targetKey: e.sourceKey, targetRecordNo: e.sourceKey, contentHash: hashOf(e) });
    if (!linked.ok) deps.log.warn({ key, reason: linked.message }, `${spec.noun} written to Sage 300 keeps only its reverse cross-reference`);
  }
}

/**
 * Executes an approved party change set: one outbox pass per target system (Intacct writes, Sage 300 Web API
 * writes), each write exactly once. A confirmed write records the hash of what it left on the target, so the next
 * read of that record is recognised as our own echo.
 */
export async function executePartyChangeSet<F extends string>(spec: PartySpec<F>, deps: PartyDeps<F>, changeSetId: number, options: PartyExecuteOptions): Promise<PartyExecution> {
  const { store, log } = deps;
  const { changeSet: cs } = openForExecution(store, changeSetId, spec.pipeline);
  const runId = options.runId ?? store.runs.startRun({ pipeline: spec.pipeline, company: cs.company, params: { changeSetId }, principal: options.principal });
  const exDeps = { store, alerts: deps.alerts, log, audit: deps.audit };
  const expectedHash = (e: OutboxEntry): string => partyHash(spec, obj(obj(e.payload).expected ?? null) as unknown as Record<F, string>);
  const ctx = { pipeline: spec.pipeline, company: cs.company, runId, changeSetId, principal: options.principal, contentHash: expectedHash };
  const requestsBefore = deps.sage300.requests() + deps.intacct.requests();
  const passes = (['intacct', 'sage300'] as const satisfies readonly PartySystem[]).map((target): TargetPass => {
    const port = sideOf(deps, target);
    const sender: OutboxSender = {
      batchSize: port.batchSize,
      concurrency: port.concurrency,
      send: (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> => port.write(batch.map((e) => writeOf<F>(e))),
      describe: { system: target, function: spec.functionLabel[target], controlIdFor: (key) => port.controlIdFor(key) },
    };
    return target === 'sage300' ? { system: target, sender, afterPass: (keys) => linkCanonically(spec, deps, keys, expectedHash) } : { system: target, sender };
  });
  const totals = await executeByTarget(exDeps, ctx, passes, options.signal ? { signal: options.signal } : {});
  const { unknown, finished } = totals;
  const result: PartyExecution = { runId, written: totals.written, alreadyApplied: totals.alreadyApplied, failed: totals.failed, held: 0, unknown, notSent: totals.notSent, apiRequests: deps.sage300.requests() + deps.intacct.requests() - requestsBefore, finished };
  log.info({ changeSetId, ...result }, `${spec.noun} change set executed`);
  if (options.runId === undefined) store.runs.finishRun(runId, finished && result.failed === 0 ? 'succeeded' : 'partial', { changeSetId, ...result });
  return result;
}
