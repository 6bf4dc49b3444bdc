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

/** What an exception says; the same shape is stored and announced. */
export interface ExceptionInput {
  pipeline: string;
  company: string;
  sourceKey: string;
  class: ExceptionClass;
  message: string;
  fix: string;
  sourceRecord: JsonValue;
  upstreamError?: { code: string; errorno?: string; text: string };
}

/** Stores an exception (synchronously, so callers can batch it into their own transaction). */
export function recordException(store: StateStore, input: ExceptionInput): { id: number; isNew: boolean } {
  return store.exceptions.raise({
    class: input.class,
    pipeline: input.pipeline,
    company: input.company,
    sourceKey: input.sourceKey,
    message: input.message,
    fix: input.fix,
    sourceRecord: input.sourceRecord,
    ...(input.upstreamError ? { upstreamError: input.upstreamError } : {}),
  });
}

/** Announces a new exception: info log, then the alert channel; a channel that is down never stops the sync. */
export async function announceException(deps: ExceptionDeps, id: number, input: ExceptionInput): Promise<void> {
  // Info, not warn: the exception is in the queue and in the call's result; a CLI terminal shows only warnings.
  deps.log.info({ exceptionId: id, class: input.class, sourceKey: input.sourceKey, fix: input.fix }, input.message);
  try {
    await deps.alerts.exceptionRaised({
      id,
      pipeline: input.pipeline,
      company: input.company,
      sourceKey: input.sourceKey,
      class: input.class,
      message: input.message,
      fix: input.fix,
    });
  } catch (err) {
    deps.log.error({ err, exceptionId: id }, 'exception alert could not be delivered');
  }
}

/** Records an exception; a new one (not a repeat of an open one) is logged at warn and alerted once. */
export async function raiseException(deps: ExceptionDeps, input: ExceptionInput): Promise<{ id: number; isNew: boolean }> {
  const raised = recordException(deps.store, input);
  if (raised.isNew) await announceException(deps, raised.id, input);
  return raised;
}
