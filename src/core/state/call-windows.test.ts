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

  it('counts the calls another process took since this one last looked (its count in memory is not trusted then)', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-calls-')), 'state.db');
    const open = () => {
      const db = openStateDb(path, { migrations: STATE_MIGRATIONS });
      return { db, store: createStateStore(db, { clock: { now: () => Date.now() } }) };
    };
    const a = open();
    const b = open();
    try {
      const take = (s: typeof a, at: number) => s.store.callWindows.take('agent', 'sync_ar', 3, 60_000, at);
      expect(take(a, 1_000).ok).toBe(true);
      expect(take(a, 2_000).ok).toBe(true);
      // b takes the last call of the budget; a, which counted 2 itself, must see 3.
      expect(take(b, 3_000).ok).toBe(true);
      expect(take(a, 4_000)).toEqual({ ok: false, error: { retryAfterMs: 57_000 } });
      expect(take(b, 4_500).ok).toBe(false);
      // The first call slides out: one more fits, for whichever process asks first, and then none.
      expect(take(a, 61_001).ok).toBe(true);
      expect(take(b, 61_002)).toEqual({ ok: false, error: { retryAfterMs: 998 } });
      expect(take(a, 61_003).ok).toBe(false);
      // Rows removed by another connection are recounted too.
      b.db.prepare('DELETE FROM call_windows').run();
      expect(take(a, 61_004).ok).toBe(true);
      expect(take(a, 61_005).ok).toBe(true);
      expect(take(a, 61_006).ok).toBe(true);
      expect(take(a, 61_007).ok).toBe(false);
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

  describe('a burst leases rows ahead', () => {
    const open = (path: string) => {
      const db = openStateDb(path, { migrations: STATE_MIGRATIONS });
      return { db, store: createStateStore(db, { clock: { now: () => Date.now() } }) };
    };
    const rowsOf = (db: ReturnType<typeof open>['db']) =>
      db.prepare<[], number>("SELECT COUNT(*) FROM call_windows WHERE principal = 'agent' AND tool = 'get_sync_status'").pluck().get()!;

    it('answers most calls of a burst without a write, every call already counted in the file', () => {
      const path = join(mkdtempSync(join(tmpdir(), 'sb-calls-')), 'state.db');
      const a = open(path);
      const watcher = open(path);
      const version = watcher.db.prepare<[], number>('PRAGMA data_version').pluck();
      try {
        let commits = 0;
        for (let i = 0; i < 200; i++) {
          const before = version.get()!;
          expect(a.store.callWindows.take('agent', 'get_sync_status', 10_000, 60_000, 1_000 + i).ok).toBe(true);
          if (version.get() !== before) commits++;
          // Another process sees at least every call made so far.
          expect(rowsOf(watcher.db)).toBeGreaterThanOrEqual(i + 1);
        }
        // One commit per lease (1, 2, 4, … 64 rows), not one per call.
        expect(commits).toBeLessThan(12);
        expect(rowsOf(watcher.db)).toBeLessThanOrEqual(200 + 64);
      } finally {
        a.db.close();
        watcher.db.close();
      }
    });

    it('never lets two processes together exceed the budget, and gives unused rows back at its next take', () => {
      const path = join(mkdtempSync(join(tmpdir(), 'sb-calls-')), 'state.db');
      const a = open(path);
      const b = open(path);
      try {
        const take = (s: typeof a, at: number) => s.store.callWindows.take('agent', 'get_sync_status', 100, 60_000, at).ok;
        let granted = 0;
        // Both burst, interleaved, 1 ms apart: together they get at most the budget.
        for (let i = 0; i < 150; i++) {
          if (take(a, 10_000 + 2 * i)) granted++;
          if (take(b, 10_001 + 2 * i)) granted++;
        }
        expect(granted).toBeLessThanOrEqual(100);
        expect(granted).toBeGreaterThan(80);
        expect(rowsOf(a.db)).toBeLessThanOrEqual(100);
      } finally {
        a.db.close();
        b.db.close();
      }
      const c = open(path);
      try {
        // A burst that stops leaves rows ahead; the next take, a while later, gives them back and takes one row.
        const t = 200_000;
        for (let i = 0; i < 40; i++) expect(c.store.callWindows.take('agent', 'get_sync_status', 10_000, 60_000, t + i).ok).toBe(true);
        expect(rowsOf(c.db)).toBeGreaterThan(40);
        expect(c.store.callWindows.take('agent', 'get_sync_status', 10_000, 60_000, t + 5_000).ok).toBe(true);
        expect(rowsOf(c.db)).toBe(41);
      } finally {
        c.db.close();
      }
    });
  });
});
