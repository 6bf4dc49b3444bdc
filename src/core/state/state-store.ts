import type { Clock } from '../../platform/clock.ts';
import type { StateDb } from '../../platform/state-db.ts';
import { createCallWindowRepo, type CallWindowRepo } from './call-windows.ts';
import { createChangeSetRepo, type ChangeSetRepo } from './change-sets.ts';
import { createCursorRepo, type CursorRepo } from './cursors.ts';
import { createExceptionRepo, type ExceptionRepo } from './exceptions.ts';
import { createOutboxRepo, type OutboxRepo } from './outbox.ts';
import { soleOwnership, type ProcessOwnership } from './ownership.ts';
import { createRecovery, type RecoveryReport } from './recovery.ts';
import { createRunRepo, type RunRepo } from './runs.ts';
import { createStatusCounts, type StatusCounts } from './status-counts.ts';
import { createXrefRepo, type XrefRepo } from './xrefs.ts';

/** The sync state every pipeline shares: one SQLite file per deployment. */
export interface StateStore {
  readonly xrefs: XrefRepo;
  readonly cursors: CursorRepo;
  readonly runs: RunRepo;
  readonly changeSets: ChangeSetRepo;
  readonly outbox: OutboxRepo;
  readonly exceptions: ExceptionRepo;
  /** Call budgets per principal and tool, shared by every process on this state DB. */
  readonly callWindows: CallWindowRepo;
  /** Counts for the status overview (pending change sets, unconfirmed writes, open exceptions). */
  readonly counts: StatusCounts;
  /** Runs `fn`'s reads in one read transaction: one consistent snapshot, one read lock instead of one per query. */
  snapshot<T>(fn: () => T): T;
  /** Runs `fn` in one IMMEDIATE transaction (repository calls inside nest as savepoints); rolls back if it throws. */
  transaction<T>(fn: () => T): T;
  /**
   * Start-up cleanup of what dead processes left: `sending` → `unknown`, `executing` change sets back to `approved`
   * with their remaining items (or `executed`), `running` runs → `interrupted`. Idempotent; never touches the work
   * of a live process (see ProcessOwnership).
   */
  recover(): RecoveryReport;
}

/**
 * Builds the repositories over a DB opened with `openStateDb(path, { migrations: STATE_MIGRATIONS })`. `ownership`
 * says which process this is (a lease when processes share the state dir); without it the store assumes no other
 * live process uses the file.
 */
export function createStateStore(db: StateDb, deps: { clock: Pick<Clock, 'now'>; ownership?: ProcessOwnership }): StateStore {
  const clock = deps.clock;
  const ownership = deps.ownership ?? soleOwnership();
  const xrefs = createXrefRepo(db, { clock });
  const cursors = createCursorRepo(db, { clock });
  const exceptions = createExceptionRepo(db, { clock });
  const outbox = createOutboxRepo(db, { clock, xrefs, cursors, exceptions, ownership });
  const read = db.transaction((fn: () => unknown) => fn());
  return {
    xrefs,
    cursors,
    runs: createRunRepo(db, { clock, owner: ownership.self }),
    changeSets: createChangeSetRepo(db, { clock, outbox, owner: ownership.self }),
    outbox,
    exceptions,
    callWindows: createCallWindowRepo(db),
    counts: createStatusCounts(db),
    snapshot: <T>(fn: () => T): T => read.deferred(fn) as T,
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    recover: createRecovery(db, { clock, ownership, outbox }),
  };
}
