import type { StateDb } from '../../platform/state-db.ts';

/** Outbox states of writes not yet confirmed, in the order get_sync_status shows them. */
const UNCONFIRMED = ['approved', 'sending', 'unknown', 'failed'] as const;

/** What the status overview counts, without loading the rows it counts. */
export interface StatusCounts {
  /** Change sets still `planned` (waiting for a decision), of one pipeline or all. */
  pendingChangeSets(pipeline?: string): number;
  /** Outbox items per unconfirmed state (every state present, 0 when none), across all pipelines. */
  unconfirmedWrites(): Record<(typeof UNCONFIRMED)[number], number>;
  /** Open exceptions per class (only classes that have one), of one pipeline or all. */
  openExceptions(pipeline?: string): Record<string, number>;
}

/**
 * COUNT queries answered from covering indexes (change_sets_by_pipeline, outbox_by_state, exceptions_by_status): a
 * status call no longer reads and parses every row (outbox payloads included) only to count them.
 */
export function createStatusCounts(db: StateDb): StatusCounts {
  // Without and with a pipeline: a `(? IS NULL OR pipeline = ?)` form would be compiled again on every run.
  const pendingStmts = [
    db.prepare<[], number>("SELECT COUNT(*) FROM change_sets WHERE status = 'planned'").pluck(),
    db.prepare<[string], number>("SELECT COUNT(*) FROM change_sets WHERE status = 'planned' AND pipeline = ?").pluck(),
  ] as const;
  const unconfirmedStmt = db.prepare<[], { state: string; n: number }>(
    `SELECT state, COUNT(*) AS n FROM outbox WHERE state IN (${UNCONFIRMED.map((s) => `'${s}'`).join(', ')}) GROUP BY state`,
  );
  const openSql = "SELECT class, COUNT(*) AS n FROM exceptions WHERE status = 'open'";
  const openStmts = [
    db.prepare<[], { class: string; n: number }>(`${openSql} GROUP BY class ORDER BY class`),
    db.prepare<[string], { class: string; n: number }>(`${openSql} AND pipeline = ? GROUP BY class ORDER BY class`),
  ] as const;
  return {
    pendingChangeSets: (pipeline) => (pipeline === undefined ? pendingStmts[0].get() : pendingStmts[1].get(pipeline)) ?? 0,
    unconfirmedWrites() {
      const counts = { approved: 0, sending: 0, unknown: 0, failed: 0 };
      for (const { state, n } of unconfirmedStmt.all()) counts[state as keyof typeof counts] = n;
      return counts;
    },
    openExceptions(pipeline) {
      const counts: Record<string, number> = {};
      for (const row of pipeline === undefined ? openStmts[0].all() : openStmts[1].all(pipeline)) counts[row.class] = row.n;
      return counts;
    },
  };
}
