import type { FiscalPeriodRange, Sage300TrialBalancePort } from '../../core/ports/reconcile-ports.ts';
import { createGlSource } from './gl-source.ts';
import type { Sage300Reader } from './reader.ts';
import type { FiscalYear } from './reader-gl.ts';

/** The reconciliation's view of Sage 300: the fiscal calendar (CSFSC) and the posted lines (GLPOST) of a period. */
export function createSage300TrialBalanceSource(reader: Sage300Reader): Sage300TrialBalancePort {
  const source = createGlSource(reader);
  let years: Map<string, FiscalYear> | undefined;
  return {
    async periodRange(year, period): Promise<FiscalPeriodRange | null> {
      if (!years) {
        years = new Map();
        for await (const r of reader.gl.fiscalYears()) if (r.ok) years.set(r.value.year, r.value);
      }
      const y = years.get(String(year));
      if (!y || !Number.isInteger(period) || period < 1 || period > y.periods) return null;
      const start = y.periodStarts[period - 1];
      const end = y.periodEnds[period - 1];
      return start && end ? { year, period, start, end } : null;
    },
    // GLPOST rather than GLAFS: the same net per account and period, but every amount traces to its entry.
    periodLines: (year, period) => source.readLines({ kind: 'period', year, period }, null),
  };
}
