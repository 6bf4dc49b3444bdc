import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet, PlanItem, StateStore, Xref } from '../state/index.ts';
import type { PartySystem } from '../ports/party-ports.ts';
import type { PlannedWrite } from './party-decide.ts';
import type { PartySpec } from './party-spec.ts';

/**
 * The most recently written link of a party pair (either direction), with its baseline hash. Links are stored
 * sourceSystem 'sage300' → targetSystem 'intacct' (sourceKey the Sage 300 id, targetKey the Intacct id); a reverse
 * row is honoured too.
 */
export function partyLinkOf(
  store: StateStore,
  objectType: string,
  system: PartySystem,
  id: string,
): { otherId: string; hash: string | null } | undefined {
  const [canonical, reverse]: (Xref | undefined)[] =
    system === 'sage300'
      ? [store.xrefs.bySource(objectType, 'sage300', id, 'intacct'), store.xrefs.byTarget(objectType, 'sage300', id, 'intacct')]
      : [store.xrefs.byTarget(objectType, 'intacct', id, 'sage300'), store.xrefs.bySource(objectType, 'intacct', id, 'sage300')];
  const latest = [canonical, reverse].filter((x): x is Xref => x !== undefined).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
  if (!latest) return undefined;
  const otherId = latest.sourceSystem === system ? latest.targetKey : latest.sourceKey;
  return { otherId, hash: latest.contentHash };
}

/** The outbox item of a planned write; the key binds the target, id, payload and the baseline it was planned against. */
export function itemOf<F extends string>(spec: PartySpec<F>, w: PlannedWrite<F>): PlanItem {
  const payload = { op: w.op, id: w.id, fields: w.fields, expected: w.expected } as unknown as JsonValue;
  const key = `${spec.pipeline}:${w.target}:${w.id}~${digestOf({ payload, baseline: w.baseline }).slice(0, 16)}`;
  return {
    idempotencyKey: key,
    targetSystem: w.target,
    objectType: spec.objectType,
    sourceSystem: w.target === 'intacct' ? 'sage300' : 'intacct',
    sourceKey: w.sourceId,
    payload,
  };
}

function targetId(i: PlanItem): string {
  const p = i.payload;
  const id = p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, JsonValue>).id : undefined;
  return typeof id === 'string' ? id : i.sourceKey;
}

/** Older pending change sets of the same kind writing the same parties are expired: approving one later would send stale values. */
export function supersede(store: StateStore, pipeline: string, company: string, fresh: ChangeSet): void {
  const targets = new Set(store.changeSets.items(fresh.id).map((i) => `${i.targetSystem}|${targetId(i)}`));
  for (const cs of store.changeSets.list({ pipeline, company, status: 'planned' })) {
    if (cs.id === fresh.id || cs.approvalsRequired !== fresh.approvalsRequired) continue;
    if (store.changeSets.items(cs.id).some((i) => targets.has(`${i.targetSystem}|${targetId(i)}`)))
      store.changeSets.expire(cs.id, `superseded by change set ${fresh.id}`);
  }
}
