import { err, type Err, type Result } from '../../domain/result.ts';

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

/** Why a state operation failed: a closed code for callers to branch on, and a message for people. */
export interface StateError<C extends StateErrorCode = StateErrorCode> {
  readonly code: C;
  readonly message: string;
}

/** A failed operation: nothing was written. The domain's Err, carrying a StateError. */
export type StateFailure<C extends StateErrorCode = StateErrorCode> = Err<StateError<C>>;

/** Result of a state operation whose failure the caller is expected to handle: the domain Result with a StateError. */
export type StateResult<T, C extends StateErrorCode = StateErrorCode> = Result<T, StateError<C>>;

/** Builds a success value (the domain's `ok`). */
export { ok } from '../../domain/result.ts';

/** Builds a failure value. */
export function fail<C extends StateErrorCode>(code: C, message: string): StateFailure<C> {
  return err({ code, message });
}
