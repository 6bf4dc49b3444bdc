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
 * Creates the call-window repository (a sliding window log; rows older than the window are dropped as it slides).
 * Counting a key's rows costs a scan of its window (up to its whole budget), so the count is kept per key in memory
 * and recounted only when another connection may have changed the table: SQLite's `data_version`, read under the
 * write lock, moves exactly when another connection committed since this one last looked. A take is then one
 * expiry DELETE and one INSERT, whatever the size of the budget.
 */
export function createCallWindowRepo(db: StateDb): CallWindowRepo {
  const dropStmt = db.prepare('DELETE FROM call_windows WHERE principal = ? AND tool = ? AND at_ms <= ?');
  const countStmt = db.prepare<[string, string], number>('SELECT COUNT(*) FROM call_windows WHERE principal = ? AND tool = ?').pluck();
  const oldestStmt = db
    .prepare<[string, string], number | null>('SELECT MIN(at_ms) FROM call_windows WHERE principal = ? AND tool = ?')
    .pluck();
  const insertStmt = db.prepare('INSERT INTO call_windows (principal, tool, at_ms) VALUES (?, ?, ?)');
  const versionStmt = db.prepare<[], number>('PRAGMA data_version').pluck();
  const known = new Map<string, Known>();

  const take = db.transaction(
    (key: string, principal: string, tool: string, calls: number, windowMs: number, nowMs: number): { taken: CallTake; known: Known } => {
      const dropped = dropStmt.run(principal, tool, nowMs - windowMs).changes;
      const version = versionStmt.get()!;
      const before = known.get(key);
      const rows = before !== undefined && before.version === version ? before.rows - dropped : countStmt.get(principal, tool)!;
      if (rows >= calls) {
        const oldest = oldestStmt.get(principal, tool) ?? nowMs;
        return { taken: err({ retryAfterMs: Math.max(1, oldest + windowMs - nowMs) }), known: { version, rows } };
      }
      insertStmt.run(principal, tool, nowMs);
      return { taken: ok(undefined), known: { version, rows: rows + 1 } };
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
    let done: { taken: CallTake; known: Known };
    try {
      done = take.immediate(key, principal, tool, calls, windowMs, nowMs);
    } catch (error) {
      // Rolled back: what this connection knew of the key may no longer hold.
      known.delete(key);
      throw error;
    }
    // Kept only once committed, so a rolled-back take never leaves a count behind.
    known.set(key, done.known);
    return done.taken;
  };
  return {
    take: (principal, tool, calls, windowMs, nowMs) => {
      const key = `${principal}\u0000${tool}`;
      if (!wal) return run(key, principal, tool, calls, windowMs, nowMs);
      relax.run();
      try {
        return run(key, principal, tool, calls, windowMs, nowMs);
      } finally {
        restore.run();
      }
    },
  };
}
