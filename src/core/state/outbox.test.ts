import { describe, expect, it } from 'vitest';
import { approvedSet, item, setup } from './state.test-support.ts';
import { IllegalOutboxTransition } from './outbox-state-machine.ts';
import { findStateViolations } from './invariants.ts';

const CONFIRM = { targetKey: 'GLBATCH-501', recordNo: '501', contentHash: 'c1' };

describe('outbox', () => {
  it('plans each key exactly once; re-planning returns the existing row', () => {
    const { store } = setup();
    const { cs } = approvedSet(store, 1);
    const again = store.outbox.plan(cs.id, item(1));
    expect(again).toMatchObject({ isNew: false, payloadMatches: true, entry: { state: 'approved', changeSetId: cs.id } });
    expect(store.outbox.plan(cs.id, item(1, { amount: '9.99' }))).toMatchObject({
      isNew: false,
      payloadMatches: false,
      entry: { payload: { amount: '1.00' } },
    });
    expect(store.outbox.list()).toHaveLength(1);
  });

  it('walks approved → sending → confirmed and writes the xref, cursor and exception resolution in the same commit', () => {
    const { db, store, tick } = setup();
    const { runId } = approvedSet(store, 1);
    const key = item(1).idempotencyKey;
    const exc = store.exceptions.raise({
      class: 'transient',
      pipeline: 'gl',
      company: 'A',
      sourceKey: 'JE-1',
      message: 'timeout',
      fix: 'retry',
      sourceRecord: {},
    });
    expect(store.outbox.markSending(key)).toMatchObject({ state: 'sending', attempts: 1 });
    tick(1000);
    const confirmed = store.outbox.confirm(key, {
      ...CONFIRM,
      advanceCursor: { pipeline: 'gl', company: 'A', value: { through: 'JE-1' } },
    });
    expect(confirmed).toMatchObject({
      ok: true,
      value: { state: 'confirmed', targetKey: 'GLBATCH-501', targetRecordNo: '501', confirmedAt: '2025-01-31T12:00:01.000Z' },
    });
    expect(store.xrefs.bySource('GLBATCH', 'sage300', 'JE-1', 'intacct')).toMatchObject({
      targetKey: 'GLBATCH-501',
      contentHash: 'c1',
      lastWrittenBy: `run:${runId}`,
      lastOutboxKey: key,
    });
    expect(store.cursors.get('gl', 'A')?.value).toEqual({ through: 'JE-1' });
    expect(store.exceptions.get(exc.id)).toMatchObject({ status: 'resolved', resolution: `succeeded in run ${runId}` });
    expect(findStateViolations(db)).toEqual([]);
  });

  it('resolves an unknown outcome by same-key resend, counting attempts', () => {
    const { store } = setup();
    approvedSet(store, 1);
    const key = item(1).idempotencyKey;
    store.outbox.markSending(key);
    expect(store.outbox.markUnknown(key, { code: 'timeout' })).toMatchObject({ state: 'unknown', lastError: { code: 'timeout' } });
    expect(store.outbox.markSending(key)).toMatchObject({ state: 'sending', attempts: 2 });
    expect(store.outbox.confirm(key, CONFIRM).ok).toBe(true);
  });

  it('resolves an unknown outcome by read-back, without a resend', () => {
    const { store } = setup();
    approvedSet(store, 1);
    const key = item(1).idempotencyKey;
    store.outbox.markSending(key);
    store.outbox.markUnknown(key, { code: 'timeout' });
    expect(store.outbox.confirm(key, CONFIRM)).toMatchObject({ ok: true, value: { state: 'confirmed', attempts: 1 } });
  });

  it('retries a failed write only through a new approval', () => {
    const { store } = setup();
    approvedSet(store, 1);
    const key = item(1).idempotencyKey;
    store.outbox.markSending(key);
    store.outbox.markFailed(key, { code: 'validation', text: 'bad dept' });
    expect(() => store.outbox.markSending(key)).toThrow(IllegalOutboxTransition);
    expect(store.outbox.approve(key).state).toBe('approved');
    expect(store.outbox.markSending(key).attempts).toBe(2);
  });

  it.each([
    ['confirm an approved (never sent) write', (s: ReturnType<typeof setup>['store'], k: string) => s.outbox.confirm(k, CONFIRM)],
    ['mark an approved write unknown', (s: ReturnType<typeof setup>['store'], k: string) => s.outbox.markUnknown(k, {})],
    ['mark an approved write failed', (s: ReturnType<typeof setup>['store'], k: string) => s.outbox.markFailed(k, {})],
    ['re-approve an approved write', (s: ReturnType<typeof setup>['store'], k: string) => s.outbox.approve(k)],
  ])('throws and changes nothing when asked to %s', (_name, act) => {
    const { store } = setup();
    approvedSet(store, 1);
    const key = item(1).idempotencyKey;
    const before = store.outbox.get(key);
    expect(() => act(store, key)).toThrow(IllegalOutboxTransition);
    expect(store.outbox.get(key)).toEqual(before);
    expect(store.xrefs.list('GLBATCH')).toEqual([]);
  });

  it('treats a repeated identical confirmation as a no-op and a contradicting one as a bug', () => {
    const { store } = setup();
    approvedSet(store, 1);
    const key = item(1).idempotencyKey;
    store.outbox.markSending(key);
    store.outbox.confirm(key, CONFIRM);
    expect(store.outbox.confirm(key, CONFIRM)).toMatchObject({ ok: true, value: { state: 'confirmed' } });
    expect(() => store.outbox.confirm(key, { ...CONFIRM, targetKey: 'GLBATCH-999' })).toThrow(/refusing to re-confirm/);
    expect(() => store.outbox.markSending(key)).toThrow(IllegalOutboxTransition);
  });

  it('leaves the row unconfirmed and writes nothing when the xref conflicts', () => {
    const { db, store } = setup();
    approvedSet(store, 1);
    const key = item(1).idempotencyKey;
    store.xrefs.link({
      objectType: 'GLBATCH',
      sourceSystem: 'sage300',
      sourceKey: 'JE-1',
      targetSystem: 'intacct',
      targetKey: 'GLBATCH-400',
    });
    store.outbox.markSending(key);
    const result = store.outbox.confirm(key, { ...CONFIRM, advanceCursor: { pipeline: 'gl', company: 'A', value: { through: 'JE-1' } } });
    expect(result).toMatchObject({ ok: false, error: { code: 'xref_conflict', existing: { targetKey: 'GLBATCH-400' } } });
    expect(store.outbox.get(key)?.state).toBe('sending');
    expect(store.cursors.get('gl', 'A')).toBeUndefined();
    expect(findStateViolations(db)).toEqual([]);
  });

  it('rolls a confirmation back with the caller transaction it was made in', () => {
    const { store } = setup();
    approvedSet(store, 1);
    const key = item(1).idempotencyKey;
    store.outbox.markSending(key);
    expect(() =>
      store.transaction(() => {
        store.outbox.confirm(key, CONFIRM);
        throw new Error('audit write failed');
      }),
    ).toThrow('audit write failed');
    expect(store.outbox.get(key)?.state).toBe('sending');
    expect(store.xrefs.list('GLBATCH')).toEqual([]);
  });

  it('lists what still needs sending in plan order, and turns interrupted sends into unknown on restart', () => {
    const { store } = setup();
    const { cs } = approvedSet(store, 4);
    const [k1, k2, k3] = [1, 2, 3].map((n) => item(n).idempotencyKey) as [string, string, string];
    store.outbox.markSending(k1);
    store.outbox.confirm(k1, CONFIRM);
    store.outbox.markSending(k2);
    store.outbox.markSending(k3);
    store.outbox.markFailed(k3, { code: 'validation' });
    expect(store.outbox.pendingFor(cs.id).map((e) => [e.sourceKey, e.state])).toEqual([
      ['JE-2', 'sending'],
      ['JE-4', 'approved'],
    ]);
    expect(store.outbox.recoverInFlight().map((e) => e.idempotencyKey)).toEqual([k2]);
    expect(store.outbox.get(k2)).toMatchObject({ state: 'unknown', lastError: { code: 'interrupted' } });
    expect(store.outbox.list({ state: 'failed' }).map((e) => e.sourceKey)).toEqual(['JE-3']);
  });
});
