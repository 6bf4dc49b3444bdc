/** The closed set of failure codes a tool call can end with; clients and models can branch on them. */
export type ToolErrorCode =
  | 'forbidden'
  | 'invalid_arguments'
  | 'rate_limited'
  | 'not_found'
  | 'approval_not_pending'
  | 'self_approval'
  | 'already_approved'
  | 'not_an_approver'
  | 'digest_mismatch'
  | 'approval_expired'
  | 'audit_unavailable'
  | 'configuration'
  | 'upstream_unavailable'
  | 'cancelled'
  | 'internal';

/** An expected failure, with a message written for the caller (what went wrong and how to fix it). */
export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ToolError';
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'ESOCKET', 'ELOGIN', 'SQLITE_CANTOPEN']);

/** Any thrown value as a ToolError; unknown errors become `internal` with no detail (the server logs the detail). */
export function asToolError(err: unknown): ToolError {
  if (err instanceof ToolError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return new ToolError('upstream_unavailable', `an upstream system did not answer (${code}); check_connections shows which, and nothing was written by this call`);
  }
  return new ToolError('internal', 'internal error; the server log has the details (no write was started by this error unless the result says so)');
}
