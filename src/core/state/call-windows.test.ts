import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS } from './migrations.ts';
import { createStateStore } from './state-store.ts';
import { setup } from './state.test-support.ts';

describe('call windows', () => {
  it('takes calls up to the budget, then refuses with the time until the oldest leaves the window', () => {
    const { store } = setup();
    const t0 = 1_000_000;
    expect(store.callWindows.take('agent', 'sync_ar', 2, 60_000, t0)).toEqual({ ok: true });
    expect(store.callWindows.take('agent', 'sync_ar', 2, 60_000, t0 + 10_000)).toEqual({ ok: true });
    expect(store.callWindows.take('agent', 'sync_ar', 2, 60_000, t0 + 20_000)).toEqual({ ok: false, error: { retryAfterMs: 40_000 } });
    // Another principal or tool has a budget of its own.
    expect(store.callWindows.take('analyst', 'sync_ar', 2, 60_000, t0 + 20_000)).toEqual({ ok: true });
    expect(store.callWindows.take('agent', 'sync_po', 2, 60_000, t0 + 20_000)).toEqual({ ok: true });
    // Once the first call slides out of the window, one more fits.
    expect(store.callWindows.take('agent', 'sync_ar', 2, 60_000, t0 + 60_001)).toEqual({ ok: true });
    expect(store.callWindows.take('agent', 'sync_ar', 2, 60_000, t0 + 60_002).ok).toBe(false);
  });

  it('is one budget for two processes on the same state file', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-calls-')), 'state.db');
    const open = () => {
      const db = openStateDb(path, { migrations: STATE_MIGRATIONS });
      return { db, store: createStateStore(db, { clock: { now: () => Date.now() } }) };
    };
    const a = open();
    const b = open();
    try {
      expect(a.store.callWindows.take('operator', 'post_journal_entries', 1, 60_000, 5_000).ok).toBe(true);
      expect(b.store.callWindows.take('operator', 'post_journal_entries', 1, 60_000, 6_000).ok).toBe(false);
    } finally {
      a.db.close();
      b.db.close();
    }
  });

  it('leaves the connection at its usual synchronous=FULL after each take (the take itself skips the fsync)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-calls-')), 'state.db');
    const db = openStateDb(path, { migrations: STATE_MIGRATIONS });
    try {
      const store = createStateStore(db, { clock: { now: () => Date.now() } });
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(store.callWindows.take('agent', 'sync_ar', 1, 60_000, 1_000).ok).toBe(true);
      expect(store.callWindows.take('agent', 'sync_ar', 1, 60_000, 2_000).ok).toBe(false);
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      db.close();
    }
  });
});
