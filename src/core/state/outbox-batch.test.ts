import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson as specCanonical } from '../../../audit/schema/canonical-json.ts';
import { canonicalJson, digestOf } from './canonical-json.ts';
import { changeSetDigest } from './change-sets.ts';
import { item, setup } from './state.test-support.ts';

/** A change set over items 1..n, planned but not approved. */
function plannedSet(store: ReturnType<typeof setup>['store'], n: number) {
  const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
  const items = Array.from({ length: n }, (_, i) => item(i + 1, { amount: `${i + 1}.00`, lines: [{ b: 'x', a: 'é"' }] }));
  const created = store.changeSets.create({ runId, pipeline: 'gl', company: 'A', createdBy: 'agent', summary: {}, items });
  if (!created.ok) throw new Error(created.error.message);
  return { cs: created.value.changeSet, items };
}

describe('outbox set operations', () => {
  it('approves the planned and failed items of a change set in one statement, and nothing else', () => {
    const { store } = setup();
    const { cs } = plannedSet(store, 3);
    const [k1, k2, k3] = [1, 2, 3].map((n) => item(n).idempotencyKey) as [string, string, string];
    expect(store.outbox.approveChangeSet(cs.id)).toBe(3);
    store.outbox.markSending(k2);
    store.outbox.markFailed(k2, { code: 'validation' });
    store.outbox.markSending(k3);
    expect(store.outbox.approveChangeSet(cs.id)).toBe(1);
    expect([k1, k2, k3].map((k) => store.outbox.get(k)?.state)).toEqual(['approved', 'approved', 'sending']);
    expect(store.outbox.approveChangeSet(cs.id + 1)).toBe(0);
  });

  it('returns the stored items as canonical text, whose digest is the change-set digest', () => {
    const { store } = setup();
    const { cs, items } = plannedSet(store, 4);
    const stored = store.outbox.storedItems(cs.id);
    expect(stored.map((s) => s.payload)).toEqual(items.map((i) => canonicalJson(i.payload)));
    expect(stored.map((s) => s.idempotencyKey)).toEqual(items.map((i) => i.idempotencyKey));
    // Re-derived with the specification's writer (audit/schema) from the stored texts, not with core's own code.
    const document = stored.map(({ idempotencyKey, targetSystem, objectType, sourceSystem, sourceKey, payload }) => ({
      idempotencyKey,
      targetSystem,
      objectType,
      sourceSystem,
      sourceKey,
      payload: JSON.parse(payload) as unknown,
    }));
    const digest = createHash('sha256').update(specCanonical(document), 'utf8').digest('hex');
    expect(digest).toBe(changeSetDigest(items));
    expect(digest).toBe(cs.digest);
  });

  it('reads a planned digest without the payload, and plans with a text the caller serialised already', () => {
    const { store } = setup();
    const { cs } = plannedSet(store, 1);
    expect(store.outbox.payloadDigestOf(item(1).idempotencyKey)).toBe(store.outbox.get(item(1).idempotencyKey)?.payloadDigest);
    expect(store.outbox.payloadDigestOf('nope')).toBeUndefined();
    const next = item(2, { b: 1, a: [true, null] });
    const planned = store.outbox.plan(cs.id, next, canonicalJson(next.payload));
    expect(planned).toMatchObject({
      isNew: true,
      payloadMatches: true,
      entry: { payload: { a: [true, null], b: 1 }, payloadDigest: digestOf(next.payload) },
    });
  });

  it('gives pending entries their payload on first use, as planned', () => {
    const { store } = setup();
    const { cs, items } = plannedSet(store, 2);
    store.outbox.approveChangeSet(cs.id);
    const pending = store.outbox.pendingFor(cs.id);
    expect(pending.map((e) => e.payload)).toEqual(items.map((i) => i.payload));
    expect(pending[0]).toEqual(store.outbox.get(items[0]!.idempotencyKey));
  });
});

describe('planning many items at once', () => {
  it('inserts only the keys not planned yet and reads digests of many keys in one call', () => {
    const { store } = setup();
    const { cs } = plannedSet(store, 2);
    const items = [item(2), item(3, { amount: '3.00' })];
    const texts = items.map((i) => canonicalJson(i.payload));
    expect(
      store.outbox.planMany(
        cs.id,
        items,
        texts,
        items.map((i) => digestOf(i.payload)),
      ),
    ).toBe(1);
    expect(store.outbox.get(item(3).idempotencyKey)).toMatchObject({
      state: 'planned',
      payload: { amount: '3.00' },
      payloadDigest: digestOf({ amount: '3.00' }),
      attempts: 0,
    });
    const digests = store.outbox.payloadDigestsOf([item(1).idempotencyKey, 'missing', item(3).idempotencyKey]);
    expect([...digests.keys()].sort()).toEqual([item(1).idempotencyKey, item(3).idempotencyKey].sort());
    expect(digests.get(item(3).idempotencyKey)).toBe(digestOf({ amount: '3.00' }));
    expect(store.outbox.payloadDigestsOf([]).size).toBe(0);
  });

  it('stores the digest a planner computed with the text it serialised', () => {
    const { store } = setup();
    const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'agent' });
    const it1 = item(1, { amount: '1.00' });
    const payloadText = canonicalJson(it1.payload);
    const created = store.changeSets.create({
      runId,
      pipeline: 'gl',
      company: 'A',
      createdBy: 'agent',
      summary: {},
      items: [{ ...it1, payloadText, payloadDigest: digestOf(it1.payload) }],
    });
    expect(created.ok && created.value.newItems).toBe(1);
    expect(store.outbox.get(it1.idempotencyKey)?.payloadDigest).toBe(digestOf(it1.payload));
  });
});
