import { z } from 'zod';
import type { PeriodCheck } from '../core/sync/closed-periods.ts';
import type { PreviewDocument } from './preview-document.ts';

/** Named totals and exceptions listed in the structured preview (all are counted). */
const ROWS_LISTED = 200;
/** Planned writes listed (all are counted in `items_total`; get_change_set pages through a stored change set's). */
const ITEMS_LISTED = 100;

/** The closed-period pre-check as the tools list it. */
export const closedPeriodsOut = z.object({
  status: z.enum(['checked', 'unknown', 'not_checked']),
  closed_through: z.string().nullable(),
  source: z.string(),
  reason: z.string().nullable(),
  will_be_rejected: z.number().int(),
  periods: z.array(
    z.object({ period: z.string(), items: z.number().int(), source_keys: z.array(z.string()), message: z.string(), fix: z.string() }),
  ),
});

/** The preview every change-set write tool returns in its structured output (`preview`), the same content as its text. */
export const previewOut = z.object({
  would_create: z.number().int(),
  would_update: z.number().int(),
  would_skip: z.number().int(),
  totals: z.array(
    z.object({
      by: z.string(),
      id: z.string(),
      name: z.string(),
      currency: z.string(),
      debit: z.string().optional(),
      credit: z.string().optional(),
      amount: z.string().optional(),
    }),
  ),
  totals_omitted: z.number().int(),
  exceptions: z.array(z.object({ source_key: z.string(), class: z.string(), message: z.string(), fix: z.string() })),
  exceptions_omitted: z.number().int(),
  closed_periods: closedPeriodsOut,
  items: z.array(z.object({ object: z.string(), source_key: z.string(), target: z.string() })),
  items_total: z.number().int(),
});

const NOT_CHECKED: PeriodCheck = { status: 'not_checked', closedThrough: null, source: '', reason: null, closed: [], rejected: 0 };

/** The closed-period pre-check as the tools report it (also `get_change_set`). */
export function closedPeriodsRow(check: PeriodCheck | undefined): z.output<typeof closedPeriodsOut> {
  const c = check ?? NOT_CHECKED;
  return {
    status: c.status,
    closed_through: c.closedThrough,
    source: c.source,
    reason: c.reason,
    will_be_rejected: c.rejected,
    periods: c.closed.map((p) => ({ period: p.period, items: p.items, source_keys: [...p.sourceKeys], message: p.message, fix: p.fix })),
  };
}

/** The structured preview of a preview document. */
export function structuredPreview(doc: PreviewDocument): z.output<typeof previewOut> {
  const named = doc.named ?? [];
  return {
    would_create: doc.actions.create,
    would_update: doc.actions.update,
    would_skip: doc.actions.skip,
    totals: named.slice(0, ROWS_LISTED).map((t) => ({ ...t })),
    totals_omitted: Math.max(0, named.length - ROWS_LISTED),
    exceptions: doc.problems
      .slice(0, ROWS_LISTED)
      .map((p) => ({ source_key: p.sourceKey, class: p.class, message: p.message, fix: p.fix ?? '' })),
    exceptions_omitted: Math.max(0, doc.problems.length - ROWS_LISTED),
    closed_periods: closedPeriodsRow(doc.periods),
    items: (doc.items ?? []).slice(0, ITEMS_LISTED).map((i) => ({ object: i.objectType, source_key: i.sourceKey, target: i.targetSystem })),
    items_total: doc.items?.length ?? 0,
  };
}
