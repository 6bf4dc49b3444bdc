import { Money } from '../../domain/money.ts';
import type { GenContext } from './sage300-context.ts';
import type { DemoAccount, DemoChart } from './sage300-chart.ts';
import type { DemoLedger, JournalLine } from './sage300-ledger.ts';
import { addDays, periodStart } from './sage300-calendar.ts';

const line = (account: DemoAccount, amount: Money, description: string, reference: string): JournalLine => ({
  acctId: account.acctId,
  amount,
  description,
  reference,
});

/**
 * Manual GL journal entries (GL/JE): accruals, payroll, depreciation, reclasses, transfers.
 * `perPeriod` entries per period plus one entry per unmapped-trap account per period, so each trap
 * has posted activity in every period.
 */
export function addManualJournals(ctx: GenContext, chart: DemoChart, ledger: DemoLedger, perPeriod: number): void {
  const { rng } = ctx;
  const exp = (natural: string): DemoAccount[] => chart.expenses.filter((a) => a.natural === natural);
  const payroll = exp('6000');
  const benefits = exp('6100');
  let ref = 0;
  for (let period = 1; period <= 12; period++) {
    const add = (description: string, lines: JournalLine[]): void => {
      const date = addDays(periodStart(ctx.year, period), rng.int(0, 27));
      ledger.add({ ledger: 'GL', type: 'JE', period, date, description, lines });
    };
    for (let i = 0; i < perPeriod; i++) {
      const r = `JE${String(++ref).padStart(7, '0')}`;
      const kind = rng.int(0, 5);
      if (kind === 0) {
        const a = rng.pick(chart.expenses);
        const amt = rng.amount(100, 9000);
        add(`Accrual ${a.description}`.slice(0, 60), [line(a, amt, 'Accrual', r), line(chart.bs('2100'), amt.negated(), 'Accrual', r)]);
      } else if (kind === 1) {
        const lines = payroll.slice(0, rng.int(2, payroll.length)).map((a) => line(a, rng.amount(2000, 25000), 'Payroll', r));
        const ben = rng.pick(benefits);
        lines.push(line(ben, rng.amount(500, 6000), 'Benefits', r));
        const total = lines.reduce((s, l) => s.plus(l.amount), new Money(0));
        lines.push(line(chart.bs('1010'), total.negated(), 'Payroll funding', r));
        add('Payroll', lines);
      } else if (kind === 2) {
        const a = rng.pick(exp('6700'));
        const amt = rng.amount(200, 3000);
        add('Depreciation', [line(a, amt, 'Depreciation', r), line(chart.bs('1590'), amt.negated(), 'Depreciation', r)]);
      } else if (kind === 3) {
        const from = rng.pick(chart.expenses);
        const to = rng.pick(chart.expenses.filter((a) => a !== from));
        const amt = rng.amount(10, 2500);
        add('Reclassification', [line(to, amt, 'Reclass in', r), line(from, amt.negated(), 'Reclass out', r)]);
      } else if (kind === 4) {
        const amt = rng.amount(100, 1500);
        add('Prepaid amortization', [
          line(rng.pick(exp('6800')), amt, 'Amortization', r),
          line(chart.bs('1300'), amt.negated(), 'Amortization', r),
        ]);
      } else {
        const amt = rng.amount(5000, 60000);
        add('Transfer to payroll account', [
          line(chart.bs('1010'), amt, 'Transfer', r),
          line(chart.bs('1000'), amt.negated(), 'Transfer', r),
        ]);
      }
    }
    const [suspense, freight, interco] = chart.unmappedTraps;
    if (!suspense || !freight || !interco) throw new Error('chart must define three unmapped trap accounts');
    const t = (): string => `JE${String(++ref).padStart(7, '0')}`;
    let r = t();
    let amt = rng.amount(50, 900);
    add('Suspense posting', [
      line(suspense, amt, 'Unidentified charge', r),
      line(chart.bs('2100'), amt.negated(), 'Unidentified charge', r),
    ]);
    r = t();
    amt = rng.amount(20, 400);
    add('Freight variance', [line(freight, amt, 'Freight variance', r), line(chart.bs('1000'), amt.negated(), 'Freight variance', r)]);
    r = t();
    amt = rng.amount(1000, 20000);
    add('Intercompany charge', [line(interco, amt, 'Intercompany', r), line(chart.bs('1000'), amt.negated(), 'Intercompany', r)]);
  }
}
