import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS, createStateStore, type ChangeSet, type PlanItem, type StateStore } from '../state/index.ts';
import { item } from '../state/state.test-support.ts';
import { findResumableChangeSet, findReusableChangeSet, supersedeOverlapping } from './pending-change-sets.ts';

const clock = { now: () => Date.parse('2025-01-31T12:00:00.000Z') };

/** The planning tail as a pipeline runs it: resume a stopped approved set, reuse a pending one, or create one. */
function replan(store: StateStore, items: readonly PlanItem[]): ChangeSet {
  const found = findResumableChangeSet(store, 'gl', 'A', items) ?? findReusableChangeSet(store, 'gl', 'A', items);
  if (found) return found;
  const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
  const created = store.changeSets.create({ runId, pipeline: 'gl', company: 'A', createdBy: 'agent', summary: {}, items });
  if (!created.ok) throw new Error(created.error.message);
  supersedeOverlapping(store, 'gl', 'A', created.value.changeSet, items);
  return created.value.changeSet;
}

/** Rows in the item table against the distinct keys they name: equal when every key is stored once. */
function itemRows(db: ReturnType<typeof openStateDb>): { rows: number; keys: number } {
  return db
    .prepare<[], { rows: number; keys: number }>('SELECT COUNT(*) AS rows, COUNT(DISTINCT idempotency_key) AS keys FROM change_set_items')
    .get()!;
}

describe('re-planning the same selection', () => {
  it('keeps one copy of the plan across N crashes and restarts: each re-plan resumes the recovered change set', () => {
    const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
    const all = Array.from({ length: 10 }, (_, i) => item(i + 1));
    let generation = 0;
    const processStore = () =>
      createStateStore(db, { clock, ownership: { self: `p${++generation}`, isAlive: (o) => o === `p${generation}` } });
    let store = processStore();
    const first = replan(store, all);
    expect(store.changeSets.approve(first.id, { by: 'controller', digest: first.digest }).ok).toBe(true);
    for (let crash = 0; crash < 5; crash++) {
      expect(store.changeSets.startExecuting(first.id).ok).toBe(true);
      const [done, inFlight] = store.outbox.pendingFor(first.id);
      store.outbox.markSending(done!.idempotencyKey);
      store.outbox.confirm(done!.idempotencyKey, { targetKey: `R${crash}`, contentHash: 'h' });
      store.outbox.markSending(inFlight!.idempotencyKey); // killed with this request in flight
      store = processStore(); // restart: the old token is dead
      expect(store.recover().changeSets).toMatchObject([{ id: first.id, to: 'approved' }]);
      // The pipeline re-plans what is not in the target yet, reusing in-flight keys: exactly the remaining items.
      const remaining = all.filter((i) => store.outbox.get(i.idempotencyKey)!.state !== 'confirmed');
      expect(replan(store, remaining).id).toBe(first.id);
    }
    expect(store.changeSets.list({ pipeline: 'gl' })).toHaveLength(1);
    expect(itemRows(db)).toEqual({ rows: 10, keys: 10 });
  });

  it('keeps one copy when an execution is cancelled and the same call is made again', () => {
    const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
    const store = createStateStore(db, { clock });
    const all = Array.from({ length: 4 }, (_, i) => item(i + 1));
    const cs = replan(store, all);
    store.changeSets.approve(cs.id, { by: 'controller', digest: cs.digest });
    for (let n = 0; n < 3; n++) {
      store.changeSets.startExecuting(cs.id);
      const next = store.outbox.pendingFor(cs.id)[0]!;
      store.outbox.markSending(next.idempotencyKey);
      store.outbox.confirm(next.idempotencyKey, { targetKey: `R${n}`, contentHash: 'h' });
      expect(store.changeSets.pauseExecuting(cs.id).ok).toBe(true); // cancelled with items left
      expect(replan(store, all.slice(n + 1)).id).toBe(cs.id);
    }
    expect(itemRows(db)).toEqual({ rows: 4, keys: 4 });
  });

  it('returns the pending change set for an identical retry, and never resumes a set that is still planned or executing', () => {
    const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
    const store = createStateStore(db, { clock });
    const all = [item(1), item(2)];
    const cs = replan(store, all);
    for (let n = 0; n < 5; n++) expect(replan(store, all).id).toBe(cs.id);
    expect(findResumableChangeSet(store, 'gl', 'A', all)).toBeUndefined();
    store.changeSets.approve(cs.id, { by: 'controller', digest: cs.digest });
    store.changeSets.startExecuting(cs.id);
    expect(findResumableChangeSet(store, 'gl', 'A', all)).toBeUndefined();
    expect(itemRows(db)).toEqual({ rows: 2, keys: 2 });
  });
});
