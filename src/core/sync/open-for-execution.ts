import type { ChangeSet, OutboxEntry, StateStore } from '../state/index.ts';

/** A change set ready to deliver, and (when it was started now) the items to send with the texts its digest was checked on. */
export interface OpenedChangeSet {
  readonly changeSet: ChangeSet;
  /** Set when an approved set was started now; undefined when an executing set is resumed (read `pendingFor`). */
  readonly pending: OutboxEntry[] | undefined;
}

/**
 * Opens a change set of `pipeline` for execution: an approved one is started (its stored items checked against the
 * approved digest; what is left of a stopped execution is approved again), one still marked executing is resumed
 * (a crash in a store opened without start-up recovery); anything else is refused.
 */
export function openForExecution(store: StateStore, changeSetId: number, pipeline: string): OpenedChangeSet {
  const cs = store.changeSets.get(changeSetId);
  if (!cs) throw new Error(`change set ${changeSetId} does not exist`);
  if (cs.pipeline !== pipeline) throw new Error(`change set ${changeSetId} belongs to pipeline ${cs.pipeline}, not ${pipeline}`);
  if (cs.status === 'approved') {
    const executing = store.changeSets.startExecutingWithItems(cs.id);
    if (!executing.ok) throw new Error(`execution refused: ${executing.error.code}: ${executing.error.message}`);
    return { changeSet: cs, pending: executing.value.pending };
  }
  if (cs.status !== 'executing') throw new Error(`change set ${changeSetId} is ${cs.status}; only an approved change set can be executed`);
  return { changeSet: cs, pending: undefined };
}

/** Totals of one execution of a change set, as every pipeline reports them. */
export interface ChangeSetExecution {
  readonly runId: number;
  readonly written: number;
  readonly alreadyApplied: number;
  readonly failed: number;
  /** Writes not sent because a write they depend on did not go through (recorded as failed, with an exception). */
  readonly held: number;
  readonly unknown: number;
  /** Writes not sent because the execution was cancelled (the change set is approved again, to be resumed). */
  readonly notSent: number;
  /** Set when delivery stopped because the target refused the connection (nothing of those requests was sent): why. */
  readonly unreachable?: string;
  readonly apiRequests: number;
  readonly finished: boolean;
}

/** Options of one change-set execution. */
export interface ChangeSetExecuteOptions {
  /** Who the writes are made for (the approver for a deferred approval, the requester when confirmed). */
  readonly principal: string;
  /** The planning run, when executing right after planning; otherwise a new run records the execution. */
  readonly runId?: number;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}
