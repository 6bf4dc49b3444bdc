import { UsageError } from './args.ts';

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** A fiscal period or a date range chosen on the command line (pipelines accept one of these shapes). */
export type CliSelection = { kind: 'period'; year: number; period: number } | { kind: 'range'; from: string; to: string } | { kind: 'incremental' };

/** `--period YYYY-MM` as year and period, or a one-line usage error naming the flag. */
export function parsePeriodFlag(value: string): { year: number; period: number } {
  const m = PERIOD_RE.exec(value);
  if (!m) throw new UsageError(`--period expects YYYY-MM, e.g. 2026-03; got "${value}"`);
  return { year: Number(m[1]), period: Number(m[2]) };
}

/** Exactly one of --period, --from/--to, or (when allowed) --incremental, each checked for a real value. */
export function parseSelectionFlags(
  values: { period?: string | undefined; from?: string | undefined; to?: string | undefined; incremental?: boolean | undefined },
  options: { incremental: boolean },
): CliSelection {
  const chosen = [values.period !== undefined, values.from !== undefined || values.to !== undefined, values.incremental === true].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError(options.incremental ? 'choose exactly one of --period YYYY-MM, --from DATE --to DATE, or --incremental' : 'choose exactly one of --period YYYY-MM or --from DATE --to DATE');
  if (values.period !== undefined) return { kind: 'period', ...parsePeriodFlag(values.period) };
  if (values.incremental) return { kind: 'incremental' };
  if (!values.from || !values.to) throw new UsageError('--from and --to go together, both as YYYY-MM-DD');
  for (const [flag, v] of [['from', values.from], ['to', values.to]] as const) {
    // Date.parse rolls 2026-02-30 over to March 2; only a date that survives the round trip is real.
    const real = DATE_RE.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
    if (!real) throw new UsageError(`--${flag} expects a real date YYYY-MM-DD, got "${v}"`);
  }
  if (values.from > values.to) throw new UsageError(`--from ${values.from} is after --to ${values.to}`);
  return { kind: 'range', from: values.from, to: values.to };
}
