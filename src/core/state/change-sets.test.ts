import { describe, expect, it } from 'vitest';
import { approvedSet, item, setup } from './state.test-support.ts';
import { changeSetDigest } from './change-sets.ts';

function plannedSet(store: ReturnType<typeof setup>['store'], items = [item(1), item(2)], expiresAt?: string) {
  const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
  const created = store.changeSets.create({
    runId,
    pipeline: 'gl',
    company: 'A',
    createdBy: 'agent',
    summary: { lines: items.length },
    items,
    ...(expiresAt ? { expiresAt } : {}),
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

describe('change sets', () => {
  it('stores the digest of its items and plans them in the outbox', () => {
    const { store } = setup();
    const { changeSet, newItems } = plannedSet(store);
    expect(changeSet).toMatchObject({
      status: 'planned',
      digest: changeSetDigest([item(1), item(2)]),
      createdBy: 'agent',
      summary: { lines: 2 },
    });
    expect(newItems).toBe(2);
    expect([1, 2].map((n) => store.outbox.get(item(n).idempotencyKey)?.state)).toEqual(['planned', 'planned']);
    expect(store.changeSets.items(changeSet.id)).toEqual([item(1), item(2)]);
    expect(store.outbox.pendingFor(changeSet.id)).toEqual([]);
  });

  it('has a digest independent of payload key order but dependent on content', () => {
    const a = changeSetDigest([item(1, { amount: '1.00', account: '1000' })]);
    expect(changeSetDigest([item(1, { account: '1000', amount: '1.00' })])).toBe(a);
    expect(changeSetDigest([item(1, { account: '1000', amount: '1.01' })])).not.toBe(a);
  });

  it('lets the requester confirm their own plan only when the policy says confirm, and records it as such', () => {
    const { store } = setup();
    const { changeSet } = plannedSet(store);
    const confirmed = store.changeSets.approve(changeSet.id, { by: 'agent', digest: changeSet.digest, selfConfirmed: true });
    expect(confirmed).toMatchObject({ ok: true, value: { status: 'approved', approvedBy: 'agent' } });
    const row = store.changeSets.get(changeSet.id)!;
    expect(JSON.stringify(row)).toContain('confirmed by the requester');
    expect(store.outbox.bySource('sage300', store.outbox.pendingFor(changeSet.id)[0]!.sourceKey)).toHaveLength(1);
  });

  it('approves only with the exact digest and another principal, then approves its items', () => {
    const { store } = setup();
    const { changeSet } = plannedSet(store);
    expect(store.changeSets.approve(changeSet.id, { by: 'agent', digest: changeSet.digest })).toMatchObject({
      ok: false,
      error: { code: 'self_approval' },
    });
    expect(store.changeSets.approve(changeSet.id, { by: 'controller', digest: '0'.repeat(64) })).toMatchObject({
      ok: false,
      error: { code: 'digest_mismatch' },
    });
    expect(store.outbox.pendingFor(changeSet.id)).toEqual([]);
    const approved = store.changeSets.approve(changeSet.id, { by: 'controller', digest: changeSet.digest });
    expect(approved).toMatchObject({
      ok: true,
      value: { status: 'approved', approvedBy: 'controller', decidedAt: '2025-01-31T12:00:00.000Z' },
    });
    expect(store.outbox.pendingFor(changeSet.id).map((e) => e.state)).toEqual(['approved', 'approved']);
    expect(store.changeSets.approve(changeSet.id, { by: 'controller', digest: changeSet.digest })).toMatchObject({
      ok: false,
      error: { code: 'invalid_status' },
    });
  });

  it('refuses approval after the window and marks the change set expired', () => {
    const { store, tick } = setup();
    const { changeSet } = plannedSet(store, [item(1)], '2025-01-31T12:30:00.000Z');
    tick(31 * 60_000);
    expect(store.changeSets.approve(changeSet.id, { by: 'controller', digest: changeSet.digest })).toMatchObject({
      ok: false,
      error: { code: 'approval_expired' },
    });
    expect(store.changeSets.get(changeSet.id)?.status).toBe('expired');
    expect(store.outbox.get(item(1).idempotencyKey)?.state).toBe('planned');
  });

  it('rejects, recording who decided', () => {
    const { store } = setup();
    const { changeSet } = plannedSet(store);
    expect(store.changeSets.reject(changeSet.id, { by: 'controller', reason: 'wrong period' })).toMatchObject({
      ok: true,
      value: { status: 'rejected', decidedBy: 'controller', decisionNote: 'wrong period' },
    });
    expect(store.changeSets.startExecuting(changeSet.id)).toMatchObject({ ok: false, error: { code: 'invalid_status' } });
  });

  it('refuses to create a change set that reuses a key with a different payload, writing nothing', () => {
    const { store } = setup();
    plannedSet(store, [item(1)]);
    const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
    const res = store.changeSets.create({
      runId,
      pipeline: 'gl',
      company: 'A',
      createdBy: 'agent',
      summary: {},
      items: [item(2), item(1, { amount: '7.00' })],
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'idempotency_key_reused' } });
    expect(store.changeSets.list()).toHaveLength(1);
    expect(store.outbox.get(item(2).idempotencyKey)).toBeUndefined();
  });

  it('re-plans already planned keys into a later change set without new outbox rows', () => {
    const { store } = setup();
    const first = plannedSet(store, [item(1)]);
    const second = plannedSet(store, [item(1), item(2)]);
    expect(second.newItems).toBe(1);
    expect(store.outbox.get(item(1).idempotencyKey)?.changeSetId).toBe(first.changeSet.id);
    store.changeSets.approve(second.changeSet.id, { by: 'controller', digest: second.changeSet.digest });
    expect(store.outbox.pendingFor(second.changeSet.id).map((e) => e.sourceKey)).toEqual(['JE-1', 'JE-2']);
  });

  it('executes only when approved and finishes only when nothing is pending', () => {
    const { store } = setup();
    const { cs } = approvedSet(store, 1);
    expect(store.changeSets.finishExecuting(cs.id)).toMatchObject({ ok: false, error: { code: 'invalid_status' } });
    expect(store.changeSets.startExecuting(cs.id)).toMatchObject({ ok: true, value: { status: 'executing' } });
    expect(store.changeSets.finishExecuting(cs.id)).toMatchObject({
      ok: false,
      error: { code: 'invalid_status', message: expect.stringContaining('1 item') },
    });
    const key = item(1).idempotencyKey;
    store.outbox.markSending(key);
    store.outbox.confirm(key, { targetKey: 'B-1', contentHash: 'h' });
    expect(store.changeSets.finishExecuting(cs.id)).toMatchObject({ ok: true, value: { status: 'executed' } });
  });

  it('refuses to start a set whose stored payload changed after approval, and hands over the checked texts otherwise', () => {
    const tampered = setup();
    const a = approvedSet(tampered.store, 2);
    tampered.db.prepare('UPDATE outbox_payloads SET payload = \'{"amount":"9.99"}\' WHERE idempotency_key = ?').run(item(2).idempotencyKey);
    expect(tampered.store.changeSets.startExecutingWithItems(a.cs.id)).toMatchObject({ ok: false, error: { code: 'digest_mismatch' } });
    expect(tampered.store.changeSets.get(a.cs.id)?.status).toBe('approved');

    const { db, store } = setup();
    const { cs } = approvedSet(store, 3);
    store.outbox.markSending(item(1).idempotencyKey);
    store.outbox.confirm(item(1).idempotencyKey, { targetKey: 'B-1', contentHash: 'h' });
    const started = store.changeSets.startExecutingWithItems(cs.id);
    if (!started.ok) throw new Error(started.error.message);
    expect(started.value.changeSet.status).toBe('executing');
    expect(started.value.pending.map((e) => [e.idempotencyKey, e.state])).toEqual([
      [item(2).idempotencyKey, 'approved'],
      [item(3).idempotencyKey, 'approved'],
    ]);
    // The entries carry the texts that were hashed: a later change to the stored payload does not reach them.
    db.prepare('UPDATE outbox_payloads SET payload = \'{"amount":"0.01"}\' WHERE idempotency_key = ?').run(item(2).idempotencyKey);
    expect(started.value.pending.map((e) => e.payload)).toEqual([item(2).payload, item(3).payload]);
  });

  it('reports not_found for an unknown run or change set', () => {
    const { store } = setup();
    expect(store.changeSets.create({ runId: 9, pipeline: 'gl', company: 'A', createdBy: 'a', summary: {}, items: [] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(store.changeSets.approve(9, { by: 'b', digest: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
