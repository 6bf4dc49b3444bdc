import type { StateDb } from '../../platform/state-db.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** The answer of a call-budget check: taken, or refused with the time until the oldest call leaves the window. */
type CallTake = Result<void, { readonly retryAfterMs: number }>;

/**
 * Call budgets per principal and tool kept in the state DB, so every process of a deployment (the server, each CLI
 * command, schedules) draws on the same window: a script looping the CLI cannot spend the budget again per process.
 */
export interface CallWindowRepo {
  /** Records one call at `nowMs` if fewer than `calls` were made in the `windowMs` before it; else refuses. */
  take(principal: string, tool: string, calls: number, windowMs: number, nowMs: number): CallTake;
}

/** How many rows a key had after this connection's last take, and the database's data_version then. */
interface Known {
  readonly version: number;
  readonly rows: number;
}

/**
 * Rows this connection inserted ahead for calls it has not made yet: `left` of them, dated `at` (the end of the lease),
 * with the rowids of the unused ones so they can be given back. A call made while it lasts is already counted.
 */
interface Lease {
  readonly at: number;
  readonly calls: number;
  readonly windowMs: number;
  readonly rowids: number[];
  /** How many rows this lease took in all: the next one may take twice as many if this one is used up in time. */
  readonly size: number;
}

/** How long a lease lasts; calls further apart than this always take their row one by one, as if there were none. */
const LEASE_MS = 250;
/** The most rows one lease takes ahead. */
const MAX_LEASE = 64;
/** A lease never takes more than this share of the budget still free (the rest stays free for other processes). */
const LEASE_SHARE_OF_FREE = 4;

/**
 * Creates the call-window repository (a sliding window log; rows older than the window are dropped as it slides).
 * Counting a key's rows costs a scan of its window (up to its whole budget), so the count is kept per key in memory
 * and recounted only when another connection may have changed the table: SQLite's `data_version`, read under the
 * write lock, moves exactly when another connection committed since this one last looked. A take is then one
 * expiry DELETE and one INSERT, whatever the size of the budget.
 *
 * A burst of calls (each within LEASE_MS of the take before, every leased row used) leases rows ahead instead of
 * writing one per call: up to MAX_LEASE rows, never more than a quarter of the budget still free, dated at the end of
 * the lease and inserted before the first call they cover. Each such call is then answered from memory, with no
 * write transaction. This is never more generous to anyone: every call made has its row in the file before it runs,
 * dated no earlier than the call (so it leaves every process's window no earlier than it should). It is only
 * stricter: rows of a lease not used within LEASE_MS count until this connection's next take of the key gives them
 * back (or, if it never comes, until they leave the window). Calls further apart than LEASE_MS, and budgets with
 * fewer than 8 calls free, take one row per call, dated at the call, exactly as without leases.
 */
export function createCallWindowRepo(db: StateDb): CallWindowRepo {
  const dropStmt = db.prepare('DELETE FROM call_windows WHERE principal = ? AND tool = ? AND at_ms <= ?');
  const countStmt = db.prepare<[string, string], number>('SELECT COUNT(*) FROM call_windows WHERE principal = ? AND tool = ?').pluck();
  const oldestStmt = db
    .prepare<[string, string], number | null>('SELECT MIN(at_ms) FROM call_windows WHERE principal = ? AND tool = ?')
    .pluck();
  const insertStmt = db.prepare('INSERT INTO call_windows (principal, tool, at_ms) VALUES (?, ?, ?)');
  // A leased row given back: the key and date are checked too, in case another process dropped it and its rowid was reused.
  const giveBackStmt = db.prepare('DELETE FROM call_windows WHERE rowid = ? AND principal = ? AND tool = ? AND at_ms = ?');
  const versionStmt = db.prepare<[], number>('PRAGMA data_version').pluck();
  const known = new Map<string, Known>();
  const leases = new Map<string, Lease>();
  /** When each key's last take through the file was, and the lease it took then. */
  const lastTake = new Map<string, { readonly atMs: number; readonly size: number }>();

  const take = db.transaction(
    (
      key: string,
      principal: string,
      tool: string,
      calls: number,
      windowMs: number,
      nowMs: number,
      wanted: number,
      unused: Lease | undefined,
    ): { taken: CallTake; known: Known; lease: Lease | undefined } => {
      // Rows of the last lease that no call used are given back first.
      let givenBack = 0;
      if (unused) for (const rowid of unused.rowids) givenBack += giveBackStmt.run(rowid, principal, tool, unused.at).changes;
      const dropped = dropStmt.run(principal, tool, nowMs - windowMs).changes;
      const version = versionStmt.get()!;
      const before = known.get(key);
      // data_version does not move for this connection's own commits, and the give-back is this transaction's own.
      const rows = before !== undefined && before.version === version ? before.rows - givenBack - dropped : countStmt.get(principal, tool)!;
      if (rows >= calls) {
        const oldest = oldestStmt.get(principal, tool) ?? nowMs;
        return { taken: err({ retryAfterMs: Math.max(1, oldest + windowMs - nowMs) }), known: { version, rows }, lease: undefined };
      }
      const size = Math.max(1, Math.min(wanted, Math.floor((calls - rows) / LEASE_SHARE_OF_FREE)));
      if (size === 1) {
        insertStmt.run(principal, tool, nowMs);
        return { taken: ok(undefined), known: { version, rows: rows + 1 }, lease: undefined };
      }
      const at = nowMs + LEASE_MS;
      const rowids: number[] = [];
      for (let i = 0; i < size; i++) rowids.push(Number(insertStmt.run(principal, tool, at).lastInsertRowid));
      // This call uses the first row; the others wait for the next calls.
      rowids.shift();
      return { taken: ok(undefined), known: { version, rows: rows + size }, lease: { at, calls, windowMs, rowids, size } };
    },
  );
  // A call record needs no power-loss durability (losing the last ones only makes a budget briefly more generous), so
  // its commit skips the fsync that synchronous=FULL costs (milliseconds per call): in WAL mode synchronous=NORMAL
  // keeps the database consistent and the next FULL commit of this connection makes these records durable too. The
  // setting is the connection's, so it is restored at once; every statement here is synchronous, nothing interleaves.
  const usual = db.pragma('synchronous', { simple: true }) as number;
  const wal = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
  const relax = db.prepare('PRAGMA synchronous = NORMAL');
  const restore = db.prepare(`PRAGMA synchronous = ${usual}`);
  const run = (key: string, principal: string, tool: string, calls: number, windowMs: number, nowMs: number) => {
    const unused = leases.get(key);
    // A burst: the last take was a moment ago and used every row it leased, so lease twice as many this time.
    const last = lastTake.get(key);
    const wanted =
      last !== undefined && nowMs >= last.atMs && nowMs - last.atMs <= LEASE_MS && (unused === undefined || unused.rowids.length === 0)
        ? Math.min(MAX_LEASE, last.size * 2)
        : 1;
    let done: { taken: CallTake; known: Known; lease: Lease | undefined };
    try {
      done = take.immediate(key, principal, tool, calls, windowMs, nowMs, wanted, unused);
    } catch (error) {
      // Rolled back: what this connection knew of the key may no longer hold (its lease rows are still in the file).
      known.delete(key);
      throw error;
    }
    // Kept only once committed, so a rolled-back take never leaves a count or a lease behind.
    known.set(key, done.known);
    if (done.lease) leases.set(key, done.lease);
    else leases.delete(key);
    lastTake.set(key, { atMs: nowMs, size: done.taken.ok ? (done.lease?.size ?? 1) : 0 });
    return done.taken;
  };
  const takeRow = (key: string, principal: string, tool: string, calls: number, windowMs: number, nowMs: number): CallTake => {
    if (!wal) return run(key, principal, tool, calls, windowMs, nowMs);
    relax.run();
    try {
      return run(key, principal, tool, calls, windowMs, nowMs);
    } finally {
      restore.run();
    }
  };
  return {
    take: (principal, tool, calls, windowMs, nowMs) => {
      const key = `${principal}\u0000${tool}`;
      // A row leased ahead for this call: it is in the file already, dated after now, so the call is counted.
      const lease = leases.get(key);
      if (lease !== undefined && lease.rowids.length > 0 && nowMs <= lease.at && lease.calls === calls && lease.windowMs === windowMs) {
        lease.rowids.pop();
        return ok(undefined);
      }
      return takeRow(key, principal, tool, calls, windowMs, nowMs);
    },
  };
}
