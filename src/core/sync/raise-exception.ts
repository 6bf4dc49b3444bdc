import type { Logger } from '../../platform/logger.ts';
import type { AlertPort } from '../ports/gl-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { StateStore } from '../state/index.ts';

/** Exception classes of the queue. */
export type ExceptionClass = 'mapping' | 'validation' | 'period' | 'duplicate' | 'upstream' | 'transient';

/** Everything needed to raise and announce an exception. */
export interface ExceptionDeps {
  readonly store: StateStore;
  readonly alerts: AlertPort;
  readonly log: Logger;
}

/** Records an exception; a new one (not a repeat of an open one) is logged at warn and alerted once. */
export async function raiseException(
  deps: ExceptionDeps,
  input: { pipeline: string; company: string; sourceKey: string; class: ExceptionClass; message: string; fix: string; sourceRecord: JsonValue; upstreamError?: { code: string; errorno?: string; text: string } },
): Promise<{ id: number; isNew: boolean }> {
  const raised = deps.store.exceptions.raise({
    class: input.class,
    pipeline: input.pipeline,
    company: input.company,
    sourceKey: input.sourceKey,
    message: input.message,
    fix: input.fix,
    sourceRecord: input.sourceRecord,
    ...(input.upstreamError ? { upstreamError: input.upstreamError } : {}),
  });
  if (raised.isNew) {
    deps.log.warn({ exceptionId: raised.id, class: input.class, sourceKey: input.sourceKey, fix: input.fix }, input.message);
    try {
      await deps.alerts.exceptionRaised({ id: raised.id, pipeline: input.pipeline, company: input.company, sourceKey: input.sourceKey, class: input.class, message: input.message, fix: input.fix });
    } catch (err) {
      // An alert channel being down must not stop the sync; the exception itself is already stored.
      deps.log.error({ err, exceptionId: raised.id }, 'exception alert could not be delivered');
    }
  }
  return raised;
}
