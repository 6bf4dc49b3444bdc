import { describe, expect, it } from 'vitest';
import type { RaiseInput } from './exceptions.ts';
import { approvedSet, item, setup } from './state.test-support.ts';

const exception = (n: number, over: Partial<RaiseInput> = {}): RaiseInput => ({
  class: 'mapping',
  pipeline: 'gl',
  company: 'A',
  sourceKey: `JE-${n}`,
  message: 'unmapped',
  fix: 'map it',
  sourceRecord: {},
  ...over,
});

describe('status counts', () => {
  it('are zero on an empty store, every unconfirmed state present', () => {
    const { store } = setup();
    expect(store.counts.pendingChangeSets()).toBe(0);
    expect(store.counts.unconfirmedWrites()).toEqual({ approved: 0, sending: 0, unknown: 0, failed: 0 });
    expect(store.counts.openExceptions()).toEqual({});
  });

  it('count what the lists hold, per pipeline where asked', () => {
    const { store } = setup();
    // An approved change set of gl (items 1..4) with one item sending, one unknown, one failed.
    approvedSet(store, 4);
    store.outbox.markSending(item(1).idempotencyKey);
    store.outbox.markSending(item(2).idempotencyKey);
    store.outbox.markUnknown(item(2).idempotencyKey, { timeout: true });
    store.outbox.markSending(item(3).idempotencyKey);
    store.outbox.markFailed(item(3).idempotencyKey, { code: 'period_closed' });
    // Planned change sets: two of gl, one of ap.
    for (const [pipeline, n] of [
      ['gl', 10],
      ['gl', 11],
      ['ap', 12],
    ] as const) {
      const runId = store.runs.startRun({ pipeline, company: 'A', params: {}, principal: 'agent' });
      const created = store.changeSets.create({
        runId,
        pipeline,
        company: 'A',
        createdBy: 'agent',
        summary: {},
        items: [{ ...item(n), idempotencyKey: `${pipeline}:A:JE-${n}:v1` }],
      });
      expect(created.ok).toBe(true);
    }
    // Exceptions: open ones of two classes and two pipelines, one resolved.
    store.exceptions.raise(exception(1));
    store.exceptions.raise(exception(2));
    store.exceptions.raise(exception(3, { class: 'period' }));
    store.exceptions.raise(exception(4, { pipeline: 'ap', class: 'validation' }));
    const resolved = store.exceptions.raise(exception(5));
    store.exceptions.resolve(resolved.id, { reason: 'fixed', by: 'admin' });

    // The same figures as counting the lists (what get_sync_status did before).
    const byList = (pipeline?: string) => {
      const open: Record<string, number> = {};
      for (const e of store.exceptions.list({ status: 'open', ...(pipeline ? { pipeline } : {}) }))
        open[e.class] = (open[e.class] ?? 0) + 1;
      return {
        pending: store.changeSets.list({ status: 'planned', ...(pipeline ? { pipeline } : {}) }).length,
        unconfirmed: Object.fromEntries(
          (['approved', 'sending', 'unknown', 'failed'] as const).map((state) => [state, store.outbox.list({ state }).length]),
        ),
        open,
      };
    };
    const byCount = (pipeline?: string) => ({
      pending: store.counts.pendingChangeSets(pipeline),
      unconfirmed: store.counts.unconfirmedWrites(),
      open: store.counts.openExceptions(pipeline),
    });
    expect(byCount()).toEqual({
      pending: 3,
      unconfirmed: { approved: 1, sending: 1, unknown: 1, failed: 1 },
      open: { mapping: 2, period: 1, validation: 1 },
    });
    expect(byCount('gl')).toEqual({
      pending: 2,
      unconfirmed: { approved: 1, sending: 1, unknown: 1, failed: 1 },
      open: { mapping: 2, period: 1 },
    });
    expect(byCount('ap')).toEqual({ pending: 1, unconfirmed: { approved: 1, sending: 1, unknown: 1, failed: 1 }, open: { validation: 1 } });
    for (const pipeline of [undefined, 'gl', 'ap', 'po']) expect(byCount(pipeline)).toEqual(byList(pipeline));
  });

  it('a snapshot reads one consistent state and returns what its function returns', () => {
    const { store } = setup();
    store.exceptions.raise(exception(1));
    expect(store.snapshot(() => store.counts.openExceptions())).toEqual({ mapping: 1 });
    // Inside another transaction it nests (a savepoint) and sees that transaction's writes.
    const seen = store.transaction(() => {
      store.exceptions.raise(exception(2, { class: 'period' }));
      return store.snapshot(() => store.counts.openExceptions());
    });
    expect(seen).toEqual({ mapping: 1, period: 1 });
  });
});
