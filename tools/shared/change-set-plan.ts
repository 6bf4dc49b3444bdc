import type { ChangeSet } from '../../src/core/state/index.ts';
import type { ToolContext, ToolResult } from '../../src/governance/tool-definition.ts';

/** What a pipeline's execute takes when it runs right after planning. */
export interface PlannedRunOptions {
  readonly principal: string;
  readonly runId: number;
  readonly onProgress: (done: number, total: number) => void;
  readonly signal: AbortSignal;
}

/** The fields a pending or rejected answer adds to a pipeline's output. */
export interface PlanOutputExtra {
  readonly message: string;
  readonly policy?: string | null;
  readonly expiresAt?: string | null;
}

/** What one pipeline supplies to hand its planned change set to the approval gate. */
export interface ChangeSetPlanParts<O, E> {
  readonly ctx: ToolContext;
  /** The pipeline's company lock, e.g. `gl:<company>`; execution runs under it. */
  readonly lock: string;
  readonly planned: { readonly changeSet: ChangeSet; readonly runId: number };
  /** Totals for an `auto` policy's amount threshold. */
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  readonly summaryText: string;
  /** What the progress counts, e.g. `journal entries sent` (shown as `3/10 journal entries sent`). */
  readonly progressLabel: string;
  /** Records the planning run as waiting for approval or rejected. */
  settle(status: 'awaiting_approval' | 'rejected'): void;
  output(status: 'pending_approval' | 'rejected', extra: PlanOutputExtra): O;
  /** Executes the change set (called under the lock). */
  run(changeSetId: number, options: PlannedRunOptions): Promise<E>;
  /** Completes the run after execution and reports it. */
  finish(done: E): O | Promise<O>;
}

/** The `change_set` result of a write tool: the same pending, rejected and execute steps for every pipeline. */
export function changeSetPlan<O, E>(parts: ChangeSetPlanParts<O, E>): ToolResult<O> {
  const { ctx, planned, summaryText: text } = parts;
  const { changeSet } = planned;
  return {
    kind: 'change_set',
    plan: {
      changeSet,
      totalsByCurrency: parts.totalsByCurrency,
      summaryText: text,
      pending: (policy, reason) => {
        parts.settle('awaiting_approval');
        return parts.output('pending_approval', { message: `${text}\nWaiting for approval: ${reason}. An approver calls approve_change_set with change_set_id ${changeSet.id}.`, policy: policy.source, expiresAt: changeSet.expiresAt });
      },
      rejected: (reason) => {
        parts.settle('rejected');
        return parts.output('rejected', { message: `Change set ${changeSet.id} was not sent: ${reason}.` });
      },
      execute: async (by) => {
        const done = await ctx.services.exclusive(parts.lock, () =>
          parts.run(changeSet.id, { principal: by.name, runId: planned.runId, onProgress: (d, t) => ctx.progress(d, t, `${d}/${t} ${parts.progressLabel}`), signal: ctx.signal }),
        );
        return parts.finish(done);
      },
    },
  };
}

/** The status of a planning call that made no change set (a dry run, or nothing left to send). */
export function settledStatus(status: string): 'dry_run' | 'partial' | 'nothing_to_do' {
  return status === 'dry_run' ? 'dry_run' : status === 'partial' ? 'partial' : 'nothing_to_do';
}
