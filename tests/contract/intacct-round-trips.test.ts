import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IntacctRecord, Page, Outcome } from '../../src/connectors/intacct/index.ts';
import { must, startHarness, type Harness } from '../helpers/intacct.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function collect(pages: AsyncGenerator<Outcome<Page>>): Promise<IntacctRecord[]> {
  const rows: IntacctRecord[] = [];
  for await (const page of pages) rows.push(...must(page).records);
  return rows;
}

/** Creates one record, then reads it by RECORDNO and finds it by query on its id field. */
async function roundTrip(object: string, idField: string, fields: IntacctRecord): Promise<string> {
  const created = must(await h.client.create(object, fields, { idempotencyKey: `rt:${object}:${String(fields[idField])}` }));
  expect(created.alreadyApplied).toBe(false);
  expect(created.recordNo).toMatch(/^\d+$/);
  const read = must(await h.client.read(object, [created.recordNo!]));
  expect(read).toHaveLength(1);
  expect(read[0]![idField]).toBe(fields[idField]);
  const found = await collect(
    h.client.query({ object, select: ['RECORDNO', idField], filter: { op: 'equalto', field: idField, value: String(fields[idField]) } }),
  );
  expect(found.map((r) => r.RECORDNO)).toEqual([created.recordNo]);
  return created.recordNo!;
}

describe('Intacct client against the emulator, over HTTP: create / read / query per object', () => {
  it('round-trips dimensions, accounts and journals', async () => {
    await roundTrip('GLACCOUNT', 'ACCOUNTNO', {
      ACCOUNTNO: '6950',
      TITLE: 'Integration test expense',
      ACCOUNTTYPE: 'incomestatement',
      NORMALBALANCE: 'debit',
    });
    await roundTrip('GLACCOUNT', 'ACCOUNTNO', {
      ACCOUNTNO: '1990',
      TITLE: 'Integration clearing',
      ACCOUNTTYPE: 'balancesheet',
      NORMALBALANCE: 'debit',
    });
    await roundTrip('GLACCOUNT', 'ACCOUNTNO', {
      ACCOUNTNO: '4990',
      TITLE: 'Integration revenue',
      ACCOUNTTYPE: 'incomestatement',
      NORMALBALANCE: 'credit',
    });
    await roundTrip('GLJOURNAL', 'SYMBOL', { SYMBOL: 'SBJ', TITLE: 'Sagebridge journal' });
    await roundTrip('DEPARTMENT', 'DEPARTMENTID', { DEPARTMENTID: 'QA', TITLE: 'Quality' });
    await roundTrip('LOCATION', 'LOCATIONID', { LOCATIONID: '900', NAME: 'Test warehouse' });
    await roundTrip('CLASS', 'CLASSID', { CLASSID: 'CL9', NAME: 'Class nine' });
    await roundTrip('PROJECT', 'PROJECTID', { PROJECTID: 'PRJ9', NAME: 'Project nine', PROJECTCATEGORY: 'Contract' });
  });

  it('round-trips vendors and customers', async () => {
    await roundTrip('VENDOR', 'VENDORID', { VENDORID: 'V-T1', NAME: 'Test Vendor Ltd', DISPLAYCONTACT: { PRINTAS: 'Test Vendor Ltd' } });
    await roundTrip('CUSTOMER', 'CUSTOMERID', {
      CUSTOMERID: 'C-T1',
      NAME: 'Test Customer Inc',
      DISPLAYCONTACT: { PRINTAS: 'Test Customer Inc' },
    });
  });

  it('round-trips a balanced journal entry with dimensions and shows it in the trial balance', async () => {
    const recordNo = await roundTrip('GLBATCH', 'REFERENCENO', {
      JOURNAL: 'SBJ',
      BATCH_DATE: '03/15/2026',
      BATCH_TITLE: 'Round trip',
      REFERENCENO: 'S300-RT-1',
      STATE: 'Posted',
      ENTRIES: {
        GLENTRY: [
          {
            ACCOUNTNO: '6950',
            TR_TYPE: '1',
            TRX_AMOUNT: '100.10',
            DEPARTMENT: 'QA',
            LOCATION: '900',
            CLASSID: 'CL9',
            PROJECTID: 'PRJ9',
            DESCRIPTION: 'debit line',
          },
          { ACCOUNTNO: '1990', TR_TYPE: '-1', TRX_AMOUNT: '100.10', DESCRIPTION: 'credit line' },
        ],
      },
    });
    expect(recordNo).toMatch(/^\d+$/);
    const tb = must(await h.client.getTrialBalance({ startDate: '2026-03-01', endDate: '2026-03-31' }));
    const expense = tb.find((r) => r.glAccountNo === '6950');
    const clearing = tb.find((r) => r.glAccountNo === '1990');
    expect(expense?.debits).toMatch(/^100\.10?$/);
    expect(clearing?.credits).toMatch(/^100\.10?$/);
  });

  it('round-trips an AP bill, an AR invoice with a payment, and a purchase order', async () => {
    await roundTrip('APBILL', 'RECORDID', {
      VENDORID: 'V-T1',
      WHENCREATED: '03/15/2026',
      WHENDUE: '04/14/2026',
      RECORDID: 'BILL-RT-1',
      DOCNUMBER: 'S300 AP 0001',
      APBILLITEMS: { APBILLITEM: [{ ACCOUNTNO: '6950', TRX_AMOUNT: '250.00', ENTRYDESCRIPTION: 'line 1' }] },
    });

    const invoice = must(
      await h.client.createInvoice(
        {
          customerid: 'C-T1',
          datecreated: '2026-03-15',
          datedue: '2026-04-14',
          invoiceno: 'AR-RT-1',
          invoiceitems: { lineitem: [{ glaccountno: '4990', amount: '500.00' }] },
        },
        { idempotencyKey: 'rt:invoice:AR-RT-1' },
      ),
    );
    expect(invoice.key).toMatch(/^\d+$/);
    const invoiceRows = must(await h.client.read('ARINVOICE', [invoice.key!]));
    expect(invoiceRows[0]!.CUSTOMERID).toBe('C-T1');

    const payment = must(
      await h.client.create(
        'ARPYMT',
        {
          CUSTOMERID: 'C-T1',
          PAYMENTMETHOD: 'Cash',
          RECEIPTDATE: '03/20/2026',
          ARPYMTDETAILS: { ARPYMTDETAIL: [{ RECORDKEY: invoice.key!, TRX_PAYMENTAMOUNT: '125.00' }] },
        },
        { idempotencyKey: 'rt:payment:1' },
      ),
    );
    expect(payment.recordNo).toMatch(/^\d+$/);
    const payments = await collect(
      h.client.query({
        object: 'ARPYMT',
        select: ['RECORDNO', 'CUSTOMERID'],
        filter: { op: 'equalto', field: 'CUSTOMERID', value: 'C-T1' },
      }),
    );
    expect(payments).toHaveLength(1);

    const po = must(
      await h.client.createPoTransaction(
        {
          transactiontype: 'Purchase Order',
          datecreated: '2026-03-15',
          vendorid: 'V-T1',
          documentno: 'PO-RT-1',
          potransitems: { potransitem: [{ itemid: 'WIDGET', quantity: '10', price: '4.50' }] },
        },
        { idempotencyKey: 'rt:po:PO-RT-1' },
      ),
    );
    expect(po.key).toBeTruthy();
    const pos = await collect(
      h.client.query({
        object: 'PODOCUMENT',
        select: ['RECORDNO', 'DOCID', 'VENDORID'],
        filter: { op: 'equalto', field: 'VENDORID', value: 'V-T1' },
      }),
    );
    expect(pos).toHaveLength(1);
  });

  it('streams all 2,500 vendors through readByQuery and readMore', async () => {
    const before = h.emulator.counts().VENDOR ?? 0;
    const { fn } = await import('../../src/connectors/intacct/index.ts');
    const creates = Array.from({ length: 2500 }, (_, i) =>
      fn.create(
        'VENDOR',
        { VENDORID: `BULK-${String(i).padStart(5, '0')}`, NAME: `Bulk vendor ${i}` },
        { idempotencyKey: `bulk-vendor-${i}` },
      ),
    );
    const results = await h.client.execute(creates);
    expect(results.filter((r) => !r.ok)).toHaveLength(0);
    expect(h.emulator.counts().VENDOR).toBe(before + 2500);

    h.emulator.resetStats();
    const rows = await collect(
      h.client.readByQuery('VENDOR', "VENDORID like 'BULK-%'", { fields: ['RECORDNO', 'VENDORID'], pageSize: 1000 }),
    );
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => r.VENDORID)).size).toBe(2500);
    expect(h.emulator.stats().byFunction.readMore).toBe(2);
  });
});
