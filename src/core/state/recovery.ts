import type { Clock } from '../../platform/clock.ts';
import type { StateDb } from '../../platform/state-db.ts';
import { canonicalJson } from './canonical-json.ts';
import { isoNow } from './iso-time.ts';
import type { OutboxRepo } from './outbox.ts';
import type { ProcessOwnership } from './ownership.ts';

/**
 * A change set recovery moved: one a dead process left `executing`, or an `approved` one with nothing left to send
 * (its writes were delivered or failed under a newer change set that planned the same keys), which is finished.
 */
interface RecoveredChangeSet {
  readonly id: number;
  readonly from: 'executing' | 'approved';
  readonly pipeline: string;
  readonly company: string;
  /** The process that was executing it (null: written before owners were recorded). */
  readonly owner: string | null;
  /** `approved` with items left to send (the next execution resumes them), or `executed` when none were left. */
  readonly to: 'approved' | 'executed';
  /** Items still to send or resolve (approved or unknown). */
  readonly remaining: number;
}

/** A run a dead process left `running`, now `interrupted`. */
interface InterruptedRun {
  readonly id: number;
  readonly pipeline: string;
  readonly company: string;
  readonly owner: string | null;
}

/** What one recovery pass cleaned up; all empty when there was nothing to do (a second pass always finds nothing). */
export interface RecoveryReport {
  /** Outbox rows moved `sending` → `unknown` (resolved by a same-key resend, never a new write). */
  readonly unknown: number;
  readonly changeSets: readonly RecoveredChangeSet[];
  readonly runs: readonly InterruptedRun[];
}

interface ExecutingRow {
  id: number;
  pipeline: string;
  company: string;
  owner: string | null;
}

/**
 * Cleans up what dead processes left behind, in one transaction: `sending` outbox rows become `unknown`, change sets
 * left `executing` go back to `approved` with their remaining items (or to `executed` when none remain), approved
 * change sets with nothing left to send are finished, and runs
 * left `running` are closed as `interrupted` with a summary saying why. Only rows whose owner is certainly gone are
 * touched; rows with no owner predate owner tracking and belong to no live process of this release.
 */
export function createRecovery(
  db: StateDb,
  deps: { clock: Pick<Clock, 'now'>; ownership: ProcessOwnership; outbox: OutboxRepo },
): () => RecoveryReport {
  const executingStmt = db.prepare<[], ExecutingRow>(
    "SELECT id, pipeline, company, owner FROM change_sets WHERE status = 'executing' ORDER BY id",
  );
  // Approved but with no item left approved, sending or unknown: nothing for an execution to do any more.
  const spentStmt = db.prepare<[], ExecutingRow>(
    `SELECT c.id, c.pipeline, c.company, c.owner FROM change_sets c WHERE c.status = 'approved' AND EXISTS (SELECT 1 FROM change_set_items i WHERE i.change_set_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM change_set_items i JOIN outbox o ON o.idempotency_key = i.idempotency_key WHERE i.change_set_id = c.id AND o.state IN ('approved', 'sending', 'unknown'))
     ORDER BY c.id`,
  );
  const finishApprovedStmt = db.prepare<[string, number]>(
    "UPDATE change_sets SET status = 'executed', updated_at = ? WHERE id = ? AND status = 'approved'",
  );
  const runningStmt = db.prepare<[], ExecutingRow>("SELECT id, pipeline, company, owner FROM runs WHERE status = 'running' ORDER BY id");
  // The same moves as the change-set repository's pause and finish; the approval (approved_by, decision note) is kept.
  const releaseStmt = db.prepare<[string, string, number]>(
    "UPDATE change_sets SET status = ?, owner = NULL, updated_at = ? WHERE id = ? AND status = 'executing'",
  );
  const interruptStmt = db.prepare<[string, string, number]>(
    "UPDATE runs SET status = 'interrupted', summary = ?, finished_at = ? WHERE id = ? AND status = 'running'",
  );

  const recover = db.transaction((): RecoveryReport => {
    // Probed inside the write transaction: an owner that starts executing now must commit after us, with its own token.
    const alive = new Map<string, boolean>();
    const gone = (owner: string | null): boolean => {
      if (owner === null) return true;
      let live = alive.get(owner);
      if (live === undefined) alive.set(owner, (live = deps.ownership.isAlive(owner)));
      return !live;
    };
    // Same-key resends of these come from the resumed change sets below.
    const unknown = deps.outbox.recoverInFlight().length;
    const now = isoNow(deps.clock);
    const changeSets: RecoveredChangeSet[] = [];
    for (const row of executingStmt.all()) {
      if (!gone(row.owner)) continue;
      const remaining = deps.outbox.pendingFor(row.id).length;
      const to = remaining > 0 ? 'approved' : 'executed';
      releaseStmt.run(to, now, row.id);
      changeSets.push({ ...row, from: 'executing', to, remaining });
    }
    for (const row of spentStmt.all()) {
      finishApprovedStmt.run(now, row.id);
      changeSets.push({ ...row, from: 'approved', to: 'executed', remaining: 0 });
    }
    const runs: InterruptedRun[] = [];
    for (const row of runningStmt.all()) {
      if (!gone(row.owner)) continue;
      const returned = changeSets
        .filter((c) => c.owner === row.owner && c.to === 'approved')
        .map((c) => ({ changeSetId: c.id, remaining: c.remaining }));
      const summary = {
        status: 'interrupted',
        reason: `the process running it${row.owner ? ` (${row.owner})` : ''} stopped before it finished (crash or kill); closed when the state store was next opened`,
        recoveredBy: deps.ownership.self,
        ...(returned.length > 0 ? { resumable: returned } : {}),
      };
      interruptStmt.run(canonicalJson(summary), now, row.id);
      runs.push(row);
    }
    return { unknown, changeSets, runs };
  });

  return () => recover.immediate();
}
