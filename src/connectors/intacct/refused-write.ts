import type { GlWriteErrorCode, GlWriteOutcome } from '../../core/ports/gl-ports.ts';

/** Refusals after which the same write can never succeed as sent: the engine raises an exception, never resends. */
const DEFINITE: ReadonlySet<GlWriteErrorCode> = new Set(['validation', 'period_closed', 'duplicate', 'auth_failed', 'transaction_aborted']);

/** The outcome of a write Intacct refused (or that failed), for every target: code, message, errorno, definite. */
export function refusedWrite(error: { code: GlWriteErrorCode; message: string; errorno?: string }): GlWriteOutcome {
  return {
    ok: false,
    code: error.code,
    message: error.message,
    ...(error.errorno ? { errorno: error.errorno } : {}),
    definite: DEFINITE.has(error.code),
  };
}
