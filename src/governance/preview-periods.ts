import type { PeriodCheck } from '../core/sync/closed-periods.ts';

/** Source keys shown per closed period in the text (the structured preview lists up to 20). */
const KEYS_SHOWN = 5;

/**
 * The preview lines of the closed-period pre-check: each closed period with its count, first source keys and fix, or
 * a sentence saying the status is not known before sending. Nothing when nothing was checked or nothing is closed.
 */
export function closedPeriodLines(check: PeriodCheck | undefined): string[] {
  if (!check || check.status === 'not_checked') return [];
  if (check.status === 'unknown')
    return [
      `Closed Intacct periods: not known before sending (${check.reason ?? 'no answer'}); a journal entry dated in a closed period is rejected when sent.`,
    ];
  if (check.closed.length === 0) return [];
  return [
    `Will be rejected: period closed (Intacct books closed through ${check.closedThrough ?? '?'}), ${check.rejected} journal entries:`,
    ...check.closed.map((c) => {
      const more = c.items - Math.min(c.items, KEYS_SHOWN);
      const keys = `${c.sourceKeys.slice(0, KEYS_SHOWN).join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
      return `  x ${c.period}: ${c.items} journal entries (${keys}); fix: ${c.fix}`;
    }),
  ];
}
