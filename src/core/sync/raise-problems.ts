import type { JsonValue } from '../state/canonical-json.ts';
import { AUTO_RESOLVER } from '../state/index.ts';
import { raiseException, type ExceptionClass, type ExceptionDeps } from './raise-exception.ts';

/** A record the planner could not send: its key, what is wrong, the fix, and the record itself. */
export interface PlannedProblem {
  readonly key: string;
  readonly class: ExceptionClass;
  readonly message: string;
  readonly fix: string;
  readonly record: JsonValue;
}

/**
 * Raises each planning problem as an exception, except one a person already closed with a reason (resolved by
 * someone other than the auto-resolver): that one is neither raised nor alerted again.
 */
export async function raisePlanningProblems(deps: ExceptionDeps, pipeline: string, company: string, problems: readonly PlannedProblem[]): Promise<void> {
  if (problems.length === 0) return;
  const dismissed = new Set(
    deps.store.exceptions
      .list({ status: 'resolved', pipeline })
      .filter((e) => e.company === company && e.resolvedBy !== null && e.resolvedBy !== AUTO_RESOLVER)
      .map((e) => `${e.sourceKey}|${e.class}`),
  );
  for (const p of problems) {
    if (dismissed.has(`${p.key}|${p.class}`)) continue;
    await raiseException(deps, { pipeline, company, sourceKey: p.key, class: p.class, message: p.message, fix: p.fix, sourceRecord: p.record });
  }
}
