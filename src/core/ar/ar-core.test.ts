import { describe, expect, it } from 'vitest';
import { createMappingEngine } from '../mapping/index.ts';
import { parseMappings } from '../mapping/load-mappings.ts';
import { csvOf, filesWith } from '../mapping/tables.test-support.ts';
import type { ArSourceDocument } from '../ports/ar-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import { setup } from '../state/state.test-support.ts';
import { compareOpenBalances } from './ar-compare.ts';
import { arInvoiceKey, arSourceKey } from './ar-keys.ts';
import { slotFor } from './ar-slot.ts';
import { transformInvoice } from './ar-transform.ts';

const parsed = parseMappings(
  filesWith({
    'accounts.csv': csvOf('accounts.csv', '10,4000-*-*,4000,=department,=region,,,,,'),
    'dimensions.csv': csvOf('dimensions.csv', 'department,ADM,DEPARTMENT,ADM', 'region,EA,LOCATION,EAST'),
    'customers.csv': csvOf('customers.csv', 'C1,IC-1'),
    'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,no tax', 'STATE,Sales Tax 8.25,state sales tax'),
    'payment-terms.csv': csvOf('payment-terms.csv', 'NET30,N30'),
  }),
);
if (!parsed.ok) throw new Error('bad fixture');
const engine = createMappingEngine(parsed.value, { segmentNames: ['account', 'department', 'region'] });

const doc = (over: Partial<ArSourceDocument> = {}): ArSourceDocument => ({
  batch: 1,
  entry: 1,
  customerId: 'C1',
  documentNumber: 'IN0001',
  kind: 'invoice',
  description: 'Goods',
  customerPo: '',
  documentDate: '2026-03-05',
  dueDate: '2026-04-04',
  postingDate: '2026-03-05',
  currency: 'USD',
  termsCode: 'NET30',
  taxGroup: 'EXEMPT',
  lines: [{ line: 20, account: '4000-ADM-EA', description: 'Widgets', amount: '100.005', taxAmount: '0.000' }],
  attachments: [],
  ...over,
});

describe('AR document -> Intacct invoice', () => {
  it('maps lines, dimensions and terms, numbers the invoice with the Sage 300 document and stamps the reference', () => {
    const r = transformInvoice(doc(), 'CO', 'IC-1', engine);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.total).toBe('100.01');
    expect(r.value.payload).toMatchObject({ customerid: 'IC-1', invoiceno: 'IN0001', termname: 'N30', externalid: 'S300:CO:C1:IN0001' });
    expect((r.value.payload as { invoiceitems: { lineitem: JsonValue[] } }).invoiceitems.lineitem).toEqual([
      { glaccountno: '4000', amount: '100.01', memo: 'Widgets', locationid: 'EAST', departmentid: 'ADM' },
    ]);
  });

  it('makes a credit note a negative invoice and refuses unmapped accounts naming the value', () => {
    const credit = transformInvoice(doc({ kind: 'credit_note' }), 'CO', 'IC-1', engine);
    expect(credit.ok && credit.value.total).toBe('-100.01');
    const unmapped = transformInvoice(
      doc({ lines: [{ line: 20, account: '4999-000-00', description: '', amount: '5', taxAmount: '0' }] }),
      'CO',
      'IC-1',
      engine,
    );
    expect(!unmapped.ok && unmapped.problem.class).toBe('mapping');
    expect(!unmapped.ok && unmapped.problem.message).toContain('4999-000-00');
  });

  it('carries line tax as a tax entry of the mapped tax detail, totals it in, and signs it on a credit note', () => {
    const lines = [{ line: 20, account: '4000-ADM-EA', description: 'Goods', amount: '200.000', taxAmount: '16.500' }];
    const taxed = transformInvoice(doc({ taxGroup: 'STATE', lines }), 'CO', 'IC-1', engine);
    if (!taxed.ok) throw new Error(taxed.problem.message);
    expect(taxed.value.total).toBe('216.50');
    expect((taxed.value.payload as { invoiceitems: { lineitem: JsonValue[] } }).invoiceitems.lineitem).toEqual([
      {
        glaccountno: '4000',
        amount: '200.00',
        memo: 'Goods',
        locationid: 'EAST',
        departmentid: 'ADM',
        taxentries: { taxentry: { detailid: 'Sales Tax 8.25', trx_tax: '16.50' } },
      },
    ]);
    const credit = transformInvoice(doc({ kind: 'credit_note', taxGroup: 'STATE', lines }), 'CO', 'IC-1', engine);
    expect(credit.ok && credit.value.total).toBe('-216.50');
    const unmappedGroup = transformInvoice(doc({ taxGroup: 'CITY', lines }), 'CO', 'IC-1', engine);
    expect(!unmappedGroup.ok && unmappedGroup.problem.fix).toContain('tax-codes.csv');
  });
});

describe('AR outbox slot', () => {
  it('reuses the key for the same payload after a failure and takes a retry key for a changed one', () => {
    const { store } = setup();
    const key = arSourceKey('CO', 'C1', 'IN0001');
    const slot = (payload: JsonValue) => slotFor(store, 'sage300', key, 'ARINVOICE', 'ar', payload, (n) => arInvoiceKey(key, n));
    expect(slot({ a: 1 })).toEqual({ kind: 'free', idempotencyKey: 'ar-invoice:CO:C1:IN0001' });
    const runId = store.runs.startRun({ pipeline: 'ar', company: 'CO', params: {}, principal: 'agent' });
    const item = {
      idempotencyKey: arInvoiceKey(key),
      targetSystem: 'intacct',
      objectType: 'ARINVOICE',
      sourceSystem: 'sage300',
      sourceKey: key,
      payload: { a: 1 },
    };
    const created = store.changeSets.create({ runId, pipeline: 'ar', company: 'CO', createdBy: 'agent', summary: {}, items: [item] });
    if (!created.ok) throw new Error(created.error.message);
    expect(store.changeSets.approve(created.value.changeSet.id, { by: 'boss', digest: created.value.changeSet.digest }).ok).toBe(true);
    store.outbox.markSending(item.idempotencyKey);
    // Left sending by this pipeline: resent with its own key and stored payload, whatever the new mapping says.
    expect(slot({ a: 9 })).toEqual({ kind: 'resend', idempotencyKey: 'ar-invoice:CO:C1:IN0001', payload: { a: 1 } });
    // Another pipeline's view of the same row: busy, that flow resends it.
    expect(slotFor(store, 'sage300', key, 'ARINVOICE', 'projects', { a: 1 }, (n) => arInvoiceKey(key, n))).toMatchObject({ kind: 'busy' });
    store.outbox.markFailed(item.idempotencyKey, { code: 'validation', message: 'no' });
    expect(slot({ a: 1 })).toEqual({ kind: 'free', idempotencyKey: 'ar-invoice:CO:C1:IN0001' });
    expect(slot({ a: 2 })).toEqual({ kind: 'free', idempotencyKey: 'ar-invoice:CO:C1:IN0001~retry1' });
  });
});

describe('open-balance comparison', () => {
  it('explains each document difference and leaves nothing unexplained', () => {
    const { store } = setup();
    const linked = arSourceKey('CO', 'C1', 'IN1');
    const runId = store.runs.startRun({ pipeline: 'ar', company: 'CO', params: {}, principal: 'agent' });
    const item = {
      idempotencyKey: arInvoiceKey(linked),
      targetSystem: 'intacct',
      objectType: 'ARINVOICE',
      sourceSystem: 'sage300',
      sourceKey: linked,
      payload: {},
    };
    const created = store.changeSets.create({ runId, pipeline: 'ar', company: 'CO', createdBy: 'agent', summary: {}, items: [item] });
    if (!created.ok) throw new Error(created.error.message);
    store.changeSets.approve(created.value.changeSet.id, { by: 'boss', digest: created.value.changeSet.digest });
    store.outbox.markSending(item.idempotencyKey);
    expect(store.outbox.confirm(item.idempotencyKey, { targetKey: '7', recordNo: '7', contentHash: 'h' }).ok).toBe(true);
    const result = compareOpenBalances(store, {
      company: 'CO',
      openItems: [
        { customerId: 'C1', documentNumber: 'IN1', documentType: 'invoice', amountDue: '60.000' },
        { customerId: 'C1', documentNumber: 'IN2', documentType: 'invoice', amountDue: '40.000' },
      ],
      invoices: [
        { recordNo: '7', customerId: 'IC-1', invoiceNo: 'IN1', totalDue: '100.00' },
        { recordNo: '9', customerId: 'IC-1', invoiceNo: 'X-1', totalDue: '5.00' },
      ],
      receipts: [
        {
          batchType: 'CA',
          batch: 1,
          entry: 1,
          customerId: 'C1',
          receiptNumber: 'CHK1',
          receiptDate: '2026-03-09',
          description: '',
          currency: 'USD',
          bankCode: 'B',
          amount: '30',
          applications: [{ documentNumber: 'IN1', amount: '30.000' }],
        },
      ],
      sageCustomerOf: (id) => (id === 'IC-1' ? 'C1' : id),
    });
    expect(result.customers).toEqual([
      { customer: 'C1', sageOpen: '100.00', intacctOpen: '105.00', difference: '-5.00', explained: '-5.00', unexplained: '0.00' },
    ]);
    expect(result.byReason).toEqual({
      amount_differs: '-10.00',
      intacct_only: '-5.00',
      not_synced: '40.00',
      payment_not_applied: '-30.00',
    });
    expect(result.unexplained).toBe('0.00');
  });
});
