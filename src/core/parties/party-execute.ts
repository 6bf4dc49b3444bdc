import type { PartySystem, PartyWrite } from '../ports/party-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import type { ChangeSetExecution } from '../sync/open-for-execution.ts';
import type { TargetPass } from '../sync/pipeline-definition.ts';
import { sideOf, type PartyDeps } from './party-pipeline.ts';
import { partyHash, type PartySpec } from './party-spec.ts';

/** Totals of one execution of a party change set. */
export type PartyExecution = ChangeSetExecution;

const obj = (v: JsonValue): Record<string, JsonValue> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, JsonValue>) : {};

/** The port-level write an outbox entry describes. */
function writeOf<F extends string>(e: OutboxEntry): PartyWrite<F> {
  const p = obj(e.payload);
  const op = p.op === 'create' || p.op === 'deactivate' ? p.op : 'update';
  return {
    idempotencyKey: e.idempotencyKey,
    op,
    id: typeof p.id === 'string' ? p.id : '',
    fields: obj(p.fields ?? null) as Partial<Record<F, string>>,
    expected: obj(p.expected ?? null) as Partial<Record<F, string>>,
  };
}

/**
 * A write to Sage 300 is recorded by the outbox as intacct → sage300 (its source is the Intacct record). Other
 * pipelines (AP, AR) look parties up the canonical way, sage300 → intacct by the Sage 300 id, so each confirmed
 * write to Sage 300 is also linked that way, with the same baseline hash. A link refused because either id is
 * already linked elsewhere is logged and left to the reverse row.
 */
function linkCanonically<F extends string>(
  spec: PartySpec<F>,
  deps: PartyDeps<F>,
  keys: readonly string[],
  hashOf: (e: OutboxEntry) => string,
): void {
  for (const key of keys) {
    const e = deps.store.outbox.get(key);
    if (!e || e.state !== 'confirmed' || e.targetKey === null) continue;
    const linked = deps.store.xrefs.link({
      objectType: spec.objectType,
      sourceSystem: 'sage300',
      sourceKey: e.targetKey,
      targetSystem: 'intacct',
      targetKey: e.sourceKey,
      targetRecordNo: e.sourceKey,
      contentHash: hashOf(e),
    });
    if (!linked.ok)
      deps.log.warn({ key, reason: linked.error.message }, `${spec.noun} written to Sage 300 keeps only its reverse cross-reference`);
  }
}

/** The content hash a confirmed party write records: the hash of what it left on the target (its `expected` fields). */
export function expectedHashOf<F extends string>(spec: PartySpec<F>, e: OutboxEntry): string {
  return partyHash(spec, obj(obj(e.payload).expected ?? null) as unknown as Record<F, string>);
}

/**
 * The passes of a party change set: Intacct writes, then Sage 300 Web API writes, each exactly once. A confirmed
 * write records the hash of what it left on the target, so the next read of that record is recognised as our own echo.
 */
export function partyPasses<F extends string>(spec: PartySpec<F>, deps: PartyDeps<F>): TargetPass[] {
  return (['intacct', 'sage300'] as const satisfies readonly PartySystem[]).map((target): TargetPass => {
    const port = sideOf(deps, target);
    return {
      select: (e) => e.targetSystem === target,
      batchSize: port.batchSize,
      concurrency: port.concurrency,
      clientLimited: target === 'intacct',
      send: (batch) => port.write(batch.map((e) => writeOf<F>(e))),
      audit: { system: target, function: spec.functionLabel[target], controlIdFor: (key) => port.controlIdFor(key) },
      ...(target === 'sage300'
        ? { afterPass: (keys: readonly string[]) => linkCanonically(spec, deps, keys, (e) => expectedHashOf(spec, e)) }
        : {}),
    };
  });
}
