import type { JsonValue } from '../state/canonical-json.ts';
import { AUTO_RESOLVER } from '../state/index.ts';
import { raiseException, type ExceptionClass, type ExceptionDeps } from './raise-exception.ts';

/** One planning problem of a source record. */
export interface PlanProblem {
  readonly key: string;
  readonly record: JsonValue;
  readonly problem: { readonly class: ExceptionClass; readonly message: string; readonly fix: string };
}

/**
 * Raises the planning problems of a run as exceptions. A problem a person closed with a reason (not one that later
 * posted and was resolved automatically) is not raised or alerted again.
 */
export async function raisePlanProblems(
  deps: ExceptionDeps,
  pipeline: string,
  company: string,
  problems: readonly PlanProblem[],
): Promise<void> {
  const dismissed = new Set(
    deps.store.exceptions
      .list({ status: 'resolved', pipeline })
      .filter((e) => e.company === company && e.resolvedBy !== null && e.resolvedBy !== AUTO_RESOLVER)
      .map((e) => `${e.sourceKey}|${e.class}`),
  );
  for (const { key, record, problem } of problems) {
    if (dismissed.has(`${key}|${problem.class}`)) continue;
    await raiseException(deps, {
      pipeline,
      company,
      sourceKey: key,
      class: problem.class,
      message: problem.message,
      fix: problem.fix,
      sourceRecord: record,
    });
  }
}
