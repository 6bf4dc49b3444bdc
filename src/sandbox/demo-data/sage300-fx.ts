/**
 * The demo company's multi-currency traps (issue 16), written after every other generated record and without the
 * PRNG, so the rest of the company stays byte-identical: the company becomes multicurrency (CSCOM.MULTICURSW; home
 * currency unchanged) and period 3 gains GL entries in EUR and CAD across a rate change, each line with its source
 * amount, rate type, rate date and rate (GLJED/GLPOST SCURNAMT, SCURNCODE, RATETYPE, RATEDATE, CONVRATE), posted in
 * their own batches after the last generated posting sequence.
 */
import { Money } from '../../domain/money.ts';
import type { DemoChart } from './sage300-chart.ts';
import type { GenContext } from './sage300-context.ts';
import { summarizeLedger, type LedgerResult } from './sage300-ledger.ts';

/** rate-types.csv of the demo mapping set: Sage 300 rate type → Intacct exchange rate type. */
export const DEMO_RATE_TYPES: readonly (readonly [string, string])[] = [
  ['AV', 'Average Rate'],
  ['SP', 'Intacct Daily Rate'],
];

const HOME = 'USD';
const PERIOD = 3;

/** One line: `amount` in `currency` (debit positive) at `rate` (home = amount x rate, 3 decimals as Sage stores it). */
interface FxLine {
  readonly natural: string;
  readonly dept: string;
  readonly region: string;
  readonly currency: string;
  readonly amount: string;
  readonly rate: string;
  readonly rateType: string;
  readonly description: string;
}

interface FxEntry {
  readonly date: number;
  readonly rateDate: number;
  readonly description: string;
  readonly lines: readonly FxLine[];
}

const usd = (natural: string, amount: string, description: string): FxLine => ({
  natural,
  dept: '000',
  region: '00',
  currency: HOME,
  amount,
  rate: '1',
  rateType: 'SP',
  description,
});

/**
 * Entries in March 2026: a EUR expense at 1.0850 (SP), a CAD accrual at the average rate 0.7350 (AV), and after the
 * euro moves to 1.0920 a two-line EUR expense whose second line rounds (333.33 x 1.092 = 363.99636 → 364.00).
 * Every home amount is what Intacct computes from the same rate, so the period reconciles to 0.00.
 */
export const FX_GL_ENTRIES: readonly FxEntry[] = [
  {
    date: 20260312,
    rateDate: 20260312,
    description: 'Paris trade fair stand (EUR)',
    lines: [
      {
        natural: '6400',
        dept: 'SLS',
        region: 'EA',
        currency: 'EUR',
        amount: '2400.00',
        rate: '1.0850000',
        rateType: 'SP',
        description: 'Trade fair stand EUR 2,400',
      },
      usd('1000', '-2604.00', 'Wire to Paris'),
    ],
  },
  {
    date: 20260320,
    rateDate: 20260301,
    description: 'Toronto consulting accrual (CAD)',
    lines: [
      {
        natural: '6600',
        dept: 'ENG',
        region: 'EA',
        currency: 'CAD',
        amount: '5000.00',
        rate: '0.7350000',
        rateType: 'AV',
        description: 'Consulting CAD 5,000',
      },
      {
        natural: '2100',
        dept: '000',
        region: '00',
        currency: 'CAD',
        amount: '-5000.00',
        rate: '0.7350000',
        rateType: 'AV',
        description: 'Accrued consulting CAD 5,000',
      },
    ],
  },
  {
    date: 20260327,
    rateDate: 20260327,
    description: 'Lyon office costs (EUR, after the rate change)',
    lines: [
      {
        natural: '6200',
        dept: 'ADM',
        region: 'EA',
        currency: 'EUR',
        amount: '1000.00',
        rate: '1.0920000',
        rateType: 'SP',
        description: 'Office rent EUR 1,000',
      },
      {
        natural: '6500',
        dept: 'ADM',
        region: 'EA',
        currency: 'EUR',
        amount: '333.33',
        rate: '1.0920000',
        rateType: 'SP',
        description: 'Supplies EUR 333.33',
      },
      usd('1000', '-1456.00', 'Wire to Lyon'),
    ],
  },
];

/** Sage's home amount of a line: amount x rate, rounded half-up to the currency's 2 decimals. */
function homeAmountOf(line: Pick<FxLine, 'amount' | 'rate'>): Money {
  return new Money(line.amount).times(line.rate).toDecimalPlaces(2, Money.ROUND_HALF_UP);
}

const stampOf = (orgId: string, date: number) => ({ AUDTDATE: date, AUDTTIME: 17000000, AUDTUSER: 'ADMIN', AUDTORG: orgId });

/**
 * Writes the multi-currency traps and returns the GL truth with their postings added (batches, posting sequences,
 * entries of period 3, nets, trial balance). Uses only `ctx.db`, `ctx.insert`, `ctx.orgId` and `ctx.year`.
 */
export function addFxTraps(ctx: GenContext, chart: DemoChart, gl: LedgerResult): LedgerResult {
  ctx.db.prepare('UPDATE CSCOM SET MULTICURSW = 1 WHERE ORGID = ?').run(ctx.orgId);
  const net = new Map<string, Money[]>(
    Object.entries(gl.netByAccountPeriod).map(([acct, periods]) => [
      acct,
      Array.from({ length: 12 }, (_, i) => new Money(periods[String(i + 1)] ?? '0')),
    ]),
  );
  const opening = new Map(Object.entries(gl.openingBalances).map(([acct, amount]) => [acct, new Money(amount)]));
  const acctOf = (l: FxLine): string => {
    const formatted = `${l.natural}-${l.dept}-${l.region}`;
    const found = chart.all.find((a) => a.formatted === formatted);
    if (!found) throw new Error(`fx demo account ${formatted} is not in the chart`);
    return found.acctId;
  };
  const perd = String(PERIOD).padStart(2, '0');
  FX_GL_ENTRIES.forEach((entry, k) => {
    const batchId = String(gl.batches + k + 1).padStart(6, '0');
    const seq = gl.postingSequences + k + 1;
    const stamp = stampOf(ctx.orgId, entry.date);
    const homes = entry.lines.map(homeAmountOf);
    const dr = homes.filter((h) => h.isPositive()).reduce((a, b) => a.plus(b), new Money(0));
    const cr = homes.filter((h) => h.isNegative()).reduce((a, b) => a.plus(b), new Money(0));
    if (!dr.plus(cr).isZero()) throw new Error(`fx demo entry '${entry.description}' does not balance in ${HOME}`);
    ctx.insert('GLBCTL', {
      BATCHID: batchId,
      ...stamp,
      ACTIVESW: 1,
      BTCHDESC: `Foreign currency entries ${ctx.year}-${perd}`,
      SRCELEDGR: 'GL',
      DATECREAT: entry.date,
      DATEEDIT: entry.date,
      BATCHTYPE: '1',
      BATCHSTAT: '4',
      POSTNGSEQ: seq,
      DEBITTOT: dr,
      CREDITTOT: cr.negated(),
      ENTRYCNT: 1,
      NEXTENTRY: 2,
      ORIGSTATUS: '1',
      SWPRINTED: 1,
    });
    ctx.insert('GLJEH', {
      BATCHID: batchId,
      BTCHENTRY: '00001',
      ...stamp,
      SRCELEDGER: 'GL',
      SRCETYPE: 'JE',
      FSCSYR: String(ctx.year),
      FSCSPERD: perd,
      JRNLDESC: entry.description,
      JRNLDR: dr,
      JRNLCR: cr.negated(),
      DATEENTRY: entry.date,
      DETAILCNT: entry.lines.length,
      DOCDATE: entry.date,
      ENTEREDBY: 'ADMIN',
      ORIGCOMP: ctx.orgId,
    });
    const details = new Map<string, number>();
    entry.lines.forEach((line, j) => {
      const acctId = acctOf(line);
      const home = homes[j]!;
      const transNbr = (j + 1) * 20;
      const currencyColumns = {
        TRANSAMT: home,
        SCURNDEC: '2',
        SCURNAMT: new Money(line.amount),
        HCURNCODE: HOME,
        RATETYPE: line.rateType,
        SCURNCODE: line.currency,
        RATEDATE: line.currency === HOME ? entry.date : entry.rateDate,
        CONVRATE: new Money(line.rate),
        RATEOPER: '1',
        DATEMTCHCD: '1',
      };
      ctx.insert('GLJED', {
        BATCHNBR: batchId,
        JOURNALID: '00001',
        TRANSNBR: String(transNbr).padStart(10, '0'),
        ...stamp,
        ACCTID: acctId,
        COMPANYID: ctx.orgId,
        ...currencyColumns,
        TRANSDESC: line.description,
        TRANSREF: `FX-${k + 1}`,
        TRANSDATE: entry.date,
        SRCELDGR: 'GL',
        SRCETYPE: 'JE',
      });
      const detailKey = `${acctId}|${line.currency}`;
      const cnt = (details.get(detailKey) ?? 0) + 1;
      details.set(detailKey, cnt);
      ctx.insert('GLPOST', {
        ACCTID: acctId,
        FISCALYR: String(ctx.year),
        FISCALPERD: perd,
        SRCECURN: line.currency,
        SRCELEDGER: 'GL',
        SRCETYPE: 'JE',
        POSTINGSEQ: seq,
        CNTDETAIL: cnt,
        ...stamp,
        JRNLDATE: entry.date,
        BATCHNBR: batchId,
        ENTRYNBR: '00001',
        TRANSNBR: transNbr,
        COMPANYID: ctx.orgId,
        JNLDTLDESC: line.description,
        JNLDTLREF: `FX-${k + 1}`,
        ...currencyColumns,
        RPTAMT: home,
      });
      const periods = net.get(acctId) ?? Array.from({ length: 12 }, () => new Money(0));
      periods[PERIOD - 1] = (periods[PERIOD - 1] ?? new Money(0)).plus(home);
      net.set(acctId, periods);
      // The functional fiscal set row moves with its postings (GLAFS = Σ GLPOST per period, as the ledger writes it).
      ctx.db
        .prepare(
          `UPDATE GLAFS SET NETPERD${PERIOD} = ? WHERE RTRIM(ACCTID) = ? AND FSCSYR = ? AND FSCSDSG = 'A' AND RTRIM(FSCSCURN) = ? AND CURNTYPE = 'F'`,
        )
        .run(periods[PERIOD - 1]!.toFixed(3), acctId, String(ctx.year), HOME);
    });
  });
  const entriesPerPeriod = { ...gl.entriesPerPeriod, [String(PERIOD)]: (gl.entriesPerPeriod[String(PERIOD)] ?? 0) + FX_GL_ENTRIES.length };
  return summarizeLedger(net, opening, entriesPerPeriod, gl.batches + FX_GL_ENTRIES.length, gl.postingSequences + FX_GL_ENTRIES.length);
}

/**
 * The Intacct demo company's currencies: USD base, EUR and CAD enabled, the daily rate type (its own rates differ
 * from Sage 300's on purpose: the sync sends Sage 300's rate, so Intacct's table must not be what converts) and the
 * custom `Average Rate` type the AV mapping names.
 */
export const FX_INTACCT_CURRENCY = {
  baseCurrency: HOME,
  currencies: [HOME, 'EUR', 'CAD'],
  rateTypes: [
    {
      name: 'Intacct Daily Rate',
      rates: [
        { currency: 'EUR', date: '2026-03-12', rate: '1.0861' },
        { currency: 'EUR', date: '2026-03-27', rate: '1.0933' },
        { currency: 'CAD', date: '2026-03-20', rate: '0.7342' },
      ],
    },
    { name: 'Average Rate', rates: [{ currency: 'CAD', date: '2026-03-01', rate: '0.7350' }] },
  ],
};
