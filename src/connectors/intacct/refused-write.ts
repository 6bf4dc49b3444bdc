import type { GlWriteErrorCode, GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import type { FunctionResult, Outcome } from './types.ts';

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

/** Where a write's answer names the record: generic writes in their read-back record, legacy creates in `<key>`. */
const recordOfAnswer = (v: FunctionResult): unknown => v.data[0]?.RECORDNO ?? v.key;

/**
 * The outcome of one write for every target: refused (see `refusedWrite`; `note` is added to the message), confirmed
 * with its RECORDNO, or accepted but not found on read-back, which is not confirmed: resend or read again later.
 */
export function writeOutcome(
  r: Outcome<FunctionResult>,
  what: string,
  options: { readonly recordNo?: (v: FunctionResult) => unknown; readonly note?: string } = {},
): GlWriteOutcome {
  const note = options.note ?? '';
  if (!r.ok) return refusedWrite(note === '' ? r.error : { ...r.error, message: `${r.error.message}${note}` });
  const recordNo = (options.recordNo ?? recordOfAnswer)(r.value);
  if (typeof recordNo !== 'string' || recordNo === '')
    return {
      ok: false,
      code: 'unknown_outcome',
      message: `the ${what} was accepted but its RECORDNO could not be read back`,
      definite: false,
    };
  return { ok: true, recordNo, alreadyApplied: r.value.alreadyApplied };
}
