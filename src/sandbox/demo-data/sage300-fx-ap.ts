/**
 * The demo company's foreign-currency AP trap (issue 16): a EUR vendor with two bills across a rate change and two
 * payments at later rates, the second in a later period than its bill (so a run of that period alone finds the bill
 * missing in Intacct and the payment waits).
 *
 * Written after every other record and without the PRNG (fixed dates, stamps and amounts), so every other row stays
 * byte-identical; only with the multi-currency traps. Like the doc traps, the AP batches are posted but their G/L
 * batches not created: GLPOST, the fiscal sets and the trial-balance truth do not move, so reconciliation of every
 * period still shows only its planted differences. No APOBL rows are written (the bills are fully paid, and the AP
 * sync reads the entry tables), so the open-item truth of the company does not move either.
 */
import { Money } from '../../domain/money.ts';
import type { DemoChart } from './sage300-chart.ts';
import type { GenContext } from './sage300-context.ts';
import type { DemoVendor } from './sage300-parties.ts';
import { addDays } from './sage300-calendar.ts';

/** The Sage 300 bank the demo pays from and the Intacct checking account it maps to (`apPayments.bankAccounts`). */
export const DEMO_AP_BANK_ACCOUNTS: Readonly<Record<string, string>> = { SVB: 'SVB-OPERATING' };

export const FX_AP_STAMP_TIME = 17450000; // 17:45:00.00, fixed: no PRNG draw.
const HOME = 'USD';

/** A EUR bill: its lines (EUR), the rate (home = EUR x rate) and the rate date Sage 300 converted on. */
interface FxBill {
  readonly doc: string;
  readonly date: number;
  readonly rateDate: number;
  readonly rate: string;
  readonly lines: readonly string[];
  readonly description: string;
}

/** A payment of one bill in full, at its own (later) rate. */
interface FxPayment {
  readonly check: string;
  readonly date: number;
  readonly rate: string;
  readonly bill: string;
  readonly period: string;
}

export const FX_AP_VENDOR = 'V80001';
const Y = 2026;

/**
 * July 2026, a period no other AP test syncs: bill 1 at 1.0850 on 07-06; the euro moves and bill 2 (two lines, each
 * rounding: 617.28 x 1.092 = 674.06976) is converted at 1.0920 on 07-23, its document dated 07-24 (so its rate date is
 * not its document date). Bill 1 is paid on 07-28 at 1.0920, bill 2 on 09-08 at 1.0950: Intacct books the gain or loss
 * between the bill's and the payment's rate.
 */
export const FX_AP_BILLS: readonly FxBill[] = [
  {
    doc: 'RP-2026-0311',
    date: 20260706,
    rateDate: 20260706,
    rate: '1.0850',
    lines: ['2500.00', '1500.00'],
    description: 'Precision bearings',
  },
  {
    doc: 'RP-2026-0388',
    date: 20260724,
    rateDate: 20260723,
    rate: '1.0920',
    lines: ['617.28', '617.28'],
    description: 'Calibration service',
  },
];
export const FX_AP_PAYMENTS: readonly FxPayment[] = [
  { check: 'EFT-EUR-0001', date: 20260728, rate: '1.0920', bill: 'RP-2026-0311', period: '07' },
  { check: 'EFT-EUR-0002', date: 20260908, rate: '1.0950', bill: 'RP-2026-0388', period: '09' },
];

const sum = (xs: readonly string[]): Money => xs.reduce((s, x) => s.plus(x), new Money(0));
const home = (eur: Money | string, rate: string): Money => new Money(eur).times(rate).toDecimalPlaces(2, Money.ROUND_HALF_UP);
const next = (ctx: GenContext, sql: string): number => ((ctx.db.prepare(sql).get() as { n: number | null }).n ?? 0) + 1;

/** Writes the EUR vendor, its bills (paid) and its payments; returns the vendor for the company's truth. */
export function writeFxApTraps(ctx: GenContext, chart: DemoChart): DemoVendor {
  const stamp = (date: number) => ({ AUDTDATE: date, AUDTTIME: FX_AP_STAMP_TIME, AUDTUSER: ctx.user, AUDTORG: ctx.orgId });
  const name = 'Rheinland Praezision GmbH';
  ctx.insert('APVEN', {
    VENDORID: FX_AP_VENDOR,
    ...stamp(20260102),
    SHORTNAME: 'RHEINLAND',
    IDGRP: 'TRADE',
    SWACTV: 1,
    DATELASTMN: 20260102,
    DATESTART: 20251101,
    VENDNAME: name,
    LEGALNAME: name,
    TEXTSTRE1: 'Industriestrasse 12',
    NAMECITY: 'Koeln',
    CODEPSTL: '50667',
    CODECTRY: 'Germany',
    NAMECTAC: 'Anna Weber',
    IDACCTSET: 'EUR',
    CURNCODE: 'EUR',
    RATETYPE: 'SP',
    BANKID: 'SVB',
    SWDISTBY: 2,
    TERMSCODE: 'NET30',
    CODETAXGRP: 'EXEMPT',
    TAXCLASS1: 1,
    EMAIL2: 'buchhaltung@rheinland-praezision.example.de',
    PAYMCODE: 'EFT',
    AMTCRLIMT: new Money(20000),
  });
  const [first, second] = chart.expenses;
  if (!first || !second) throw new Error('fx AP traps: the chart has fewer than two expense accounts');
  const apBatch = next(ctx, 'SELECT MAX(CNTBTCH) AS n FROM APIBC');
  ctx.insert('APIBC', {
    CNTBTCH: apBatch,
    ...stamp(20260724),
    DATEBTCH: 20260724,
    BTCHDESC: 'EUR vendor invoices (fx traps)',
    CNTINVCENT: FX_AP_BILLS.length,
    AMTENTR: sum(FX_AP_BILLS.flatMap((b) => b.lines)),
    BTCHTYPE: 1,
    BTCHSTTS: 3,
    POSTSEQNBR: apBatch,
    DTELSTEDIT: 20260724,
    SWPRINTED: 1,
    SRCEAPPL: 'AP',
  });
  const bills = FX_AP_BILLS.map((b, i) => {
    const eur = sum(b.lines);
    ctx.insert('APIBH', {
      CNTBTCH: apBatch,
      CNTITEM: i + 1,
      ...stamp(b.date),
      IDVEND: FX_AP_VENDOR,
      IDINVC: b.doc,
      TEXTTRX: 1,
      IDTRX: 12,
      INVCDESC: b.description,
      IDACCTSET: 'EUR',
      DATEINVC: b.date,
      FISCYR: String(Y),
      FISCPER: '07',
      CODECURN: 'EUR',
      RATETYPE: 'SP',
      EXCHRATEHC: b.rate,
      DATERATE: b.rateDate,
      TERMCODE: 'NET30',
      DATEDUE: addDays(b.date, 30),
      DATEBUS: b.date,
      CODETAXGRP: 'EXEMPT',
      AMTINVCTOT: eur,
      AMTGROSTOT: eur,
      ORIGCOMP: ctx.orgId,
      SRCEAPPL: 'AP',
    });
    b.lines.forEach((amount, k) => {
      const account = k === 0 ? first : second;
      ctx.insert('APIBD', {
        CNTBTCH: apBatch,
        CNTITEM: i + 1,
        CNTLINE: 20 * (k + 1),
        ...stamp(b.date),
        TEXTDESC: account.description.slice(0, 60),
        IDGLACCT: account.formatted,
        AMTDIST: amount,
        AMTDISTNET: amount,
      });
    });
    return { doc: b.doc, eur };
  });
  let payBatch = next(ctx, "SELECT MAX(CNTBTCH) AS n FROM APBTA WHERE PAYMTYPE = 'PY'");
  for (const p of FX_AP_PAYMENTS) {
    const bill = bills.find((b) => b.doc === p.bill);
    if (!bill) throw new Error(`fx AP traps: no bill ${p.bill}`);
    const eur = bill.eur;
    const paidHome = home(eur, p.rate);
    const batch = payBatch++;
    ctx.insert('APBTA', {
      PAYMTYPE: 'PY',
      CNTBTCH: batch,
      ...stamp(p.date),
      DATEBTCH: p.date,
      BATCHDESC: `EUR vendor payment ${p.check}`,
      CNTENTER: 1,
      AMTENTER: paidHome,
      BATCHTYPE: 1,
      BATCHSTAT: 3,
      IDBANK: 'SVB',
      CODECURN: HOME,
      POSTSEQNBR: batch,
    });
    ctx.insert('APTCR', {
      BTCHTYPE: 'PY',
      CNTBTCH: batch,
      CNTENTR: 1,
      ...stamp(p.date),
      IDRMIT: p.check,
      IDVEND: FX_AP_VENDOR,
      DATERMIT: p.date,
      TEXTRMIT: `Payment of ${p.bill}`,
      AMTRMIT: paidHome,
      AMTRMITTC: eur,
      RATEEXCHTC: p.rate,
      CODECURN: 'EUR',
      RMITTYPE: 1,
      DOCTYPE: 2,
      FISCYR: String(Y),
      FISCPER: p.period,
      DATERATETC: p.date,
      RATETYPETC: 'SP',
      AMTRMITHC: paidHome,
      DOCNBR: p.check,
      OPERVEND: 1,
      IDBANK: 'SVB',
      CODECURNBC: HOME,
      PAYMTYPE: 4,
      DATEBUS: p.date,
    });
    ctx.insert('APTCP', {
      BATCHTYPE: 'PY',
      CNTBTCH: batch,
      CNTRMIT: 1,
      CNTLINE: 1,
      ...stamp(p.date),
      IDVEND: FX_AP_VENDOR,
      IDINVC: p.bill,
      CNTPAYM: 1,
      TRXTYPE: 51,
      AMTPAYM: eur,
      AMTPAYMHC: paidHome,
    });
  }
  return { id: FX_AP_VENDOR, name, active: true, onHold: false, terms: 'NET30', termDays: 30 };
}
