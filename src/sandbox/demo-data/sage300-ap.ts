import { Money, sumAmounts } from '../../domain/money.ts';
import type { GenContext } from './sage300-context.ts';
import type { DemoAccount, DemoChart } from './sage300-chart.ts';
import type { DemoLedger } from './sage300-ledger.ts';
import type { DemoVendor } from './sage300-parties.ts';
import { addDays, periodOf, periodText } from './sage300-calendar.ts';

export interface JobRef {
  readonly contract: string;
  readonly project: string;
  readonly category: string;
}

export interface ApLine {
  readonly account: DemoAccount;
  readonly amount: Money;
  readonly description: string;
  readonly job?: JobRef;
  /** CNTLINE, assigned in steps of 20 like Sage. */
  cntLine?: number;
}

export type ApKind = 'IN' | 'DB' | 'CR';

export interface ApDocument {
  readonly vendor: DemoVendor;
  readonly docNo: string;
  readonly kind: ApKind;
  readonly date: number;
  readonly source: 'AP' | 'PO';
  readonly poNumber: string;
  readonly description: string;
  readonly lines: readonly ApLine[];
  /** Positive document total; credit notes are stored negated in APOBL. */
  readonly total: Money;
  /** Open balance in APOBL sign convention (credit notes negative). */
  due: Money;
  datePaid: number;
  dateLastActivity: number;
  batch: number;
  item: number;
}

const KIND: Record<ApKind, { textTrx: number; idTrx: number; glType: string; label: string }> = {
  IN: { textTrx: 1, idTrx: 12, glType: 'IN', label: 'Invoice' },
  DB: { textTrx: 2, idTrx: 22, glType: 'DB', label: 'Debit Note' },
  CR: { textTrx: 3, idTrx: 32, glType: 'CR', label: 'Credit Note' },
};

/** AP documents and payments; each posts its GL entry through the shared ledger as it is created. */
export class ApBook {
  readonly documents: ApDocument[] = [];
  private seq = 0;

  constructor(
    private readonly ctx: GenContext,
    private readonly ledger: DemoLedger,
    private readonly chart: DemoChart,
  ) {}

  addDocument(input: {
    vendor: DemoVendor;
    kind: ApKind;
    date: number;
    lines: ApLine[];
    description: string;
    source?: 'AP' | 'PO';
    poNumber?: string;
  }): ApDocument {
    this.seq++;
    const prefix = input.kind === 'IN' ? 'INV' : input.kind;
    const total = sumAmounts(input.lines.map((l) => l.amount));
    input.lines.forEach((l, i) => (l.cntLine = (i + 1) * 20));
    const doc: ApDocument = {
      vendor: input.vendor,
      kind: input.kind,
      date: input.date,
      description: input.description,
      docNo: `${prefix}-${this.ctx.year % 100}${String(this.seq).padStart(6, '0')}`,
      source: input.source ?? 'AP',
      poNumber: input.poNumber ?? '',
      lines: input.lines,
      total,
      due: input.kind === 'CR' ? total.negated() : total,
      datePaid: 0,
      dateLastActivity: input.date,
      batch: 0,
      item: 0,
    };
    this.documents.push(doc);
    const sign = input.kind === 'CR' ? -1 : 1;
    const ref = `${doc.vendor.id} ${doc.docNo}`;
    const label = `${KIND[doc.kind].label}-${doc.docNo}`;
    this.ledger.add({
      ledger: 'AP',
      type: KIND[doc.kind].glType,
      period: periodOf(doc.date),
      date: doc.date,
      description: `${doc.vendor.name.slice(0, 40)} ${doc.docNo}`,
      lines: [
        ...doc.lines.map((l) => ({ acctId: l.account.acctId, amount: l.amount.times(sign), description: label, reference: ref })),
        { acctId: this.chart.bs('2000').acctId, amount: total.times(-sign), description: label, reference: ref },
      ],
    });
    return doc;
  }

  /** Pays (part of) an invoice or debit note by check: Dr AP control, Cr operating cash. */
  pay(doc: ApDocument, date: number, amount: Money): void {
    if (doc.kind === 'CR' || amount.gt(doc.due) || !amount.isPositive()) throw new Error(`bad AP payment on ${doc.docNo}`);
    doc.due = doc.due.minus(amount);
    doc.dateLastActivity = date;
    if (doc.due.isZero()) doc.datePaid = date;
    const ref = `${doc.vendor.id} ${doc.docNo}`;
    this.ledger.add({
      ledger: 'AP',
      type: 'PY',
      period: periodOf(date),
      date,
      description: `Check to ${doc.vendor.name.slice(0, 40)}`,
      lines: [
        { acctId: this.chart.bs('2000').acctId, amount, description: `Payment-${doc.docNo}`, reference: ref },
        { acctId: this.chart.bs('1000').acctId, amount: amount.negated(), description: `Payment-${doc.docNo}`, reference: ref },
      ],
    });
  }

  /** Writes posted invoice batches (one per period and source application) and APOBL. */
  write(): void {
    const { ctx } = this;
    const groups = new Map<string, ApDocument[]>();
    for (const d of this.documents) {
      const key = `${periodText(periodOf(d.date))}|${d.source === 'AP' ? 0 : 1}`;
      const list = groups.get(key);
      if (list) list.push(d);
      else groups.set(key, [d]);
    }
    let batch = 0;
    for (const key of [...groups.keys()].sort()) {
      const docs = (groups.get(key) ?? []).slice().sort((a, b) => a.date - b.date);
      const first = docs[0];
      if (!first) continue;
      batch++;
      const period = periodOf(first.date);
      const batchDate = Math.max(...docs.map((d) => d.date));
      const stamp = ctx.stamp(batchDate);
      ctx.insert('APIBC', {
        CNTBTCH: batch,
        ...stamp,
        DATEBTCH: batchDate,
        BTCHDESC: `${first.source === 'PO' ? 'P/O invoices' : 'Invoices'} ${ctx.year}-${periodText(period)}`,
        CNTINVCENT: docs.length,
        AMTENTR: sumAmounts(docs.map((d) => (d.kind === 'CR' ? d.total.negated() : d.total))),
        BTCHTYPE: first.source === 'PO' ? 3 : 1,
        BTCHSTTS: 3,
        POSTSEQNBR: batch,
        DTELSTEDIT: batchDate,
        SWPRINTED: 1,
        SRCEAPPL: first.source,
      });
      docs.forEach((d, i) => {
        d.batch = batch;
        d.item = i + 1;
        this.writeDocument(d, batch, period);
      });
    }
  }

  private writeDocument(d: ApDocument, batch: number, period: number): void {
    const { ctx } = this;
    const kind = KIND[d.kind];
    const dueDate = addDays(d.date, d.vendor.termDays);
    const stamp = ctx.stamp(d.date);
    const hasJob = d.lines.some((l) => l.job !== undefined);
    ctx.insert('APIBH', {
      CNTBTCH: batch,
      CNTITEM: d.item,
      ...stamp,
      IDVEND: d.vendor.id,
      IDINVC: d.docNo,
      TEXTTRX: kind.textTrx,
      IDTRX: kind.idTrx,
      PONBR: d.poNumber,
      INVCDESC: d.description,
      IDACCTSET: 'USA',
      DATEINVC: d.date,
      FISCYR: String(ctx.year),
      FISCPER: periodText(period),
      CODECURN: 'USD',
      RATETYPE: 'SP',
      EXCHRATEHC: '1',
      TERMCODE: d.vendor.terms,
      DATEDUE: dueDate,
      DATEBUS: d.date,
      CODETAXGRP: 'EXEMPT',
      AMTINVCTOT: d.total,
      AMTGROSTOT: d.total,
      SWJOB: hasJob ? 1 : 0,
      ORIGCOMP: ctx.orgId,
      SRCEAPPL: d.source,
    });
    for (const l of d.lines) {
      ctx.insert('APIBD', {
        CNTBTCH: batch,
        CNTITEM: d.item,
        CNTLINE: l.cntLine ?? 0,
        ...stamp,
        IDDIST: '',
        TEXTDESC: l.description,
        IDGLACCT: l.account.formatted,
        AMTDIST: l.amount,
        AMTDISTNET: l.amount,
        CONTRACT: l.job?.contract ?? '',
        PROJECT: l.job?.project ?? '',
        CATEGORY: l.job?.category ?? '',
        BILLTYPE: l.job ? 2 : 0,
      });
    }
    const sign = d.kind === 'CR' ? -1 : 1;
    ctx.insert('APOBL', {
      IDVEND: d.vendor.id,
      IDINVC: d.docNo,
      ...ctx.stamp(d.dateLastActivity),
      IDTRXTYPE: kind.idTrx,
      TXTTRXTYPE: kind.textTrx,
      CNTBTCH: batch,
      CNTITEM: d.item,
      TYPEBTCH: 'IN',
      DESCINVC: d.description,
      DATEINVC: d.date,
      DATEINVCDU: dueDate,
      DATEBUS: d.date,
      FISCYR: String(ctx.year),
      FISCPER: periodText(period),
      CODECURN: 'USD',
      EXCHRATEHC: '1',
      CODETERM: d.vendor.terms,
      AMTINVCHC: d.total.times(sign),
      AMTINVCTC: d.total.times(sign),
      AMTDUEHC: d.due,
      AMTDUETC: d.due,
      SWPAID: d.due.isZero() ? 1 : 0,
      DATEPAID: d.datePaid,
      DATELSTACT: d.dateLastActivity,
      POSTSEQNCE: batch,
      IDPONBR: d.poNumber,
      SRCEAPPL: d.source,
      IDACCTSET: 'USA',
    });
  }

  /** Open AP per vendor (Σ APOBL.AMTDUEHC, credit notes negative), only vendors with documents. */
  openByVendor(): Record<string, string> {
    const totals = new Map<string, Money>();
    for (const d of this.documents) totals.set(d.vendor.id, (totals.get(d.vendor.id) ?? new Money(0)).plus(d.due));
    return Object.fromEntries([...totals].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v.toFixed(3)]));
  }
}
