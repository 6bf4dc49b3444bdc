import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apBillRule } from './ap-bill-rules.ts';
import { arPaymentRule } from './ar-payment-rules.ts';
import { glBatchRule } from './gl-batch-rules.ts';
import { masterDataRule } from './master-data-rules.ts';
import { OBJECTS } from './objects.ts';
import type { RuleContext, RuleOutcome } from './rule-helpers.ts';
import { seedIfEmpty } from './seed.ts';
import { EmulatorStore } from './store.ts';
import type { FieldObject } from './xml-node.ts';

let db: Database.Database;
let ctx: RuleContext;

beforeEach(() => {
  db = new Database(':memory:');
  const store = new EmulatorStore(db);
  seedIfEmpty(store, new Date(2026, 0, 10));
  ctx = { store, now: new Date(2026, 0, 10), userId: 'tester', entityId: '' };
});
afterEach(() => db.close());

const line = (ACCOUNTNO: string, TR_TYPE: string, TRX_AMOUNT: string, extra: FieldObject = {}): FieldObject => ({
  ACCOUNTNO,
  TR_TYPE,
  TRX_AMOUNT,
  ...extra,
});
const batch = (entries: FieldObject[], extra: FieldObject = {}): FieldObject => ({
  JOURNAL: 'GJ',
  BATCH_DATE: '01/15/2026',
  BATCH_TITLE: 'test',
  ENTRIES: { GLENTRY: entries },
  ...extra,
});
const messages = (o: RuleOutcome): string => (o.ok ? '' : o.error.map((e) => `${e.description} | ${e.description2}`).join('\n'));

describe('GLBATCH rules', () => {
  it('accepts a balanced entry and sums decimals exactly', () => {
    const o = glBatchRule(batch([line('1000', '1', '0.10'), line('1000', '1', '0.20'), line('4000', '-1', '0.30')]), ctx);
    expect(messages(o)).toBe('');
    expect(o.ok && o.value.fields.STATE).toBe('Posted');
  });

  it('balances in the base currency, a foreign line counting at its rate, and names ENTRIES when it does not', () => {
    const cad = { CURRENCY: 'CAD', EXCHANGE_RATE: '0.75' };
    const balanced = glBatchRule(batch([line('1000', '1', '7.50'), line('4000', '-1', '10', cad)]), ctx);
    expect(messages(balanced)).toBe('');
    const o = glBatchRule(batch([line('1000', '1', '10', { CURRENCY: 'USD' }), line('4000', '-1', '10', cad)]), ctx);
    expect(o.ok).toBe(false);
    expect(messages(o)).toMatch(/ENTRIES: Unbalanced entry .*base currency USD: debits 10.00 != credits 7.50/);
  });

  it('names every bad line field: unknown and inactive accounts, bad TR_TYPE, non-positive amount', () => {
    const o = glBatchRule(batch([line('9999', '1', '5'), line('6999', '2', '-5'), line('4000', '-1', 'abc')]), ctx);
    const text = messages(o);
    expect(text).toContain('ENTRIES.GLENTRY[1].ACCOUNTNO: Invalid reference');
    expect(text).toContain('ENTRIES.GLENTRY[2].ACCOUNTNO: Inactive reference');
    expect(text).toContain('ENTRIES.GLENTRY[2].TR_TYPE: Invalid value');
    expect(text).toContain('ENTRIES.GLENTRY[2].TRX_AMOUNT: Invalid amount');
    expect(text).toContain('ENTRIES.GLENTRY[3].TRX_AMOUNT: Invalid amount');
  });

  it('enforces journal, open period, required dimensions and dimension existence', () => {
    ctx.store.setPeriod('2026-02', 'closed');
    const o = glBatchRule(
      batch([line('6000', '1', '5', { LOCATION: '999' }), line('1000', '-1', '5', { DEPARTMENT: 'OLD' })], {
        JOURNAL: 'NOPE',
        BATCH_DATE: '02/10/2026',
      }),
      ctx,
    );
    const text = messages(o);
    expect(text).toContain('JOURNAL: Invalid reference');
    expect(text).toContain('BATCH_DATE: Period closed');
    expect(text).toContain('ENTRIES.GLENTRY[1].DEPARTMENT: Required dimension missing');
    expect(text).toContain('ENTRIES.GLENTRY[1].LOCATION: Invalid reference');
    expect(text).toContain('ENTRIES.GLENTRY[2].DEPARTMENT: Inactive reference');
  });

  it('treats periods outside fiscal 2026 as closed and rejects bad dates', () => {
    expect(messages(glBatchRule(batch([line('1000', '1', '1'), line('4000', '-1', '1')], { BATCH_DATE: '12/31/2025' }), ctx))).toContain(
      'Period closed',
    );
    expect(messages(glBatchRule(batch([line('1000', '1', '1'), line('4000', '-1', '1')], { BATCH_DATE: '2026-01-15' }), ctx))).toContain(
      'BATCH_DATE: Invalid date',
    );
    expect(messages(glBatchRule(batch([line('1000', '1', '1'), line('4000', '-1', '1')], { STATE: 'Approved' }), ctx))).toContain(
      'STATE: Invalid value',
    );
  });
});

describe('APBILL rules', () => {
  const bill = (extra: FieldObject = {}): FieldObject => ({
    VENDORID: 'V100',
    WHENCREATED: '01/05/2026',
    WHENDUE: '02/04/2026',
    APBILLITEMS: {
      APBILLITEM: [
        { ACCOUNTNO: '6100', TRX_AMOUNT: '100.10' },
        { ACCOUNTNO: '6200', TRX_AMOUNT: '0.20' },
      ],
    },
    ...extra,
  });

  it('computes totals with decimals and keeps the vendor name', () => {
    const o = apBillRule(bill(), ctx);
    expect(messages(o)).toBe('');
    expect(o.ok && [o.value.fields.TOTALENTERED, o.value.fields.TOTALDUE, o.value.fields.VENDORNAME]).toEqual([
      '100.30',
      '100.30',
      'Acme Supplies',
    ]);
  });

  it('requires vendor, dates and lines unless ACTION is Draft', () => {
    const text = messages(apBillRule({ APBILLITEMS: { APBILLITEM: [] } }, ctx));
    for (const f of ['VENDORID', 'WHENCREATED', 'WHENDUE', 'APBILLITEMS']) expect(text).toContain(`${f}: Required field missing`);
    const draft = apBillRule({ ACTION: 'Draft', APBILLITEMS: { APBILLITEM: { ACCOUNTNO: '6100', TRX_AMOUNT: '1' } } }, ctx);
    expect(messages(draft)).toBe('');
    expect(draft.ok && draft.value.fields.STATE).toBe('Draft');
  });

  it('rejects an inactive vendor and unknown line accounts', () => {
    const text = messages(apBillRule(bill({ VENDORID: 'V900', APBILLITEMS: { APBILLITEM: { ACCOUNTNO: '7777', TRX_AMOUNT: '1' } } }), ctx));
    expect(text).toContain('VENDORID: Inactive reference');
    expect(text).toContain('APBILLITEMS.APBILLITEM[1].ACCOUNTNO: Invalid reference');
  });
});

describe('ARPYMT rules', () => {
  function invoice(customer: string, due: string): number {
    return ctx.store.insert('ARINVOICE', undefined, {
      CUSTOMERID: customer,
      TOTALENTERED: due,
      TOTALPAID: '0.00',
      TOTALDUE: due,
      STATE: 'Posted',
    }).recordNo;
  }
  const payment = (details: FieldObject[]): FieldObject => ({
    CUSTOMERID: 'C100',
    RECEIPTDATE: '03/01/2026',
    PAYMENTMETHOD: 'Cash',
    ARPYMTDETAILS: { ARPYMTDETAIL: details },
  });

  it('applies payments and reduces TOTALDUE', () => {
    const inv = invoice('C100', '100.00');
    const o = arPaymentRule(payment([{ RECORDKEY: String(inv), TRX_PAYMENTAMOUNT: '40.25' }]), ctx);
    expect(messages(o)).toBe('');
    if (o.ok) o.value.after?.({ recordNo: 1, id: undefined, data: o.value.fields });
    expect(ctx.store.get('ARINVOICE', inv)?.data).toMatchObject({ TOTALDUE: '59.75', TOTALPAID: '40.25', STATE: 'Partially Paid' });
  });

  it('refuses overpayment (also split across details) and invoices of another customer', () => {
    const inv = invoice('C100', '100.00');
    const other = invoice('C200', '10.00');
    const text = messages(
      arPaymentRule(
        payment([
          { RECORDKEY: String(inv), TRX_PAYMENTAMOUNT: '60' },
          { RECORDKEY: String(inv), TRX_PAYMENTAMOUNT: '50' },
          { RECORDKEY: String(other), TRX_PAYMENTAMOUNT: '1' },
        ]),
        ctx,
      ),
    );
    expect(text).toContain('ARPYMTDETAILS.ARPYMTDETAIL[2].TRX_PAYMENTAMOUNT: Overpayment');
    expect(text).toContain('ARPYMTDETAILS.ARPYMTDETAIL[3].RECORDKEY: Invalid reference');
  });
});

describe('master data rules', () => {
  it('requires the ID and name fields and validates GLACCOUNT enums', () => {
    const text = messages(masterDataRule(OBJECTS.get('GLACCOUNT')!, { ACCOUNTTYPE: 'asset', REQUIREDEPT: 'yes' }, ctx));
    expect(text).toContain('ACCOUNTNO: Required field missing');
    expect(text).toContain('TITLE: Required field missing');
    expect(text).toContain('ACCOUNTTYPE: Invalid value');
    expect(text).toContain('NORMALBALANCE: Required field missing');
    expect(text).toContain('REQUIREDEPT: Invalid value');
  });

  it('defaults STATUS to active and rejects other values', () => {
    const ok = masterDataRule(OBJECTS.get('VENDOR')!, { VENDORID: 'X', NAME: 'X Corp' }, ctx);
    expect(ok.ok && ok.value.fields.STATUS).toBe('active');
    expect(messages(masterDataRule(OBJECTS.get('VENDOR')!, { VENDORID: 'X', NAME: 'X', STATUS: 'closed' }, ctx))).toContain(
      'STATUS: Invalid value',
    );
  });
});
