import type { z } from 'zod';
import { AuditUnavailableError } from '../core/sync/execute-outbox.ts';
import { UpstreamError } from '../domain/upstream-error.ts';
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

/** A text cut to at most `max` characters (never half a surrogate pair), with its length when cut. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…[${text.length} chars]`;
}

/** A caller's own text (a key, a tool name) as an error message repeats it: enough to recognise it, never 900 KB. */
export const echo = (text: string): string => cut(text, 60);

/**
 * Names the field and what it expects, for each zod issue (at most 10): `field: message`, with `(arguments)` for the
 * arguments as a whole. Unknown fields are named with the fix; whatever the caller wrote is echoed only in part.
 */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((i) => {
      const path = i.path.length > 0 ? i.path.map((p) => echo(String(p))).join('.') : '(arguments)';
      if (i.code !== 'unrecognized_keys') return `${path}: ${cut(i.message, 300)}`;
      const keys = i.keys.slice(0, 5).map((k) => JSON.stringify(echo(k)));
      const more = i.keys.length > 5 ? ` and ${i.keys.length - 5} more` : '';
      return `${path}: unknown field${i.keys.length > 1 ? 's' : ''} ${keys.join(', ')}${more}; remove ${i.keys.length > 1 ? 'them' : 'it'} (the tool's input schema lists its fields)`;
    })
    .join('; ');
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ESOCKET',
  'ELOGIN',
  'SQLITE_CANTOPEN',
]);

/**
 * Any thrown value as a ToolError, in one place; unknown errors become `internal` with no detail (the server logs
 * the detail). `delivery` describes what a change set's execution had done when it stopped (for an audit failure).
 */
export function asToolError(err: unknown, delivery?: () => string | undefined): ToolError {
  if (err instanceof ToolError) return err;
  if (err instanceof AuditUnavailableError) {
    // Writes may already have been sent: the caller must hear that, not a bare `internal`.
    const state = delivery?.();
    return new ToolError(
      'audit_unavailable',
      `the audit log refused a row during delivery, so no further write was sent${state ? `: ${state}` : ''}. Writes already sent keep their outcome; the rest stay approved and are sent with the same keys when the change set is executed again once the audit log accepts rows`,
    );
  }
  if (err instanceof UpstreamError) {
    return err.reason === 'credentials'
      ? new ToolError(
          'configuration',
          `${err.message}; check the ${err.system} credentials in the configuration (check_connections tests them)`,
        )
      : new ToolError(
          'upstream_unavailable',
          `${err.message}; ${err.system} did not answer usably, nothing was written by this call; try again later (check_connections shows the state of each connection)`,
        );
  }
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return new ToolError(
      'upstream_unavailable',
      `an upstream system did not answer (${code}); check_connections shows which, and nothing was written by this call`,
    );
  }
  return new ToolError(
    'internal',
    'internal error; the server log has the details (no write was started by this error unless the result says so)',
  );
}
