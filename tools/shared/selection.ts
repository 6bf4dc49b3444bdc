/** A fiscal period or a date range, as every selection-taking pipeline reads it. */
export type PeriodOrRange = { readonly kind: 'period'; readonly year: number; readonly period: number } | { readonly kind: 'range'; readonly from: string; readonly to: string };

/** The selection arguments (validated by checkSelection in tools/shared/schemas.ts). */
export interface SelectionArgs {
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  incremental?: boolean | undefined;
}

/** The selection the arguments name: period (YYYY-MM), else `incremental` where the tool offers one, else from/to. */
export function selectionOf<I = never>(args: SelectionArgs, incremental?: I): PeriodOrRange | I {
  if (args.period !== undefined) return { kind: 'period', year: Number(args.period.slice(0, 4)), period: Number(args.period.slice(5, 7)) };
  if (incremental !== undefined && args.incremental) return incremental;
  return { kind: 'range', from: args.from ?? '', to: args.to ?? '' };
}
