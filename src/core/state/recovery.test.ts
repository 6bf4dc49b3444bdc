import { describe, expect, it } from 'vitest';
import { openStateDb, type StateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS } from './migrations.ts';
import type { ProcessOwnership } from './ownership.ts';
import { item } from './state.test-support.ts';
import { createStateStore, type StateStore } from './state-store.ts';

/** Two "processes" over one database: each store has its own token, and `alive` says which tokens still run. */
function twoProcesses() {
  const db: StateDb = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
  const alive = new Set(['first', 'second']);
  const as = (self: string): ProcessOwnership => ({ self, isAlive: (owner) => alive.has(owner) });
  const clock = { now: () => Date.parse('2025-01-31T12:00:00.000Z') };
  return {
    db,
    alive,
    first: createStateStore(db, { clock, ownership: as('first') }),
    second: createStateStore(db, { clock, ownership: as('second') }),
  };
}

/** An executing change set of 4 items: #1 confirmed, #2 sending, #3 unknown, #4 approved (not sent yet). */
function interruptedDelivery(store: StateStore) {
  const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
  const items = [1, 2, 3, 4].map((n) => item(n));
  const created = store.changeSets.create({ runId, pipeline: 'gl', company: 'A', createdBy: 'agent', summary: {}, items });
  if (!created.ok) throw new Error(created.error.message);
  const id = created.value.changeSet.id;
  const approved = store.changeSets.approve(id, {
    by: 'controller',
    digest: created.value.changeSet.digest,
    note: 'checked against the bank',
  });
  if (!approved.ok) throw new Error(approved.error.message);
  expect(store.changeSets.startExecuting(id).ok).toBe(true);
  const [k1, k2, k3] = items.map((i) => i.idempotencyKey);
  store.outbox.markSending(k1!);
  store.outbox.confirm(k1!, { targetKey: 'R1', contentHash: 'h1' });
  store.outbox.markSending(k2!);
  store.outbox.markSending(k3!);
  store.outbox.markUnknown(k3!, { code: 'timeout' });
  return { id, runId, keys: items.map((i) => i.idempotencyKey) };
}

describe('start-up recovery', () => {
  it('returns a change set a dead process left executing to approved, keeping only its unsent items pending, and closes its run as interrupted', () => {
    const { first, second, alive } = twoProcesses();
    const { id, runId, keys } = interruptedDelivery(first);
    alive.delete('first'); // SIGKILL

    const report = second.recover();
    expect(report).toEqual({
      unknown: 1,
      changeSets: [{ id, pipeline: 'gl', company: 'A', owner: 'first', from: 'executing', to: 'approved', remaining: 3 }],
      runs: [{ id: runId, pipeline: 'gl', company: 'A', owner: 'first' }],
    });
    // The approval stays as it was given.
    expect(second.changeSets.get(id)).toMatchObject({
      status: 'approved',
      approvedBy: 'controller',
      decisionNote: 'checked against the bank',
    });
    expect(second.outbox.pendingFor(id).map((e) => [e.idempotencyKey, e.state])).toEqual([
      [keys[1], 'unknown'],
      [keys[2], 'unknown'],
      [keys[3], 'approved'],
    ]);
    const run = second.runs.get(runId)!;
    expect(run.status).toBe('interrupted');
    expect(run.finishedAt).not.toBeNull();
    expect(run.summary).toMatchObject({ status: 'interrupted', recoveredBy: 'second', resumable: [{ changeSetId: id, remaining: 3 }] });
    expect(JSON.stringify(run.summary)).toContain('stopped before it finished');

    // The next execution resumes exactly the remaining items, with their own keys, under the approved digest.
    const resumed = second.changeSets.startExecutingWithItems(id);
    expect(resumed.ok && resumed.value.pending.map((e) => e.idempotencyKey)).toEqual(keys.slice(1));
  });

  it('is idempotent: a second pass finds nothing to do', () => {
    const { first, second, alive } = twoProcesses();
    interruptedDelivery(first);
    alive.delete('first');
    second.recover();
    expect(second.recover()).toEqual({ unknown: 0, changeSets: [], runs: [] });
  });

  it('never takes work from a live process: its executing change set, sending rows and running run stay as they are', () => {
    const { first, second } = twoProcesses();
    const { id, runId, keys } = interruptedDelivery(first);
    expect(second.recover()).toEqual({ unknown: 0, changeSets: [], runs: [] });
    expect(second.outbox.recoverInFlight()).toEqual([]);
    expect(second.changeSets.get(id)?.status).toBe('executing');
    expect(second.outbox.get(keys[1]!)?.state).toBe('sending');
    expect(second.runs.get(runId)?.status).toBe('running');
    // Its own process's in-flight rows are safe from its own recovery call too (pipelines call it before a sync).
    expect(first.outbox.recoverInFlight()).toEqual([]);
  });

  it('finishes a change set whose items were all settled before the process died', () => {
    const { first, second, alive } = twoProcesses();
    const { id, keys } = interruptedDelivery(first);
    for (const key of keys.slice(1)) {
      if (first.outbox.get(key)!.state === 'approved') first.outbox.markSending(key);
      first.outbox.markFailed(key, { code: 'validation', message: 'rejected' });
    }
    alive.delete('first');
    expect(second.recover().changeSets).toEqual([
      { id, pipeline: 'gl', company: 'A', owner: 'first', from: 'executing', to: 'executed', remaining: 0 },
    ]);
    expect(second.changeSets.get(id)?.status).toBe('executed');
  });

  it('finishes an approved change set whose writes were all delivered under a newer change set', () => {
    const { first } = twoProcesses();
    const { id } = interruptedDelivery(first);
    first.changeSets.pauseExecuting(id);
    // A newer plan (e.g. after the source changed) carried the remaining keys and delivered them.
    const runId = first.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
    const newer = first.changeSets.create({
      runId,
      pipeline: 'gl',
      company: 'A',
      createdBy: 'agent',
      summary: {},
      items: [2, 3, 4].map((n) => item(n)),
    });
    if (!newer.ok) throw new Error(newer.error.message);
    for (const n of [2, 3, 4]) {
      const key = item(n).idempotencyKey;
      if (first.outbox.get(key)!.state === 'approved') first.outbox.markSending(key);
      first.outbox.confirm(key, { targetKey: `R${n}`, contentHash: 'h' });
    }
    expect(first.recover().changeSets).toEqual([
      { id, pipeline: 'gl', company: 'A', owner: null, from: 'approved', to: 'executed', remaining: 0 },
    ]);
    expect(first.changeSets.get(id)?.status).toBe('executed');
    // A planned set is not touched, nor an approved one with work left.
    expect(first.changeSets.get(newer.value.changeSet.id)?.status).toBe('planned');
  });

  it('recovers rows written before owners were recorded (no owner) as left by a dead process', () => {
    const { db, first, second } = twoProcesses();
    const { id, runId } = interruptedDelivery(first);
    db.prepare('UPDATE change_sets SET owner = NULL').run();
    db.prepare('UPDATE runs SET owner = NULL').run();
    const report = second.recover();
    expect(report.changeSets.map((c) => [c.id, c.to, c.owner])).toEqual([[id, 'approved', null]]);
    expect(report.runs.map((r) => r.id)).toEqual([runId]);
  });

  it('pauses an execution that stops with items left, so a re-run resumes it instead of planning a copy', () => {
    const { first } = twoProcesses();
    const { id } = interruptedDelivery(first);
    expect(first.changeSets.pauseExecuting(id)).toMatchObject({ ok: true, value: { status: 'approved', approvedBy: 'controller' } });
    expect(first.changeSets.pauseExecuting(id)).toMatchObject({ ok: false, error: { code: 'invalid_status' } });
    expect(first.changeSets.startExecuting(id)).toMatchObject({ ok: true, value: { status: 'executing' } });
  });
});
