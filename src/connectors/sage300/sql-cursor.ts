/**
 * Incremental change detection on AUDTDATE/AUDTTIME (reference §7): re-read an overlap window
 * before the watermark and drop rows already delivered with the same key AND stamp. The cursor is
 * plain JSON; the caller persists it only after the records are durably recorded.
 */

/** Serialisable watermark. `recent` = `[key, stamp]` delivered within the overlap window of the watermark. */
export interface AuditCursor {
  readonly v: 1;
  readonly audtDate: number;
  readonly audtTime: number;
  readonly recent: readonly (readonly [string, number])[];
}

/** Cursor for GLPOST: the last posting sequence fully read. */
export interface PostingSeqCursor {
  readonly v: 1;
  readonly postingSeq: number;
}

/** Combined sortable stamp `AUDTDATE * 1e8 + AUDTTIME` (fits a safe integer). */
function stampOf(date: number, time: number): number {
  return date * 100_000_000 + time;
}

/** Epoch milliseconds of a Sage date/time pair (0 date → 0). */
export function stampToMs(date: number, time: number): number {
  if (date <= 0) return 0;
  const t = String(time).padStart(8, '0');
  return Date.UTC(
    Math.floor(date / 10000),
    (Math.floor(date / 100) % 100) - 1,
    date % 100,
    Number(t.slice(0, 2)),
    Number(t.slice(2, 4)),
    Number(t.slice(4, 6)),
    Number(t.slice(6, 8)) * 10,
  );
}

/** Inverse of `stampToMs` (hundredths resolution). */
export function msToStamp(ms: number): { date: number; time: number } {
  if (ms <= 0) return { date: 0, time: 0 };
  const d = new Date(ms);
  const date = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
  const time = d.getUTCHours() * 1_000_000 + d.getUTCMinutes() * 10_000 + d.getUTCSeconds() * 100 + Math.floor(d.getUTCMilliseconds() / 10);
  return { date, time };
}

function splitStamp(stamp: number): { date: number; time: number } {
  return { date: Math.floor(stamp / 100_000_000), time: stamp % 100_000_000 };
}

/** Checks a cursor read back from storage; throws on a malformed value (a caller bug, not a data error). */
export function parseAuditCursor(value: unknown): AuditCursor {
  const c = value as Partial<AuditCursor> | null;
  const ok =
    c !== null &&
    typeof c === 'object' &&
    c.v === 1 &&
    Number.isSafeInteger(c.audtDate) &&
    Number.isSafeInteger(c.audtTime) &&
    Array.isArray(c.recent) &&
    c.recent.every((e) => Array.isArray(e) && typeof e[0] === 'string' && Number.isSafeInteger(e[1]));
  if (!ok) throw new Error('malformed Sage 300 audit cursor');
  return c as AuditCursor;
}

/** Tracks one incremental run: the lower bound to query from, de-duplication, and the next cursor. */
export class ChangeTracker {
  private readonly windowMs: number;
  /** key → stamp, in ascending stamp order (rows arrive ordered by stamp). */
  private readonly recent = new Map<string, number>();
  private maxStamp: number;
  private maxMs: number;
  private seenSinceprune = 0;

  constructor(
    private readonly previous: AuditCursor | null,
    overlapSeconds: number,
  ) {
    this.windowMs = Math.max(0, overlapSeconds) * 1000;
    this.maxStamp = previous ? stampOf(previous.audtDate, previous.audtTime) : 0;
    this.maxMs = previous ? stampToMs(previous.audtDate, previous.audtTime) : 0;
    for (const [k, s] of previous?.recent ?? []) this.recent.set(k, s);
  }

  /** Query lower bound: watermark minus the overlap window (everything on the first run). */
  from(): { fromDate: number; fromTime: number } {
    if (!this.previous || this.previous.audtDate <= 0) return { fromDate: 0, fromTime: 0 };
    const { date, time } = msToStamp(stampToMs(this.previous.audtDate, this.previous.audtTime) - this.windowMs);
    return { fromDate: date, fromTime: time };
  }

  /** True when the row is new or changed since it was last delivered; false for an overlap re-read. */
  accept(key: string, date: number, time: number): boolean {
    const stamp = stampOf(date, time);
    if (this.recent.get(key) === stamp) return false;
    this.recent.delete(key);
    this.recent.set(key, stamp);
    if (stamp > this.maxStamp) {
      this.maxStamp = stamp;
      this.maxMs = stampToMs(date, time);
    }
    if (++this.seenSinceprune >= 10_000) this.prune();
    return true;
  }

  private prune(): void {
    this.seenSinceprune = 0;
    const floor = this.maxMs - this.windowMs;
    for (const [k, s] of this.recent) {
      const { date, time } = splitStamp(s);
      if (stampToMs(date, time) >= floor) continue;
      this.recent.delete(k);
    }
  }

  /** The cursor to store once everything yielded so far is durably recorded. */
  cursor(): AuditCursor {
    this.prune();
    const { date, time } = splitStamp(this.maxStamp);
    const recent = [...this.recent].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
    return { v: 1, audtDate: date, audtTime: time, recent };
  }
}
