import { Money, sumAmounts } from '../../domain/money.ts';
import type { GenContext } from './sage300-context.ts';
import type { DemoAccount, DemoChart } from './sage300-chart.ts';
import type { DemoLedger } from './sage300-ledger.ts';
import type { DemoCustomer } from './sage300-parties.ts';
import type { JobRef } from './sage300-ap.ts';
import { addDays, periodOf, periodText } from './sage300-calendar.ts';

export interface ArLine {
  readonly account: DemoAccount;
  readonly amount: Money;
  readonly description: string;
  readonly item: string;
  readonly job?: JobRef;
}

export type ArKind = 'IN' | 'DB' | 'CR';

export interface ArDocument {
  readonly customer: DemoCustomer;
  readonly docNo: string;
  readonly kind: ArKind;
  readonly date: number;
  readonly description: string;
  readonly lines: readonly ArLine[];
  readonly total: Money;
  due: Money;
  datePaid: number;
  dateLastActivity: number;
  batch: number;
  item: number;
}

interface ArReceipt {
  readonly doc: ArDocument;
  readonly checkNo: string;
  readonly date: number;
  readonly amount: Money;
}

const KIND: Record<ArKind, { textTrx: number; idTrx: number; label: string }> = {
  IN: { textTrx: 1, idTrx: 11, label: 'Invoice' },
  DB: { textTrx: 2, idTrx: 21, label: 'Debit Note' },
  CR: { textTrx: 3, idTrx: 31, label: 'Credit Note' },
};

const groupBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> => {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
};

/** AR invoices/notes and applied receipts; GL entries go through the shared ledger. */
export class ArBook {
  readonly documents: ArDocument[] = [];
  readonly receipts: ArReceipt[] = [];
  private seq = 0;

  constructor(
    private readonly ctx: GenContext,
    private readonly ledger: DemoLedger,
    private readonly chart: DemoChart,
  ) {}

  addDocument(input: { customer: DemoCustomer; kind: ArKind; date: number; lines: ArLine[]; description: string }): ArDocument {
    this.seq++;
    const total = sumAmounts(input.lines.map((l) => l.amount));
    const doc: ArDocument = {
      ...input,
      docNo: `${input.kind}${this.ctx.year % 100}${String(this.seq).padStart(7, '0')}`,
      total,
      due: input.kind === 'CR' ? total.negated() : total,
      datePaid: 0,
      dateLastActivity: input.date,
      batch: 0,
      item: 0,
    };
    this.documents.push(doc);
    const sign = doc.kind === 'CR' ? -1 : 1;
    const ref = `${doc.customer.id} ${doc.docNo}`;
    const label = `${KIND[doc.kind].label}-${doc.docNo}`;
    this.ledger.add({
      ledger: 'AR',
      type: doc.kind,
      period: periodOf(doc.date),
      date: doc.date,
      description: `${doc.customer.name.slice(0, 40)} ${doc.docNo}`,
      lines: [
        { acctId: this.chart.bs('1200').acctId, amount: total.times(sign), description: label, reference: ref },
        ...doc.lines.map((l) => ({ acctId: l.account.acctId, amount: l.amount.times(-sign), description: label, reference: ref })),
      ],
    });
    return doc;
  }

  /** A customer check fully applied to one document: Dr cash, Cr AR control. */
  receive(doc: ArDocument, date: number, amount: Money): void {
    if (doc.kind === 'CR' || amount.gt(doc.due) || !amount.isPositive()) throw new Error(`bad AR receipt on ${doc.docNo}`);
    doc.due = doc.due.minus(amount);
    doc.dateLastActivity = date;
    if (doc.due.isZero()) doc.datePaid = date;
    const checkNo = `CHK${String(this.receipts.length + 1).padStart(7, '0')}`;
    this.receipts.push({ doc, checkNo, date, amount });
    const ref = `${doc.customer.id} ${checkNo}`;
    this.ledger.add({
      ledger: 'AR',
      type: 'CA',
      period: periodOf(date),
      date,
      description: `Receipt ${doc.customer.name.slice(0, 40)}`,
      lines: [
        { acctId: this.chart.bs('1000').acctId, amount, description: `Receipt-${checkNo}`, reference: ref },
        { acctId: this.chart.bs('1200').acctId, amount: amount.negated(), description: `Receipt-${checkNo}`, reference: ref },
      ],
    });
  }

  write(): void {
    this.writeInvoices();
    this.writeReceipts();
  }

  private writeInvoices(): void {
    const { ctx } = this;
    const groups = groupBy(this.documents, (d) => periodText(periodOf(d.date)));
    let batch = 0;
    for (const key of [...groups.keys()].sort()) {
      const docs = (groups.get(key) ?? []).slice().sort((a, b) => a.date - b.date);
      batch++;
      const batchDate = Math.max(...docs.map((d) => d.date));
      ctx.insert('ARIBC', {
        CNTBTCH: batch,
        ...ctx.stamp(batchDate),
        DATEBTCH: batchDate,
        BTCHDESC: `Invoices ${ctx.year}-${key}`,
        CNTINVCENT: docs.length,
        AMTENTR: sumAmounts(docs.map((d) => (d.kind === 'CR' ? d.total.negated() : d.total))),
        BTCHTYPE: 1,
        BTCHSTTS: 3,
        INVCTYPE: 2,
        POSTSEQNBR: batch,
        DTELSTEDIT: batchDate,
        SWPRINTED: 1,
        SRCEAPPL: 'AR',
      });
      docs.forEach((d, i) => {
        d.batch = batch;
        d.item = i + 1;
        this.writeDocument(d, batch, Number(key));
      });
    }
  }

  private writeDocument(d: ArDocument, batch: number, period: number): void {
    const { ctx } = this;
    const kind = KIND[d.kind];
    const dueDate = addDays(d.date, d.customer.termDays);
    const stamp = ctx.stamp(d.date);
    const sign = d.kind === 'CR' ? -1 : 1;
    ctx.insert('ARIBH', {
      CNTBTCH: batch,
      CNTITEM: d.item,
      ...stamp,
      IDCUST: d.customer.id,
      IDINVC: d.docNo,
      TEXTTRX: kind.textTrx,
      IDTRX: kind.idTrx,
      INVCDESC: d.description,
      IDACCTSET: 'USA',
      DATEINVC: d.date,
      DATEDUE: dueDate,
      DATEBUS: d.date,
      FISCYR: String(ctx.year),
      FISCPER: periodText(period),
      CODECURN: 'USD',
      RATETYPE: 'SP',
      EXCHRATEHC: '1',
      TERMCODE: d.customer.terms,
      CODETAXGRP: 'EXEMPT',
      AMTINVCTOT: d.total,
      AMTNETTOT: d.total,
      AMTDUEHC: d.total,
      INVCTYPE: 2,
      SWJOB: d.lines.some((l) => l.job) ? 1 : 0,
      SRCEAPPL: 'AR',
    });
    d.lines.forEach((l, j) => {
      ctx.insert('ARIBD', {
        CNTBTCH: batch,
        CNTITEM: d.item,
        CNTLINE: (j + 1) * 20,
        ...stamp,
        IDITEM: l.item,
        TEXTDESC: l.description,
        QTYINVC: '1',
        AMTPRIC: l.amount,
        AMTEXTN: l.amount,
        IDACCTREV: l.account.formatted,
        CONTRACT: l.job?.contract ?? '',
        PROJECT: l.job?.project ?? '',
        CATEGORY: l.job?.category ?? '',
        BILLDATE: l.job ? d.date : 0,
      });
    });
    ctx.insert('AROBL', {
      IDCUST: d.customer.id,
      IDINVC: d.docNo,
      ...ctx.stamp(d.dateLastActivity),
      TRXTYPEID: kind.idTrx,
      TRXTYPETXT: kind.textTrx,
      CNTBTCH: batch,
      CNTITEM: d.item,
      TYPEBTCH: 'IN',
      DESCINVC: d.description,
      DATEINVC: d.date,
      DATEDUE: dueDate,
      DATEBUS: d.date,
      FISCYR: String(ctx.year),
      FISCPER: periodText(period),
      CODECURN: 'USD',
      EXCHRATEHC: '1',
      CODETERM: d.customer.terms,
      AMTINVCHC: d.total.times(sign),
      AMTINVCTC: d.total.times(sign),
      AMTDUEHC: d.due,
      AMTDUETC: d.due,
      SWPAID: d.due.isZero() ? 1 : 0,
      DATEPAID: d.datePaid,
      DATELSTACT: d.dateLastActivity,
      POSTSEQNCE: batch,
      SRCEAPPL: 'AR',
      IDACCTSET: 'USA',
    });
  }

  /** One posted receipt batch per period (ARBTA 'CA'), ARTCR + ARTCP, and the receipt in AROBL. */
  private writeReceipts(): void {
    const { ctx } = this;
    const groups = groupBy(this.receipts, (r) => periodText(periodOf(r.date)));
    let batch = 0;
    for (const key of [...groups.keys()].sort()) {
      const receipts = (groups.get(key) ?? []).slice().sort((a, b) => a.date - b.date);
      batch++;
      const batchDate = Math.max(...receipts.map((r) => r.date));
      ctx.insert('ARBTA', {
        CODEPYMTYP: 'CA',
        CNTBTCH: batch,
        ...ctx.stamp(batchDate),
        DATEBTCH: batchDate,
        BATCHDESC: `Receipts ${ctx.year}-${key}`,
        BATCHSTAT: 3,
        IDBANK: 'SVB',
        CNTENTER: receipts.length,
        AMTENTER: sumAmounts(receipts.map((r) => r.amount)),
        POSTSEQNBR: batch,
      });
      receipts.forEach((r, i) => {
        const stamp = ctx.stamp(r.date);
        const cust = r.doc.customer;
        ctx.insert('ARTCR', {
          CODEPYMTYP: 'CA',
          CNTBTCH: batch,
          CNTITEM: i + 1,
          ...stamp,
          IDRMIT: r.checkNo,
          IDCUST: cust.id,
          DATERMIT: r.date,
          TEXTRMIT: `Payment ${r.doc.docNo}`,
          AMTRMIT: r.amount,
          AMTRMITTC: r.amount,
          CODEPAYM: 'CHECK',
          CODECURN: 'USD',
          RMITTYPE: 1,
          DOCTYPE: 1,
          IDBANK: 'SVB',
          DATEBUS: r.date,
          FISCYR: String(ctx.year),
          FISCPER: key,
        });
        ctx.insert('ARTCP', {
          CODEPAYM: 'CA',
          CNTBTCH: batch,
          CNTITEM: i + 1,
          CNTLINE: 1,
          ...stamp,
          IDCUST: cust.id,
          IDINVC: r.doc.docNo,
          AMTPAYM: r.amount,
          TRXTYPE: KIND[r.doc.kind].idTrx,
        });
        ctx.insert('AROBL', {
          IDCUST: cust.id,
          IDINVC: r.checkNo,
          ...stamp,
          TRXTYPEID: 51,
          TRXTYPETXT: 11,
          CNTBTCH: batch,
          CNTITEM: i + 1,
          TYPEBTCH: 'CA',
          DESCINVC: `Receipt ${r.checkNo}`,
          DATEINVC: r.date,
          DATEBUS: r.date,
          FISCYR: String(ctx.year),
          FISCPER: key,
          CODECURN: 'USD',
          EXCHRATEHC: '1',
          AMTINVCHC: r.amount.negated(),
          AMTINVCTC: r.amount.negated(),
          SWPAID: 1,
          DATEPAID: r.date,
          DATELSTACT: r.date,
          POSTSEQNCE: batch,
          IDBANK: 'SVB',
          IDRMIT: r.checkNo,
          SRCEAPPL: 'AR',
          IDACCTSET: 'USA',
        });
      });
    }
  }

  /** Open AR per customer (Σ AROBL.AMTDUEHC), only customers with documents. */
  openByCustomer(): Record<string, string> {
    const totals = new Map<string, Money>();
    for (const d of this.documents) totals.set(d.customer.id, (totals.get(d.customer.id) ?? new Money(0)).plus(d.due));
    return Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.toFixed(3)]));
  }
}
