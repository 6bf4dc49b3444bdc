import { describe, expect, it } from 'vitest';
import { createMappingEngine } from '../mapping/index.ts';
import { parseMappings } from '../mapping/load-mappings.ts';
import { csvOf, filesWith } from '../mapping/tables.test-support.ts';
import type { ArSourceCash, ArSourceDocument, ArSourceReceipt } from '../ports/ar-ports.ts';
import { transformCash } from './ar-cash.ts';
import { transformInvoice, transformReceipt } from './ar-transform.ts';

const parsed = parseMappings(
  filesWith({
    'accounts.csv': csvOf('accounts.csv', '10,4000-*-*,4000,,,,,,,'),
    'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,no tax', 'GST,GST 5,federal tax'),
    'rate-types.csv': csvOf('rate-types.csv', 'SP,Intacct Daily Rate', 'AV,Average Rate'),
  }),
);
if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
const engine = createMappingEngine(parsed.value, { segmentNames: ['account', 'department', 'region'] });
const STRICT = { baseTolerance: '0.00', rateFields: 'type-and-rate' } as const;

/** A CAD invoice of Sage 300 at `rate` (home USD). */
const cadDoc = (amounts: string[], rate = '0.7350000', over: Partial<ArSourceDocument> = {}): ArSourceDocument => ({
  batch: 40,
  entry: 1,
  customerId: 'C29001',
  documentNumber: 'IN-CAD-1',
  kind: 'invoice',
  description: 'Outfitting',
  customerPo: '',
  documentDate: '2026-06-15',
  dueDate: '2026-07-15',
  postingDate: '2026-06-15',
  currency: 'CAD',
  termsCode: '',
  taxGroup: 'EXEMPT',
  lines: amounts.map((amount, i) => ({ line: (i + 1) * 20, account: '4000-000-00', description: `line ${i + 1}`, amount, taxAmount: '0' })),
  fx: { homeCurrency: 'USD', rateType: 'AV', rateDate: '2026-06-12', rate },
  attachments: [],
  ...over,
});

const cadReceipt = (amount: string, rate = '0.7410000', rateType = 'SP'): ArSourceReceipt => ({
  batchType: 'CA',
  batch: 40,
  entry: 1,
  customerId: 'C29001',
  receiptNumber: 'CHK-CAD-1',
  receiptDate: '2026-07-15',
  description: 'Payment',
  currency: 'CAD',
  bankCode: 'SVB',
  amount,
  applications: [{ documentNumber: 'IN-CAD-1', amount }],
  fx: { homeCurrency: 'USD', rateType, rateDate: null, rate },
});

const cadCash = (amount: string, rate = '0.7410000'): ArSourceCash => ({
  batchType: 'CA',
  batch: 41,
  entry: 1,
  kind: 'prepayment',
  customerId: 'C29001',
  receiptNumber: 'CHK-CAD-2',
  documentNumber: 'PY-CAD-1',
  receiptDate: '2026-07-20',
  description: 'Deposit',
  currency: 'CAD',
  bankCode: 'SVB',
  amount,
  fx: { homeCurrency: 'USD', rateType: 'SP', rateDate: '2026-07-20', rate },
});

describe('AR invoice in a foreign currency → create_invoice currency elements', () => {
  it("sends the currency, the base currency, Sage 300's rate and rate date (legacy date) and the mapped rate type", () => {
    const r = transformInvoice(cadDoc(['7500.000', '4500.000']), 'SAMINC', 'C29001', engine);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.payload).toMatchObject({
      currency: 'CAD',
      basecurr: 'USD',
      exchrate: '0.735',
      exchratedate: { year: '2026', month: '06', day: '12' },
      exchratetype: 'Average Rate',
    });
    expect(r.value.total).toBe('12000.00');
  });

  it('leaves a home-currency invoice exactly as before (no rate elements)', () => {
    const usd = transformInvoice(cadDoc(['10.000'], '1', { currency: 'USD' }), 'SAMINC', 'C29001', engine);
    expect(usd.ok && Object.keys(usd.value.payload as object)).toEqual([
      'customerid',
      'datecreated',
      'dateposted',
      'datedue',
      'invoiceno',
      'description',
      'externalid',
      'currency',
      'invoiceitems',
    ]);
  });

  it('refuses a line-by-line base that drifts from the home total beyond the tolerance', () => {
    // Each 1000.00 x 0.738555 = 738.555 → 738.56, so 2215.68 line by line; 3000 x 0.738555 = 2215.665 → 2215.67.
    const lines = ['1000.000', '1000.000', '1000.000'];
    const drift = transformInvoice(cadDoc(lines, '0.7385550'), 'SAMINC', 'C29001', engine, STRICT);
    expect(!drift.ok && drift.problem.class).toBe('validation');
    expect(!drift.ok && drift.problem.message).toMatch(/as USD 2215.68 \(line by line\), Sage 300's home total is 2215.67/);
    expect(!drift.ok && drift.problem.fix).toMatch(/baseTolerance/);
    expect(transformInvoice(cadDoc(lines, '0.7385550'), 'SAMINC', 'C29001', engine).ok).toBe(true);
  });

  it('converts each tax entry like a line: tax amounts that round on their own are caught at a zero tolerance', () => {
    const taxed = (amount: string, tax: string, count: number, rate: string): ArSourceDocument =>
      cadDoc([], rate, {
        taxGroup: 'GST',
        lines: Array.from({ length: count }, (_, k) => ({
          line: (k + 1) * 20,
          account: '4000-000-00',
          description: 'taxed',
          amount,
          taxAmount: tax,
        })),
      });
    // 1000.00 + tax 0.50 at 0.735: 735.00 + 0.37 (0.3675) = 735.37 line by line; 1000.50 x 0.735 = 735.3675 → 735.37.
    const one = transformInvoice(taxed('1000.000', '0.500', 1, '0.7350000'), 'S', 'C', engine, STRICT);
    expect(one.ok && one.value.total).toBe('1000.50');
    // Three lines of 0.01 with tax 0.01 at 0.5: six amounts of 0.005 → 0.01 each, 0.06 line by line; 0.06 x 0.5 = 0.03.
    const three = transformInvoice(taxed('0.010', '0.010', 3, '0.5000000'), 'S', 'C', engine, STRICT);
    expect(!three.ok && three.problem.message).toMatch(/as USD 0.06 \(line by line\), Sage 300's home total is 0.03/);
  });

  it('an unmapped rate type is a mapping exception naming rate-types.csv; no rate is a validation exception', () => {
    const bk = transformInvoice(
      cadDoc(['10.000'], '0.735', { fx: { homeCurrency: 'USD', rateType: 'BK', rateDate: null, rate: '0.735' } }),
      'S',
      'C',
      engine,
    );
    expect(!bk.ok && bk.problem.class).toBe('mapping');
    expect(!bk.ok && bk.problem.fix).toMatch(/rate-types.csv/);
    const none = transformInvoice(cadDoc(['10.000'], '0'), 'S', 'C', engine);
    expect(!none.ok && none.problem.message).toMatch(/CAD amount has no exchange rate/);
  });
});

describe('AR receipt and prepayment in a foreign currency', () => {
  it('an ARPYMT receipt carries BASECURR, EXCHANGE_RATE, EXCH_RATE_DATE (the receipt date when Sage holds none) and the type', () => {
    const r = transformReceipt(cadReceipt('12000.000'), 'SAMINC', 'C29001', 'SAMINC:CA:40:1', engine);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.payload).toMatchObject({
      CURRENCY: 'CAD',
      BASECURR: 'USD',
      EXCHANGE_RATE: '0.741',
      EXCH_RATE_DATE: '07/15/2026',
      EXCH_RATE_TYPE_ID: 'Intacct Daily Rate',
    });
  });

  it('rate-only sends the rate without the type', () => {
    const r = transformReceipt(cadReceipt('12000.000'), 'SAMINC', 'C29001', 'K', engine, {
      baseTolerance: '0.01',
      rateFields: 'rate-only',
    });
    expect(r.ok && Object.keys(r.value.payload as object)).not.toContain('EXCH_RATE_TYPE_ID');
    expect(r.ok && (r.value.payload as Record<string, unknown>).EXCHANGE_RATE).toBe('0.741');
  });

  it('a receipt with an unmapped rate type is held back with the fix', () => {
    const r = transformReceipt(cadReceipt('10.000', '0.741', 'ZZ'), 'SAMINC', 'C29001', 'K', engine);
    expect(!r.ok && r.problem.class).toBe('mapping');
  });

  it('a prepayment (create_arpayment) carries the legacy currency elements; a home-currency one none', () => {
    const r = transformCash(cadCash('3000.000'), 'C29001', 'SAMINC:CA:41:1', engine);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.payload).toMatchObject({
      currency: 'CAD',
      basecurr: 'USD',
      exchrate: '0.741',
      exchratedate: { year: '2026', month: '07', day: '20' },
      exchratetype: 'Intacct Daily Rate',
    });
    const usd = transformCash({ ...cadCash('3000.000'), currency: 'USD' }, 'C29001', 'K', engine);
    expect(usd.ok && Object.keys(usd.value.payload as object)).toEqual([
      'customerid',
      'paymentamount',
      'bankaccountid',
      'refid',
      'datereceived',
      'paymentmethod',
    ]);
    const noRate = transformCash(cadCash('3000.000', '0'), 'C29001', 'K', engine);
    expect(!noRate.ok && noRate.problem.message).toMatch(/no exchange rate/);
  });
});
