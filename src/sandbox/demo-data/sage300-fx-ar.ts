/**
 * The AR side of the demo company's multi-currency traps (issue 16): a Canadian customer billed and paying in CAD
 * across a rate change. An invoice at 0.7350 (June) is paid a month later at 0.7410 (July); a CAD prepayment received
 * in July at 0.7410 is applied in August to an invoice at 0.7380 whose lines each round on conversion.
 *
 * Written after every other record (the GL fx traps included) without the PRNG, with one fixed audit time, so every
 * earlier row stays byte-identical. Like the doc traps, the subledger batches are posted but their G/L batches not
 * created: GLPOST, the fiscal sets and the trial balance do not move, so the reconciliation stays at its planted
 * differences. Every document is paid off in Sage 300 (AROBL open balance 0), as it will be in Intacct.
 */
import { Money } from '../../domain/money.ts';
import type { DemoChart } from './sage300-chart.ts';
import type { GenContext } from './sage300-context.ts';
import type { DemoCustomer } from './sage300-parties.ts';

/** The CAD customer: sorts after every generated customer, so the Intacct demo company holds it like the others. */
export const FX_AR_CUSTOMER = 'CAN001';
/** The fixed AUDTTIME of every row written here (no generated row uses it; the company test leaves them out by it). */
export const FX_AR_STAMP_TIME = 17400000;

const CURRENCY = 'CAD';
const BANK = 'SVB';

/** A CAD invoice: `lines` in CAD at `rate` (home = amount x rate, 2 decimals, as Sage 300 stores it). */
interface FxArInvoice {
  readonly number: string;
  readonly date: number;
  readonly rateDate: number;
  readonly rateType: string;
  readonly rate: string;
  readonly description: string;
  readonly lines: readonly string[];
}

/** A CAD receipt or prepayment at `rate`, with what it applies. */
interface FxArCash {
  readonly check: string;
  readonly date: number;
  readonly rate: string;
  readonly amount: string;
  /** RMITTYPE: 1 receipt, 2 prepayment. */
  readonly type: 1 | 2;
  /** The invoice a receipt applies, or the AROBL document a prepayment becomes. */
  readonly document: string;
}

export const FX_AR_INVOICES: readonly FxArInvoice[] = [
  {
    number: 'IN-CAD-0001',
    date: 20260615,
    rateDate: 20260612,
    rateType: 'AV',
    rate: '0.7350000',
    description: 'Outfitting contract, Toronto stores (CAD)',
    lines: ['7500.00', '4500.00'],
  },
  {
    number: 'IN-CAD-0002',
    date: 20260810,
    rateDate: 20260810,
    rateType: 'SP',
    rate: '0.7380000',
    description: 'Autumn range, Ottawa (CAD)',
    // 1333.33 x 0.738 = 983.99754 -> 984.00 and 1666.67 x 0.738 = 1230.00246 -> 1230.00: each line rounds.
    lines: ['1333.33', '1666.67'],
  },
];

export const FX_AR_RECEIPT: FxArCash = {
  check: 'CHK-CAD-0001',
  date: 20260715,
  rate: '0.7410000',
  amount: '12000.00',
  type: 1,
  document: 'IN-CAD-0001',
};
export const FX_AR_PREPAYMENT: FxArCash = {
  check: 'CHK-CAD-0002',
  date: 20260720,
  rate: '0.7410000',
  amount: '3000.00',
  type: 2,
  document: 'PY-CAD-0001',
};
/** The apply document: the prepayment applied in full to the second invoice. */
export const FX_AR_APPLY = { date: 20260814, invoice: 'IN-CAD-0002' } as const;

const home = (amount: string, rate: string): Money => new Money(amount).times(rate).toDecimalPlaces(2, Money.ROUND_HALF_UP);
const total = (lines: readonly string[]): Money => lines.reduce((s, a) => s.plus(a), new Money(0));
const period = (date: number): string => String(date).slice(4, 6);

/** Writes the CAD customer, its invoices, receipt, prepayment and apply document; returns the customer. */
export function writeFxArTraps(ctx: GenContext, chart: DemoChart): DemoCustomer {
  const y = String(ctx.year);
  const stamp = (date: number) => ({ AUDTDATE: date, AUDTTIME: FX_AR_STAMP_TIME, AUDTUSER: ctx.user, AUDTORG: ctx.orgId });
  const next = (sql: string): number => ((ctx.db.prepare(sql).get() as { n: number | null }).n ?? 0) + 1;
  const revenue = chart.revenue.find((a) => a.natural !== '4200');
  if (!revenue) throw new Error('fx AR traps: no revenue account');

  ctx.insert('ARCUS', {
    IDCUST: FX_AR_CUSTOMER,
    ...stamp(20260601),
    TEXTSNAM: 'MAPLELEAF',
    IDGRP: 'RETAIL',
    SWACTV: 1,
    DATELASTMN: 20260601,
    DATESTART: 20260601,
    NAMECUST: 'Maple Leaf Outfitters Ltd.',
    TEXTSTRE1: '200 Bay Street',
    NAMECITY: 'Toronto',
    CODESTTE: 'ON',
    CODEPSTL: 'M5J 2J2',
    CODECTRY: 'CAN',
    NAMECTAC: 'Alex Tremblay',
    TEXTPHON1: '(416) 555-0142',
    EMAIL2: 'ap@mapleleaf.example.ca',
    IDACCTSET: 'USA',
    IDBILLCYCL: 'MTHLY',
    CODECURN: CURRENCY,
    SWBALFWD: 0,
    CODETERM: 'NET30',
    IDRATETYPE: 'SP',
    CODETAXGRP: 'EXEMPT',
    TAXSTTS1: 1,
    AMTCRLIMT: new Money(50000),
    PRICLIST: 'STD',
  });

  /** Posted AROBL row of a document (paid off: open balance 0). */
  const obl = (row: {
    doc: string;
    date: number;
    paidOn: number;
    typeId: number;
    typeText: number;
    batch: number;
    batchType: string;
    description: string;
    rate: string;
    home: Money;
    source: Money;
    extra?: Record<string, unknown>;
  }): void =>
    ctx.insert('AROBL', {
      IDCUST: FX_AR_CUSTOMER,
      IDINVC: row.doc,
      ...stamp(row.paidOn),
      TRXTYPEID: row.typeId,
      TRXTYPETXT: row.typeText,
      CNTBTCH: row.batch,
      CNTITEM: 1,
      TYPEBTCH: row.batchType,
      DESCINVC: row.description,
      DATEINVC: row.date,
      DATEBUS: row.date,
      FISCYR: y,
      FISCPER: period(row.date),
      CODECURN: CURRENCY,
      EXCHRATEHC: row.rate,
      AMTINVCHC: row.home,
      AMTINVCTC: row.source,
      AMTDUEHC: '0',
      AMTDUETC: '0',
      SWPAID: 1,
      DATEPAID: row.paidOn,
      DATELSTACT: row.paidOn,
      POSTSEQNCE: row.batch,
      SRCEAPPL: 'AR',
      IDACCTSET: 'USA',
      ...row.extra,
    });

  const paidOn = new Map([
    [FX_AR_RECEIPT.document, FX_AR_RECEIPT.date],
    [FX_AR_APPLY.invoice, FX_AR_APPLY.date],
  ]);
  for (const inv of FX_AR_INVOICES) {
    const batch = next('SELECT MAX(CNTBTCH) AS n FROM ARIBC');
    const cad = total(inv.lines);
    const usd = home(cad.toFixed(2), inv.rate);
    ctx.insert('ARIBC', {
      CNTBTCH: batch,
      ...stamp(inv.date),
      DATEBTCH: inv.date,
      BTCHDESC: 'CAD invoices (fx traps)',
      CNTINVCENT: 1,
      AMTENTR: cad,
      BTCHTYPE: 1,
      BTCHSTTS: 3,
      INVCTYPE: 2,
      POSTSEQNBR: batch,
      DTELSTEDIT: inv.date,
      SWPRINTED: 1,
      SRCEAPPL: 'AR',
    });
    ctx.insert('ARIBH', {
      CNTBTCH: batch,
      CNTITEM: 1,
      ...stamp(inv.date),
      IDCUST: FX_AR_CUSTOMER,
      IDINVC: inv.number,
      TEXTTRX: 1,
      IDTRX: 11,
      INVCDESC: inv.description,
      IDACCTSET: 'USA',
      DATEINVC: inv.date,
      DATEDUE: inv.date + 15,
      DATEBUS: inv.date,
      FISCYR: y,
      FISCPER: period(inv.date),
      CODECURN: CURRENCY,
      RATETYPE: inv.rateType,
      EXCHRATEHC: inv.rate,
      DATERATE: inv.rateDate,
      TERMCODE: 'NET30',
      CODETAXGRP: 'EXEMPT',
      AMTINVCTOT: cad,
      AMTNETTOT: cad,
      AMTDUEHC: usd,
      INVCTYPE: 2,
      SRCEAPPL: 'AR',
    });
    inv.lines.forEach((amount, k) =>
      ctx.insert('ARIBD', {
        CNTBTCH: batch,
        CNTITEM: 1,
        CNTLINE: (k + 1) * 20,
        ...stamp(inv.date),
        IDITEM: 'PROD-100',
        TEXTDESC: `${inv.description.replace(/ \(CAD\)$/, '')}, part ${k + 1}`,
        QTYINVC: '1',
        AMTPRIC: amount,
        AMTEXTN: amount,
        AMTTXBL: amount,
        IDACCTREV: revenue.formatted,
      }),
    );
    const paid = paidOn.get(inv.number) ?? inv.date;
    obl({
      doc: inv.number,
      date: inv.date,
      paidOn: paid,
      typeId: 11,
      typeText: 1,
      batch,
      batchType: 'IN',
      description: inv.description,
      rate: inv.rate,
      home: usd,
      source: cad,
      extra: { DATEDUE: inv.date + 15, CODETERM: 'NET30' },
    });
  }

  const receiptBatch = (date: number, desc: string, amount: Money): number => {
    const batch = next("SELECT MAX(CNTBTCH) AS n FROM ARBTA WHERE CODEPYMTYP = 'CA'");
    ctx.insert('ARBTA', {
      CODEPYMTYP: 'CA',
      CNTBTCH: batch,
      ...stamp(date),
      DATEBTCH: date,
      BATCHDESC: desc,
      BATCHSTAT: 3,
      IDBANK: BANK,
      CNTENTER: 1,
      AMTENTER: amount,
      POSTSEQNBR: batch,
    });
    return batch;
  };
  const header = (batch: number, cash: FxArCash, extra: Record<string, unknown>) =>
    ctx.insert('ARTCR', {
      CODEPYMTYP: 'CA',
      CNTBTCH: batch,
      CNTITEM: 1,
      ...stamp(cash.date),
      IDRMIT: cash.check,
      IDCUST: FX_AR_CUSTOMER,
      DATERMIT: cash.date,
      CODEPAYM: 'CHECK',
      CODECURN: CURRENCY,
      DOCTYPE: 1,
      IDBANK: BANK,
      DATEBUS: cash.date,
      FISCYR: y,
      FISCPER: period(cash.date),
      RATETYPEHC: 'SP',
      DATERATEHC: cash.date,
      ...extra,
    });
  const application = (batch: number, date: number, invoice: string, amount: string) =>
    ctx.insert('ARTCP', {
      CODEPAYM: 'CA',
      CNTBTCH: batch,
      CNTITEM: 1,
      CNTLINE: 1,
      ...stamp(date),
      IDCUST: FX_AR_CUSTOMER,
      IDINVC: invoice,
      AMTPAYM: amount,
      TRXTYPE: 11,
    });

  // The receipt: CAD 12,000 paying the June invoice a month later at the new rate (the bank, SVB, is in USD).
  for (const cash of [FX_AR_RECEIPT, FX_AR_PREPAYMENT]) {
    const cad = new Money(cash.amount);
    const usd = home(cash.amount, cash.rate);
    const batch = receiptBatch(cash.date, cash.type === 1 ? 'CAD receipts (fx traps)' : 'CAD prepayments (fx traps)', cad);
    const receipt = cash.type === 1;
    header(batch, cash, {
      TEXTRMIT: receipt ? `Payment ${cash.document}` : 'Deposit on the autumn range order',
      AMTRMIT: usd,
      AMTRMITTC: cad,
      RMITTYPE: cash.type,
      RATEEXCHHC: cash.rate,
      ...(receipt ? {} : { DOCNBR: cash.document }),
    });
    if (receipt) application(batch, cash.date, cash.document, cash.amount);
    obl({
      doc: receipt ? cash.check : cash.document,
      date: cash.date,
      paidOn: receipt ? cash.date : FX_AR_APPLY.date,
      typeId: receipt ? 51 : 50,
      typeText: receipt ? 11 : 10,
      batch,
      batchType: 'CA',
      description: `${receipt ? 'Receipt' : 'Prepayment'} ${cash.check}`,
      rate: cash.rate,
      home: usd.negated(),
      source: cad.negated(),
      extra: { IDBANK: BANK, IDRMIT: cash.check },
    });
  }

  // The apply document: the prepayment applied in full to the August invoice.
  const applyBatch = receiptBatch(FX_AR_APPLY.date, 'CAD apply documents (fx traps)', new Money(0));
  header(
    applyBatch,
    { ...FX_AR_PREPAYMENT, date: FX_AR_APPLY.date },
    {
      TEXTRMIT: `Apply ${FX_AR_PREPAYMENT.document} to ${FX_AR_APPLY.invoice}`,
      AMTRMIT: '0',
      AMTRMITTC: '0',
      RMITTYPE: 4,
      RATEEXCHHC: FX_AR_PREPAYMENT.rate,
      DOCNBR: FX_AR_PREPAYMENT.document,
    },
  );
  application(applyBatch, FX_AR_APPLY.date, FX_AR_APPLY.invoice, FX_AR_PREPAYMENT.amount);
  return { id: FX_AR_CUSTOMER, name: 'Maple Leaf Outfitters Ltd.', active: true, onHold: false, terms: 'NET30', termDays: 30 };
}
