import { describe, expect, it } from 'vitest';
import { parseMappings } from '../mapping/load-mappings.ts';
import { createMappingEngine } from '../mapping/index.ts';
import { csvOf, filesWith } from '../mapping/tables.test-support.ts';
import type { ApSourceDocument } from '../ports/ap-ports.ts';
import { findDuplicates } from './ap-checks.ts';
import { VendorTotals } from './ap-summary.ts';
import { normaliseInvoiceNumber, transformDocument } from './ap-transform.ts';

const parsed = parseMappings(
  filesWith({
    'accounts.csv': csvOf('accounts.csv', '10,6100-*-*,6100,=department,=region,,,,,'),
    'dimensions.csv': csvOf('dimensions.csv', 'department,ADM,DEPARTMENT,ADM', 'region,EA,LOCATION,EAST'),
    'vendors.csv': csvOf('vendors.csv', 'V1,IV-1'),
    'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,no tax'),
    'payment-terms.csv': csvOf('payment-terms.csv', 'NET30,N30'),
  }),
);
if (!parsed.ok) throw new Error('bad fixture');
const engine = createMappingEngine(parsed.value, { segmentNames: ['account', 'department', 'region'] });

const doc = (over: Partial<ApSourceDocument> = {}): ApSourceDocument => ({
  batch: 4,
  entry: 2,
  vendorId: 'V1',
  documentNumber: 'INV-0042',
  kind: 'invoice',
  description: 'Office supplies',
  poNumber: '',
  documentDate: '2026-03-05',
  dueDate: '2026-04-04',
  postingDate: '2026-03-06',
  fiscalYear: '2026',
  fiscalPeriod: '03',
  currency: 'USD',
  termsCode: 'NET30',
  taxGroup: 'EXEMPT',
  amountBeforeTax: '100.005',
  taxAmount: '0.000',
  grossAmount: '100.005',
  onHold: false,
  lines: [{ line: 20, account: '6100-ADM-EA', description: 'Paper', amount: '100.005', taxAmount: '0.000' }],
  attachments: [],
  ...over,
});

describe('AP document → Intacct APBILL', () => {
  it('maps header, terms, tax, account and dimensions, and stamps the Sage 300 reference', () => {
    const r = transformDocument(doc(), 'SAMINC', 'IV-1', engine);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.total).toBe('100.01');
    expect(r.value.reference).toBe('S300:SAMINC:V1:INV-0042');
    expect(r.value.payload).toMatchObject({
      VENDORID: 'IV-1',
      WHENCREATED: '03/05/2026',
      WHENPOSTED: '03/06/2026',
      WHENDUE: '04/04/2026',
      RECORDID: 'INV-0042',
      DOCNUMBER: 'S300:SAMINC:V1:INV-0042',
      TERMNAME: 'N30',
      CURRENCY: 'USD',
      APBILLITEMS: { APBILLITEM: [{ ACCOUNTNO: '6100', TRX_AMOUNT: '100.01', DEPARTMENTID: 'ADM', LOCATIONID: 'EAST' }] },
    });
  });

  it('carries line tax under the mapped tax detail and counts it in the total', () => {
    const r = transformDocument(
      doc({ lines: [{ line: 20, account: '6100-ADM-EA', description: 'Paper', amount: '100.00', taxAmount: '13.00' }] }),
      'SAMINC',
      'IV-1',
      engine,
    );
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.total).toBe('113.00');
    expect(JSON.stringify(r.value.payload)).toContain('"TAXENTRY":{"DETAILID":"Exempt","TRX_TAX":"13.00"}');
  });

  it('creates a credit note as a bill with negative lines', () => {
    const r = transformDocument(doc({ kind: 'credit_note', documentNumber: 'CR-7' }), 'SAMINC', 'IV-1', engine);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.total).toBe('-100.01');
  });

  it('never defaults an unmapped tax group, terms code or account: one mapping problem naming each and its fix', () => {
    const r = transformDocument(
      doc({
        taxGroup: 'ONGST',
        termsCode: 'NET99',
        lines: [{ line: 20, account: '7000-ADM-EA', description: '', amount: '5', taxAmount: '0' }],
      }),
      'SAMINC',
      'IV-1',
      engine,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.class).toBe('mapping');
    expect(r.problem.message).toContain('ONGST');
    expect(r.problem.message).toContain('NET99');
    expect(r.problem.message).toContain('7000-ADM-EA');
    expect(r.problem.fix).toContain('tax-codes.csv');
    expect(r.problem.fix).toContain('payment-terms.csv');
  });
});

describe('duplicate invoice numbers', () => {
  it('normalises case, spaces, punctuation and leading zeros', () => {
    expect(normaliseInvoiceNumber(' inv 00042 ')).toBe(normaliseInvoiceNumber('INV-42'));
    expect(normaliseInvoiceNumber('A-0010/B-007')).toBe('a10b7');
    expect(normaliseInvoiceNumber('INV-420')).not.toBe(normaliseInvoiceNumber('INV-42'));
  });

  it('flags a number the vendor already has in Intacct, and the second of two in one batch', () => {
    const a = { doc: doc({ documentNumber: 'INV-0042' }), intacctVendorId: 'IV-1' };
    const b = { doc: doc({ documentNumber: 'INV-7' }), intacctVendorId: 'IV-1' };
    const c = { doc: doc({ documentNumber: 'inv 007' }), intacctVendorId: 'IV-1' };
    const d = { doc: doc({ vendorId: 'V2', documentNumber: 'INV-42' }), intacctVendorId: 'IV-2' };
    const found = findDuplicates('SAMINC', [a, b, c, d], [{ recordNo: '9', vendorId: 'IV-1', recordId: 'inv42', docNumber: '' }]);
    expect([...found.keys()].sort()).toEqual(['SAMINC:V1:INV-0042', 'SAMINC:V1:inv 007']);
    expect(found.get('SAMINC:V1:INV-0042')?.message).toContain('RECORDNO 9');
    expect(found.get('SAMINC:V1:inv 007')?.message).toContain('SAMINC:V1:INV-7');
  });
});

describe('AP totals', () => {
  it('nets credit notes in the totals but not in the volume an approval limit is checked against', () => {
    const totals = new VendorTotals();
    totals.add('IV-1', 'USD', '100.00');
    totals.add('IV-1', 'USD', '-90.00');
    expect(totals.currencies()).toEqual({ USD: '10.00' });
    expect(totals.volumes()).toEqual({ USD: '190.00' });
    expect(totals.vendors()).toEqual([{ vendor: 'IV-1', currency: 'USD', bills: 2, total: '10.00' }]);
  });
});
