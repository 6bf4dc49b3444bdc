import { describe, expect, it } from 'vitest';
import type { RaiseInput } from './exceptions.ts';
import { openStateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS } from './migrations.ts';
import { createStateStore } from './state-store.ts';

function setup() {
  let now = Date.parse('2025-01-31T12:00:00.000Z');
  const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
  const store = createStateStore(db, { clock: { now: () => now } });
  return { db, store, tick: (ms: number) => (now += ms) };
}

const UNMAPPED: RaiseInput = {
  class: 'mapping',
  pipeline: 'gl',
  company: 'SAMINC',
  sourceKey: 'JE-17',
  message: 'account 1000-200 has no mapping',
  fix: 'add 1000-200 to mappings/chart-of-accounts.csv',
  sourceRecord: { batch: 'JE-17', amount: '100.00' },
};

describe('exceptions queue', () => {
  it('raises a new open exception with the upstream error kept verbatim', () => {
    const { store } = setup();
    const raised = store.exceptions.raise({
      ...UNMAPPED,
      class: 'upstream',
      upstreamError: { code: 'BL34000061', errorno: 'PL04000055', text: 'Period is closed' },
    });
    expect(raised).toEqual({ id: expect.any(Number), isNew: true });
    expect(store.exceptions.get(raised.id)).toMatchObject({
      status: 'open',
      occurrences: 1,
      attempts: 0,
      upstreamError: { code: 'BL34000061', errorno: 'PL04000055', text: 'Period is closed' },
      sourceRecord: { amount: '100.00' },
    });
  });

  it('updates the unresolved exception for the same record and class instead of duplicating it', () => {
    const { store, tick } = setup();
    const first = store.exceptions.raise(UNMAPPED);
    tick(1000);
    const again = store.exceptions.raise({ ...UNMAPPED, message: 'still unmapped' });
    expect(again).toEqual({ id: first.id, isNew: false });
    expect(store.exceptions.get(first.id)).toMatchObject({
      message: 'still unmapped',
      occurrences: 2,
      lastSeenAt: '2025-01-31T12:00:01.000Z',
      firstSeenAt: '2025-01-31T12:00:00.000Z',
    });
    expect(store.exceptions.raise({ ...UNMAPPED, class: 'validation' }).isNew).toBe(true);
    expect(store.exceptions.list()).toHaveLength(2);
  });

  it('puts a retrying exception back to open when the retry fails again', () => {
    const { store } = setup();
    const { id } = store.exceptions.raise(UNMAPPED);
    expect(store.exceptions.markRetry(id)).toMatchObject({ ok: true, value: { status: 'retrying', attempts: 1 } });
    expect(store.exceptions.raise(UNMAPPED)).toEqual({ id, isNew: false });
    expect(store.exceptions.get(id)).toMatchObject({ status: 'open', attempts: 1 });
  });

  it('resolves by hand once, and opens a fresh exception if the problem comes back', () => {
    const { store } = setup();
    const { id } = store.exceptions.raise(UNMAPPED);
    expect(store.exceptions.resolve(id, { reason: 'posted by hand', by: 'alice' })).toMatchObject({
      ok: true,
      value: { status: 'resolved', resolvedBy: 'alice', resolution: 'posted by hand' },
    });
    expect(store.exceptions.resolve(id, { reason: 'again', by: 'bob' })).toMatchObject({ ok: false, error: { code: 'invalid_status' } });
    expect(store.exceptions.markRetry(id)).toMatchObject({ ok: false, error: { code: 'invalid_status' } });
    expect(store.exceptions.markRetry(404)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(store.exceptions.raise(UNMAPPED).isNew).toBe(true);
  });

  it('auto-resolves every unresolved exception of a record after a later success, naming the run', () => {
    const { store } = setup();
    const a = store.exceptions.raise(UNMAPPED);
    const b = store.exceptions.raise({ ...UNMAPPED, class: 'transient' });
    const other = store.exceptions.raise({ ...UNMAPPED, sourceKey: 'JE-18' });
    store.exceptions.markRetry(b.id);
    expect(store.exceptions.autoResolve('gl', 'SAMINC', 'JE-17', 7)).toBe(2);
    expect(store.exceptions.get(a.id)).toMatchObject({ status: 'resolved', resolution: 'succeeded in run 7', resolvedBy: 'sagebridge' });
    expect(store.exceptions.get(b.id)?.status).toBe('resolved');
    expect(store.exceptions.get(other.id)?.status).toBe('open');
  });

  it('filters the list by status, pipeline and class', () => {
    const { store } = setup();
    store.exceptions.raise(UNMAPPED);
    store.exceptions.raise({ ...UNMAPPED, pipeline: 'vendors', class: 'duplicate' });
    const { id } = store.exceptions.raise({ ...UNMAPPED, sourceKey: 'JE-3', class: 'period' });
    store.exceptions.resolve(id, { reason: 'period reopened', by: 'alice' });
    expect(
      store.exceptions
        .list({ status: 'open' })
        .map((e) => e.class)
        .sort(),
    ).toEqual(['duplicate', 'mapping']);
    expect(store.exceptions.list({ pipeline: 'vendors' })).toHaveLength(1);
    expect(store.exceptions.list({ class: 'period', status: 'resolved' })).toHaveLength(1);
  });
});
