import { Money } from '../../domain/money.ts';
import type { GenContext } from './sage300-context.ts';
import type { DemoChart } from './sage300-chart.ts';
import type { DemoCustomer, DemoVendor } from './sage300-parties.ts';

/**
 * The document traps of the demo company (issue 16): a taxed AR invoice, a prepayment applied later (to that
 * invoice), an AP bill with attachment references, and an open PO with an item no mapping row covers.
 *
 * They are written after everything else and never draw from the generator's PRNG (fixed dates, stamps and
 * amounts), so every row the rest of the generator writes stays byte-identical. Their subledger batches are posted
 * but their G/L batches not yet created (Sage 300's "Create G/L Batch" has not run for them): GLPOST, the fiscal sets
 * and the trial-balance truth do not move, so the reconciliation still shows only its planted differences.
 */

/** Sage 300 tax group of the taxed invoice, and the Intacct tax detail tax-codes.csv maps it to. */
export const TRAP_TAX_GROUP = 'STATETX';
export const TRAP_TAX_DETAIL = 'Sales Tax 8.25';
/** The item number of the trap PO's line: in no items.csv row and not in the Intacct item list. */
export const TRAP_UNMAPPED_ITEM = 'SUP-9999';
/** The optional field prefix under which the demo company keeps attachment references (APIBHO.OPTFIELD). */
const ATTACHMENT_FIELDS = ['ATTACHMENT', 'ATTACHMENT2'] as const;

/** What the traps are, for tests and the sandbox truth. */
export interface DocTrapsTruth {
  readonly taxedInvoice: {
    readonly customerId: string;
    readonly documentNumber: string;
    readonly net: string;
    readonly tax: string;
    readonly total: string;
  };
  readonly prepayment: {
    readonly customerId: string;
    readonly receiptNumber: string;
    readonly documentNumber: string;
    readonly amount: string;
    readonly appliedTo: string;
    /** ISO dates: received in one period, applied in the next. */
    readonly receivedOn: string;
    readonly appliedOn: string;
  };
  readonly billWithAttachments: {
    readonly vendorId: string;
    readonly documentNumber: string;
    readonly total: string;
    readonly references: readonly string[];
  };
  readonly unmappedItemPo: { readonly poNumber: string; readonly item: string };
}

const STAMP_TIME = 17300000; // 17:30:00.00, fixed: no PRNG draw.
const iso = (d: number): string => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6, 8)}`;

function nextNumber(ctx: GenContext, sql: string): number {
  return ((ctx.db.prepare(sql).get() as { n: number | null }).n ?? 0) + 1;
}

/** Writes the four traps into the company database and returns what they are. */
export function writeDocTraps(
  ctx: GenContext,
  chart: DemoChart,
  vendors: readonly DemoVendor[],
  customers: readonly DemoCustomer[],
  customerId: string,
): DocTrapsTruth {
  const y = ctx.year;
  const stamp = (date: number) => ({ AUDTDATE: date, AUDTTIME: STAMP_TIME, AUDTUSER: ctx.user, AUDTORG: ctx.orgId });
  const customer = customers.find((c) => c.id === customerId);
  if (!customer) throw new Error(`doc traps: no customer ${customerId}`);

  // 1. A taxed AR invoice (period 3), paid in full by a prepayment received in period 2 and applied on 03-20.
  const invDate = y * 10000 + 316;
  const invDoc = 'IN-TAX-0001';
  const net = new Money('1000.00');
  const tax = new Money('82.50');
  const gross = net.plus(tax);
  const revenue = chart.revenue.find((a) => a.natural !== '4200');
  if (!revenue) throw new Error('doc traps: no revenue account');
  const arBatch = nextNumber(ctx, 'SELECT MAX(CNTBTCH) AS n FROM ARIBC');
  ctx.insert('ARIBC', {
    CNTBTCH: arBatch,
    ...stamp(invDate),
    DATEBTCH: invDate,
    BTCHDESC: 'Taxed invoices (doc traps)',
    CNTINVCENT: 1,
    AMTENTR: gross,
    BTCHTYPE: 1,
    BTCHSTTS: 3,
    INVCTYPE: 2,
    POSTSEQNBR: arBatch,
    DTELSTEDIT: invDate,
    SWPRINTED: 1,
    SRCEAPPL: 'AR',
  });
  ctx.insert('ARIBH', {
    CNTBTCH: arBatch,
    CNTITEM: 1,
    ...stamp(invDate),
    IDCUST: customer.id,
    IDINVC: invDoc,
    TEXTTRX: 1,
    IDTRX: 11,
    INVCDESC: 'Taxed sale (state sales tax 8.25%)',
    IDACCTSET: 'USA',
    DATEINVC: invDate,
    DATEDUE: invDate + 14,
    DATEBUS: invDate,
    FISCYR: String(y),
    FISCPER: '03',
    CODECURN: 'USD',
    RATETYPE: 'SP',
    EXCHRATEHC: '1',
    TERMCODE: customer.terms,
    CODETAXGRP: TRAP_TAX_GROUP,
    AMTINVCTOT: net,
    AMTTAXTOT: tax,
    AMTNETTOT: gross,
    AMTDUEHC: gross,
    INVCTYPE: 2,
    SRCEAPPL: 'AR',
  });
  ctx.insert('ARIBD', {
    CNTBTCH: arBatch,
    CNTITEM: 1,
    CNTLINE: 20,
    ...stamp(invDate),
    IDITEM: 'PROD-100',
    TEXTDESC: 'Taxable goods',
    QTYINVC: '1',
    AMTPRIC: net,
    AMTEXTN: net,
    AMTTXBL: net,
    TOTTAX: tax,
    IDACCTREV: revenue.formatted,
  });
  const paidOn = y * 10000 + 320;
  const prepaidOn = y * 10000 + 220;
  ctx.insert('AROBL', {
    IDCUST: customer.id,
    IDINVC: invDoc,
    ...stamp(paidOn),
    TRXTYPEID: 11,
    TRXTYPETXT: 1,
    CNTBTCH: arBatch,
    CNTITEM: 1,
    TYPEBTCH: 'IN',
    DESCINVC: 'Taxed sale (state sales tax 8.25%)',
    DATEINVC: invDate,
    DATEDUE: invDate + 14,
    DATEBUS: invDate,
    FISCYR: String(y),
    FISCPER: '03',
    CODECURN: 'USD',
    EXCHRATEHC: '1',
    CODETERM: customer.terms,
    AMTINVCHC: gross,
    AMTINVCTC: gross,
    AMTDUEHC: '0',
    AMTDUETC: '0',
    SWPAID: 1,
    DATEPAID: paidOn,
    DATELSTACT: paidOn,
    POSTSEQNCE: arBatch,
    SRCEAPPL: 'AR',
    IDACCTSET: 'USA',
  });

  // 2. The prepayment (ARTCR type 2) in its own posted receipt batch, and the apply document (type 4) a month later.
  const prepayDoc = 'PY-TRAP-0001';
  const prepayCheck = 'CHK-PRE-0001';
  const cashBatch = nextNumber(ctx, "SELECT MAX(CNTBTCH) AS n FROM ARBTA WHERE CODEPYMTYP = 'CA'");
  const receiptBatch = (batch: number, date: number, desc: string, amount: Money): void =>
    ctx.insert('ARBTA', {
      CODEPYMTYP: 'CA',
      CNTBTCH: batch,
      ...stamp(date),
      DATEBTCH: date,
      BATCHDESC: desc,
      BATCHSTAT: 3,
      IDBANK: 'SVB',
      CNTENTER: 1,
      AMTENTER: amount,
      POSTSEQNBR: batch,
    });
  receiptBatch(cashBatch, prepaidOn, 'Prepayments (doc traps)', gross);
  ctx.insert('ARTCR', {
    CODEPYMTYP: 'CA',
    CNTBTCH: cashBatch,
    CNTITEM: 1,
    ...stamp(prepaidOn),
    IDRMIT: prepayCheck,
    IDCUST: customer.id,
    DATERMIT: prepaidOn,
    TEXTRMIT: 'Deposit on order, to apply to its invoice',
    AMTRMIT: gross,
    AMTRMITTC: gross,
    CODEPAYM: 'CHECK',
    CODECURN: 'USD',
    RMITTYPE: 2,
    DOCTYPE: 1,
    IDBANK: 'SVB',
    DATEBUS: prepaidOn,
    FISCYR: String(y),
    FISCPER: '02',
    DOCNBR: prepayDoc,
  });
  ctx.insert('AROBL', {
    IDCUST: customer.id,
    IDINVC: prepayDoc,
    ...stamp(paidOn),
    TRXTYPEID: 50,
    TRXTYPETXT: 10,
    CNTBTCH: cashBatch,
    CNTITEM: 1,
    TYPEBTCH: 'CA',
    DESCINVC: `Prepayment ${prepayCheck}`,
    DATEINVC: prepaidOn,
    DATEBUS: prepaidOn,
    FISCYR: String(y),
    FISCPER: '02',
    CODECURN: 'USD',
    EXCHRATEHC: '1',
    AMTINVCHC: gross.negated(),
    AMTINVCTC: gross.negated(),
    AMTDUEHC: '0',
    AMTDUETC: '0',
    SWPAID: 1,
    DATEPAID: paidOn,
    DATELSTACT: paidOn,
    POSTSEQNCE: cashBatch,
    IDBANK: 'SVB',
    IDRMIT: prepayCheck,
    SRCEAPPL: 'AR',
    IDACCTSET: 'USA',
  });
  const applyBatch = cashBatch + 1;
  receiptBatch(applyBatch, paidOn, 'Apply documents (doc traps)', new Money(0));
  ctx.insert('ARTCR', {
    CODEPYMTYP: 'CA',
    CNTBTCH: applyBatch,
    CNTITEM: 1,
    ...stamp(paidOn),
    IDRMIT: prepayCheck,
    IDCUST: customer.id,
    DATERMIT: paidOn,
    TEXTRMIT: `Apply ${prepayDoc} to ${invDoc}`,
    AMTRMIT: '0',
    AMTRMITTC: '0',
    CODECURN: 'USD',
    RMITTYPE: 4,
    DOCTYPE: 1,
    IDBANK: 'SVB',
    DATEBUS: paidOn,
    FISCYR: String(y),
    FISCPER: '03',
    DOCNBR: prepayDoc,
  });
  ctx.insert('ARTCP', {
    CODEPAYM: 'CA',
    CNTBTCH: applyBatch,
    CNTITEM: 1,
    CNTLINE: 1,
    ...stamp(paidOn),
    IDCUST: customer.id,
    IDINVC: invDoc,
    AMTPAYM: gross,
    TRXTYPE: 11,
  });

  // 3. An AP bill (period 4) whose header optional fields reference its scanned invoice and the approval e-mail.
  const vendor = vendors.find((v, i) => v.active && i % 17 !== 3);
  if (!vendor) throw new Error('doc traps: no vendor');
  const billDate = y * 10000 + 410;
  const billDoc = 'INV-ATT-0001';
  const billAmount = new Money('742.18');
  const expense = chart.expenses[0];
  if (!expense) throw new Error('doc traps: no expense account');
  const references = [`\\\\fileserver\\scans\\ap\\${y}\\${billDoc}.pdf`, `https://dms.example.com/ap/${billDoc}/approval.eml`];
  const apBatch = nextNumber(ctx, 'SELECT MAX(CNTBTCH) AS n FROM APIBC');
  ctx.insert('APIBC', {
    CNTBTCH: apBatch,
    ...stamp(billDate),
    DATEBTCH: billDate,
    BTCHDESC: 'Invoices with attachments (doc traps)',
    CNTINVCENT: 1,
    AMTENTR: billAmount,
    BTCHTYPE: 1,
    BTCHSTTS: 3,
    POSTSEQNBR: apBatch,
    DTELSTEDIT: billDate,
    SWPRINTED: 1,
    SRCEAPPL: 'AP',
  });
  ctx.insert('APIBH', {
    CNTBTCH: apBatch,
    CNTITEM: 1,
    ...stamp(billDate),
    IDVEND: vendor.id,
    IDINVC: billDoc,
    TEXTTRX: 1,
    IDTRX: 12,
    INVCDESC: 'Facilities repair (scanned invoice attached)',
    IDACCTSET: 'USA',
    DATEINVC: billDate,
    FISCYR: String(y),
    FISCPER: '04',
    CODECURN: 'USD',
    RATETYPE: 'SP',
    EXCHRATEHC: '1',
    TERMCODE: vendor.terms,
    DATEDUE: billDate + 20,
    DATEBUS: billDate,
    CODETAXGRP: 'EXEMPT',
    AMTINVCTOT: billAmount,
    AMTGROSTOT: billAmount,
    ORIGCOMP: ctx.orgId,
    SRCEAPPL: 'AP',
  });
  ctx.insert('APIBD', {
    CNTBTCH: apBatch,
    CNTITEM: 1,
    CNTLINE: 20,
    ...stamp(billDate),
    TEXTDESC: expense.description.slice(0, 60),
    IDGLACCT: expense.formatted,
    AMTDIST: billAmount,
    AMTDISTNET: billAmount,
  });
  ATTACHMENT_FIELDS.forEach((field, k) =>
    ctx.insert('APIBHO', {
      CNTBTCH: apBatch,
      CNTITEM: 1,
      OPTFIELD: field,
      ...stamp(billDate),
      VALUE: references[k] ?? '',
      TYPE: 1,
      LENGTH: 60,
      ALLOWNULL: 1,
      SWSET: 1,
    }),
  );
  ctx.insert('APOBL', {
    IDVEND: vendor.id,
    IDINVC: billDoc,
    ...stamp(billDate),
    IDTRXTYPE: 12,
    TXTTRXTYPE: 1,
    CNTBTCH: apBatch,
    CNTITEM: 1,
    TYPEBTCH: 'IN',
    DESCINVC: 'Facilities repair (scanned invoice attached)',
    DATEINVC: billDate,
    DATEINVCDU: billDate + 20,
    DATEBUS: billDate,
    FISCYR: String(y),
    FISCPER: '04',
    CODECURN: 'USD',
    AMTINVCHC: billAmount,
    AMTINVCTC: billAmount,
    AMTDUEHC: billAmount,
    AMTDUETC: billAmount,
    SWPAID: 0,
    POSTSEQNCE: apBatch,
    SRCEAPPL: 'AP',
  });

  // 4. An open PO (period 5) whose only line orders an item no items.csv row maps.
  const poSeq = nextNumber(ctx, 'SELECT MAX(PORHSEQ) AS n FROM POPORH1');
  const poDate = y * 10000 + 512;
  const poNumber = 'PO-TRAP-ITEM';
  const unitCost = new Money('37.50');
  const line = chart.expenses.find((a) => a.dept === 'OPS') ?? expense;
  ctx.insert('POPORH1', {
    PORHSEQ: poSeq,
    PONUMBER: poNumber,
    ...stamp(poDate),
    DATE: poDate,
    ORDEREDON: poDate,
    EXPARRIVAL: poDate + 14,
    POSTDATE: poDate,
    VDCODE: vendor.id,
    VDNAME: vendor.name,
    VDCOUNTRY: 'USA',
    PORTYPE: 1,
    LINES: 1,
    DESCRIPTIO: 'Order for an item new to the catalog',
    REFERENCE: 'REQ-TRAP',
    TERMSCODE: vendor.terms,
    CURRENCY: 'USD',
    RATE: '1',
    RATETYPE: 'SP',
    RATEDATE: poDate,
    RATEOPER: 1,
    EXTENDED: unitCost.times(8),
    DOCTOTAL: unitCost.times(8),
    TAXGROUP: 'EXEMPT',
  });
  ctx.insert('POPORL', {
    PORHSEQ: poSeq,
    PORLREV: 1,
    ...stamp(poDate),
    PORLSEQ: poSeq * 100 + 1,
    ITEMNO: TRAP_UNMAPPED_ITEM,
    LOCATION: 'WH1',
    ITEMDESC: 'Ergonomic chair (new item)',
    VENDITEMNO: `V-${TRAP_UNMAPPED_ITEM}`,
    EXPARRIVAL: poDate + 14,
    ORDERUNIT: 'EA',
    OQORDERED: '8',
    OQOUTSTAND: '8',
    UNITCOST: unitCost,
    EXTENDED: unitCost.times(8),
    GLACEXPENS: line.formatted,
    COMPLETION: 1,
  });

  return {
    taxedInvoice: {
      customerId: customer.id,
      documentNumber: invDoc,
      net: net.toFixed(2),
      tax: tax.toFixed(2),
      total: gross.toFixed(2),
    },
    prepayment: {
      customerId: customer.id,
      receiptNumber: prepayCheck,
      documentNumber: prepayDoc,
      amount: gross.toFixed(2),
      appliedTo: invDoc,
      receivedOn: iso(prepaidOn),
      appliedOn: iso(paidOn),
    },
    billWithAttachments: { vendorId: vendor.id, documentNumber: billDoc, total: billAmount.toFixed(2), references },
    unmappedItemPo: { poNumber, item: TRAP_UNMAPPED_ITEM },
  };
}
