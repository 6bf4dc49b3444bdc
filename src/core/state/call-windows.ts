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

/** Creates the call-window repository (a sliding window log; rows older than the window are dropped as it slides). */
export function createCallWindowRepo(db: StateDb): CallWindowRepo {
  const dropStmt = db.prepare('DELETE FROM call_windows WHERE principal = ? AND tool = ? AND at_ms <= ?');
  const countStmt = db.prepare<[string, string], { n: number; oldest: number | null }>(
    'SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM call_windows WHERE principal = ? AND tool = ?',
  );
  const insertStmt = db.prepare('INSERT INTO call_windows (principal, tool, at_ms) VALUES (?, ?, ?)');
  const take = db.transaction((principal: string, tool: string, calls: number, windowMs: number, nowMs: number): CallTake => {
    dropStmt.run(principal, tool, nowMs - windowMs);
    const { n, oldest } = countStmt.get(principal, tool)!;
    if (n >= calls) return err({ retryAfterMs: Math.max(1, (oldest ?? nowMs) + windowMs - nowMs) });
    insertStmt.run(principal, tool, nowMs);
    return ok(undefined);
  });
  // A call record needs no power-loss durability (losing the last ones only makes a budget briefly more generous), so
  // its commit skips the fsync that synchronous=FULL costs (milliseconds per call): in WAL mode synchronous=NORMAL
  // keeps the database consistent and the next FULL commit of this connection makes these records durable too. The
  // setting is the connection's, so it is restored at once; every statement here is synchronous, nothing interleaves.
  const usual = db.pragma('synchronous', { simple: true }) as number;
  const wal = String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal';
  return {
    take: (principal, tool, calls, windowMs, nowMs) => {
      if (!wal) return take.immediate(principal, tool, calls, windowMs, nowMs);
      db.pragma('synchronous = NORMAL');
      try {
        return take.immediate(principal, tool, calls, windowMs, nowMs);
      } finally {
        db.pragma(`synchronous = ${usual}`);
      }
    },
  };
}
