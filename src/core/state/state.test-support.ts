/** Shared scaffolding for the state store's unit tests: an in-memory store with a settable clock. */
import type { JsonValue } from './canonical-json.ts';
import type { PlanItem } from './outbox.ts';
import { openStateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS } from './migrations.ts';
import { createStateStore } from './state-store.ts';

/** A fresh in-memory store; `tick` moves its clock. */
export function setup() {
  let now = Date.parse('2025-01-31T12:00:00.000Z');
  const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
  const store = createStateStore(db, { clock: { now: () => now } });
  return { db, store, tick: (ms: number) => (now += ms) };
}

/** Plan item n of company A's GL pipeline. */
export const item = (n: number, payload: JsonValue = { amount: `${n}.00` }): PlanItem => ({
  idempotencyKey: `gl:A:JE-${n}:v1`,
  targetSystem: 'intacct',
  objectType: 'GLBATCH',
  sourceSystem: 'sage300',
  sourceKey: `JE-${n}`,
  payload,
});

/** A run with an approved change set over items 1..n. */
export function approvedSet(store: ReturnType<typeof setup>['store'], n = 3) {
  const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
  const created = store.changeSets.create({
    runId,
    pipeline: 'gl',
    company: 'A',
    createdBy: 'agent',
    summary: {},
    items: Array.from({ length: n }, (_, i) => item(i + 1)),
  });
  if (!created.ok) throw new Error(created.error.message);
  const approved = store.changeSets.approve(created.value.changeSet.id, { by: 'controller', digest: created.value.changeSet.digest });
  if (!approved.ok) throw new Error(approved.error.message);
  return { runId, cs: approved.value };
}
