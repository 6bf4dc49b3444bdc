import type { Ok } from '../../domain/result.ts';

/** Expected failures of the state store, as values. Illegal outbox transitions are bugs and throw instead. */
export type StateErrorCode =
  | 'not_found'
  | 'invalid_status'
  | 'xref_conflict'
  | 'digest_mismatch'
  | 'self_approval'
  | 'already_approved'
  | 'approval_expired'
  | 'idempotency_key_reused';

/** A failed operation: nothing was written. Flat (code and message beside `ok`), which its callers read directly. */
export interface StateFailure<C extends StateErrorCode = StateErrorCode> {
  readonly ok: false;
  readonly code: C;
  readonly message: string;
}

/** Result of a state operation whose failure the caller is expected to handle: the domain's Ok, or a StateFailure. */
export type StateResult<T, C extends StateErrorCode = StateErrorCode> = Ok<T> | StateFailure<C>;

/** Builds a success value (the domain's `ok`). */
export { ok } from '../../domain/result.ts';

/** Builds a failure value. */
export function fail<C extends StateErrorCode>(code: C, message: string): StateFailure<C> {
  return { ok: false, code, message };
}
