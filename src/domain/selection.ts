import { z } from 'zod';

/** One Sage 300 fiscal period. */
export type PeriodSelection = { readonly kind: 'period'; readonly year: number; readonly period: number };
/** Documents or entries dated within `from`..`to` (ISO dates, both included). */
type RangeSelection = { readonly kind: 'range'; readonly from: string; readonly to: string };
/** Everything since the pipeline's last confirmed cursor. */
type IncrementalSelection = { readonly kind: 'incremental' };
/** A fiscal period or a date range, as every selection-taking pipeline reads it. */
export type PeriodOrRange = PeriodSelection | RangeSelection;
/** What a run covers. */
export type Selection = PeriodOrRange | IncrementalSelection;

const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// Date.parse rolls 2026-02-30 over to March 2; only a date that survives the round trip is real.
const realDate = (v: string): boolean => DATE_RE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** A Sage 300 fiscal period at the edge, YYYY-MM. */
export const periodText = z.string().regex(PERIOD_RE, 'expected a fiscal period as YYYY-MM, e.g. 2026-03');
/** A real calendar date at the edge, YYYY-MM-DD (2026-02-30 is refused); the pattern is listed in the JSON Schema. */
export const dateText = z
  .string()
  .regex(DATE_RE, 'expected a real date YYYY-MM-DD, e.g. 2026-03-31')
  .refine((v) => !DATE_RE.test(v) || realDate(v), 'expected a real date YYYY-MM-DD (that month has fewer days)');

// An ISO instant: a date, or a date and time with seconds optional and a zone (Z or ±hh:mm).
const INSTANT_RE = /^(\d{4}-\d{2}-\d{2})(?:T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d))?$/;

/** A point in time at the edge: YYYY-MM-DD (midnight UTC) or YYYY-MM-DDThh:mm[:ss[.fff]] with Z or ±hh:mm. */
export const instantText = z
  .string()
  .regex(INSTANT_RE, 'expected an ISO date or instant, e.g. 2026-11-01 or 2026-11-01T08:00:00Z')
  .refine((v) => {
    const date = INSTANT_RE.exec(v)?.[1];
    return date === undefined || realDate(date);
  }, 'expected a real date in the ISO date or instant, e.g. 2026-11-01T08:00:00Z (that month has fewer days)');

/** The selection fields as they arrive (tool arguments, CLI flags). */
export interface SelectionFields {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  incremental?: boolean | undefined;
}

/** Refinement: exactly one of period, from+to (in order) or, where offered, incremental. */
export function checkSelection(v: SelectionFields, ctx: z.RefinementCtx, options: { incremental: boolean }): void {
  const chosen = [v.period !== undefined, v.from !== undefined || v.to !== undefined, v.incremental === true].filter(Boolean).length;
  if (chosen !== 1)
    ctx.addIssue({
      code: 'custom',
      path: ['period'],
      message: options.incremental
        ? 'give exactly one of period (YYYY-MM), from+to (YYYY-MM-DD), or incremental: true'
        : 'give exactly one of period (YYYY-MM) or from+to (YYYY-MM-DD)',
    });
  if ((v.from === undefined) !== (v.to === undefined))
    ctx.addIssue({ code: 'custom', path: [v.from === undefined ? 'from' : 'to'], message: 'from and to go together' });
  if (v.from !== undefined && v.to !== undefined && v.from > v.to)
    ctx.addIssue({ code: 'custom', path: ['from'], message: `from ${v.from} is after to ${v.to}` });
}

/** A checked period text as year and period. */
export function periodOf(text: string): PeriodSelection {
  return { kind: 'period', year: Number(text.slice(0, 4)), period: Number(text.slice(5, 7)) };
}

/** The selection checked fields name: period, else `incremental` where offered, else from/to. */
export function selectionOf<I = never>(fields: SelectionFields, incremental?: I): PeriodOrRange | I {
  if (fields.period !== undefined) return periodOf(fields.period);
  if (incremental !== undefined && fields.incremental) return incremental;
  return { kind: 'range', from: fields.from ?? '', to: fields.to ?? '' };
}

/**
 * A checked time bound as the instant rows are compared against (`from` inclusive, `to` exclusive): a `to` date
 * includes that whole day (UTC), so `from: 2026-03-01, to: 2026-03-31` covers March.
 */
export function boundInstant(text: string, edge: 'from' | 'to'): string {
  if (!realDate(text)) return new Date(text).toISOString();
  const day = Date.parse(`${text}T00:00:00Z`);
  return new Date(edge === 'to' ? day + 86_400_000 : day).toISOString();
}
