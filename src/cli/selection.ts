import { periodOf, periodText, type PeriodSelection } from '../domain/selection.ts';
import { UsageError } from './args.ts';

/** `--period YYYY-MM` as year and period (the domain's check), or a one-line usage error naming the flag. */
export function parsePeriodFlag(value: string): Omit<PeriodSelection, 'kind'> {
  if (!periodText.safeParse(value).success) throw new UsageError(`--period expects YYYY-MM, e.g. 2026-03; got "${value}"`);
  const { year, period } = periodOf(value);
  return { year, period };
}
