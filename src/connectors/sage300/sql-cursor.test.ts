import { describe, expect, it } from 'vitest';
import { ChangeTracker, msToStamp, parseAuditCursor, stampToMs } from './sql-cursor.ts';

describe('audit-stamp change tracker', () => {
  it('starts from the beginning without a cursor and returns the max stamp as watermark', () => {
    const t = new ChangeTracker(null, 600);
    expect(t.from()).toEqual({ fromDate: 0, fromTime: 0 });
    expect(t.accept('["A"]', 20260105, 9000000)).toBe(true);
    expect(t.accept('["B"]', 20260105, 12113964)).toBe(true);
    expect(t.cursor()).toMatchObject({ v: 1, audtDate: 20260105, audtTime: 12113964 });
  });

  it('re-reads the overlap window before the watermark, crossing midnight correctly', () => {
    const t = new ChangeTracker({ v: 1, audtDate: 20260101, audtTime: 500, recent: [] }, 600);
    expect(t.from()).toEqual({ fromDate: 20251231, fromTime: 23500500 });
  });

  it('skips overlap rows already delivered with the same stamp but returns re-stamped and late rows', () => {
    const first = new ChangeTracker(null, 600);
    first.accept('["A"]', 20260105, 12000000);
    first.accept('["B"]', 20260105, 12050000);
    const cursor = JSON.parse(JSON.stringify(first.cursor()));
    expect(cursor.recent).toEqual([
      ['["A"]', 2026010512000000],
      ['["B"]', 2026010512050000],
    ]);

    const second = new ChangeTracker(parseAuditCursor(cursor), 600);
    expect(second.accept('["A"]', 20260105, 12000000)).toBe(false); // same stamp: already delivered
    expect(second.accept('["C"]', 20260105, 12010000)).toBe(true); // late write inside the window
    expect(second.accept('["B"]', 20260105, 12060000)).toBe(true); // edited again
    const next = second.cursor();
    expect(next.audtTime).toBe(12060000);
    expect(next.recent.map(([k]) => k)).toEqual(['["A"]', '["C"]', '["B"]']);
  });

  it('forgets keys that fall out of the window so the cursor stays small', () => {
    const t = new ChangeTracker(null, 60);
    t.accept('["old"]', 20260105, 10000000);
    t.accept('["new"]', 20260105, 12000000);
    expect(t.cursor().recent.map(([k]) => k)).toEqual(['["new"]']);
  });

  it('round-trips Sage stamps through epoch milliseconds at hundredth resolution', () => {
    expect(msToStamp(stampToMs(20260105, 6381806))).toEqual({ date: 20260105, time: 6381806 });
  });

  it('rejects a malformed stored cursor', () => {
    expect(() => parseAuditCursor({ v: 1, audtDate: 'x', audtTime: 0, recent: [] })).toThrow(/malformed/);
  });
});
