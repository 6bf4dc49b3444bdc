import type { ToolErrorCode } from '../governance/errors.ts';

/** Exit codes of every CLI command: one table, so scripts can branch on them whatever the command (1 also: a broken or refusing audit log). */
export const EXIT = { ok: 0, internal: 1, usage: 2, partial: 3, pending: 4, refused: 5, upstream: 6, rateLimited: 7 } as const;

// README.md's exit-code table repeats these rows word for word (src/cli/exit-codes.test.ts compares them).
const MEANING: Record<keyof typeof EXIT, string> = {
  ok: 'done (reconciled, valid)',
  internal: 'internal error, a broken or refusing audit log',
  usage: 'bad input, unknown command or flag, bad or missing configuration (one line naming each problem)',
  partial: 'partial or cancelled (records in the exceptions queue, writes left approved); variances or mapping problems found',
  pending: 'waiting for an approver',
  refused: 'rejected or refused (role, own change set, digest changed, expired, already decided)',
  upstream: 'an upstream system did not answer (what was sent is said; the rest stays approved)',
  rateLimited: 'rate limited',
};

/** The table as help text rows, code and meaning, generated from EXIT so the help cannot drift from it. */
export const EXIT_MEANINGS: readonly (readonly [number, string])[] = (Object.keys(EXIT) as (keyof typeof EXIT)[]).map(
  (k) => [EXIT[k], MEANING[k]] as const,
);

/** The table as help text: one indented line per code. */
export function exitCodeHelp(): string {
  return EXIT_MEANINGS.map(([code, meaning]) => `  ${code}  ${meaning}`).join('\n');
}

/** The exit code of a governed write's result status. */
export function exitForStatus(status: unknown): number {
  switch (status) {
    case 'partial':
    case 'cancelled':
      return EXIT.partial;
    case 'pending_approval':
    case 'partially_approved':
      return EXIT.pending;
    case 'rejected':
      return EXIT.refused;
    default:
      return EXIT.ok;
  }
}

/** The exit code of a governed call's error. */
export function exitForError(code: ToolErrorCode): number {
  switch (code) {
    case 'invalid_arguments':
    case 'not_found':
    case 'configuration':
      return EXIT.usage;
    case 'forbidden':
    case 'not_an_approver':
    case 'self_approval':
    case 'already_approved':
    case 'digest_mismatch':
    case 'approval_expired':
    case 'approval_not_pending':
      return EXIT.refused;
    case 'upstream_unavailable':
      return EXIT.upstream;
    case 'rate_limited':
      return EXIT.rateLimited;
    case 'cancelled':
      return EXIT.partial;
    default:
      return EXIT.internal;
  }
}
