import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS } from './migrations.ts';
import { createStateStore } from './state-store.ts';

function setup() {
  let now = Date.parse('2025-01-31T12:00:00.000Z');
  const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
  const store = createStateStore(db, { clock: { now: () => now } });
  return { db, store, tick: (ms: number) => (now += ms) };
}

describe('cursors', () => {
  it('stores one JSON cursor per pipeline and company', () => {
    const { store } = setup();
    expect(store.cursors.get('gl', 'A')).toBeUndefined();
    store.cursors.set('gl', 'A', { modifiedAfter: '2025-01-30T00:00:00Z', lastKey: 'JE-9' });
    store.cursors.set('gl', 'B', { lastKey: 'JE-1' });
    store.cursors.set('gl', 'A', { modifiedAfter: '2025-01-31T00:00:00Z', lastKey: 'JE-12' });
    expect(store.cursors.get('gl', 'A')).toEqual({
      pipeline: 'gl',
      company: 'A',
      value: { lastKey: 'JE-12', modifiedAfter: '2025-01-31T00:00:00Z' },
      updatedAt: '2025-01-31T12:00:00.000Z',
    });
    expect(store.cursors.get('gl', 'B')?.value).toEqual({ lastKey: 'JE-1' });
  });

  it('refuses advanceCursor outside a transaction, so it cannot run ahead of confirmations', () => {
    const { store } = setup();
    expect(() => store.cursors.advanceCursor('gl', 'A', { lastKey: 'x' })).toThrow(/outside a transaction/);
    expect(store.cursors.get('gl', 'A')).toBeUndefined();
    store.transaction(() => store.cursors.advanceCursor('gl', 'A', { lastKey: 'x' }));
    expect(store.cursors.get('gl', 'A')?.value).toEqual({ lastKey: 'x' });
  });

  it('rolls an advance back with the transaction it belongs to', () => {
    const { store } = setup();
    expect(() =>
      store.transaction(() => {
        store.cursors.advanceCursor('gl', 'A', { lastKey: 'x' });
        throw new Error('later step failed');
      }),
    ).toThrow('later step failed');
    expect(store.cursors.get('gl', 'A')).toBeUndefined();
  });
});
