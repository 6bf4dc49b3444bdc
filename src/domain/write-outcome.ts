/** Target error codes a pipeline distinguishes when a write fails (a subset of each client's closed set). */
export type WriteErrorCode =
  | 'validation'
  | 'period_closed'
  | 'duplicate'
  | 'auth_failed'
  | 'session_expired'
  | 'rate_limited'
  | 'transport'
  | 'unknown_outcome'
  /** The target could not be reached (connection refused before any byte of the request): certainly not sent. */
  | 'unreachable'
  | 'transaction_aborted';

/**
 * Outcome of one write to a target system. `alreadyApplied`: the key had been applied before (a replay). A failure
 * that is `definite` was certainly not applied; any other failure may have been, and is resolved by key or read-back.
 */
export type WriteOutcome =
  | { readonly ok: true; readonly recordNo: string; readonly alreadyApplied: boolean }
  | { readonly ok: false; readonly code: WriteErrorCode; readonly message: string; readonly errorno?: string; readonly definite: boolean };
