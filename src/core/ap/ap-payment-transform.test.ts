import { describe, expect, it } from 'vitest';
import { parseMappings } from '../mapping/load-mappings.ts';
import { createMappingEngine } from '../mapping/index.ts';
import { csvOf, filesWith } from '../mapping/tables.test-support.ts';
import { DEFAULT_CURRENCY_OPTIONS } from '../fx/fx-check.ts';
import type { ApSourcePayment } from '../ports/ap-ports.ts';
import { apPaymentSourceKey, transformApPayment } from './ap-payment-transform.ts';

const parsed = parseMappings(
  filesWith({
    'accounts.csv': csvOf('accounts.csv', '10,6100-*-*,6100,,,,,,,'),
    'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,no tax'),
    'rate-types.csv': csvOf('rate-types.csv', 'SP,Intacct Daily Rate'),
  }),
);
if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
const engine = createMappingEngine(parsed.value, { segmentNames: ['account', 'department', 'region'] });
const BANKS = { bankAccounts: { SVB: 'SVB-OPERATING' } };

/** A EUR payment of 4,000.00 at 1.092 applied to one bill (home 4,368.00), unless overridden. */
const eurPayment = (over: Partial<ApSourcePayment> = {}): ApSourcePayment => ({
  batchType: 'PY',
  batch: 7,
  entry: 1,
  vendorId: 'EURO1',
  checkNumber: 'EFT-1',
  paymentDate: '2026-03-26',
  description: 'Payment of FR-77',
  currency: 'EUR',
  homeCurrency: 'USD',
  amount: '4000.000',
  homeAmount: '4368.000',
  rate: '1.0920000',
  rateOperator: '1',
  rateType: 'SP',
  rateDate: '2026-03-25',
  bankCode: 'SVB',
  form: 'check',
  applications: [{ documentNumber: 'FR-77', amount: '4000.000', homeAmount: '4368.000' }],
  ...over,
});
const map = (p: ApSourcePayment, currency = DEFAULT_CURRENCY_OPTIONS) =>
  transformApPayment(p, 'SAMINC', 'EURO1', apPaymentSourceKey('SAMINC', p), engine, currency, BANKS);

describe('transformApPayment', () => {
  it("sends a EUR payment with Sage 300's rate, rate date and mapped rate type, its bill named by source key", () => {
    const out = map(eurPayment());
    expect(out).toEqual({
      ok: true,
      total: '4000.00',
      payload: {
        FINANCIALENTITY: 'SVB-OPERATING',
        PAYMENTMETHOD: 'Printed Check',
        VENDORID: 'EURO1',
        DOCNUMBER: 'S300:SAMINC:PY-7-1',
        DESCRIPTION: 'Payment of FR-77',
        PAYMENTDATE: '03/26/2026',
        CURRENCY: 'EUR',
        BASECURR: 'USD',
        EXCHANGE_RATE: '1.092',
        EXCH_RATE_DATE: '03/25/2026',
        EXCH_RATE_TYPE_ID: 'Intacct Daily Rate',
        APPYMTDETAILS: { APPYMTDETAIL: [{ BILL: 'SAMINC:EURO1:FR-77', TRX_PAYMENTAMOUNT: '4000.00' }] },
      },
    });
  });

  it('uses the payment date when Sage 300 holds no rate date, and sends no rate type under rate-only', () => {
    const out = map(eurPayment({ rateDate: null }), { ...DEFAULT_CURRENCY_OPTIONS, rateFields: 'rate-only' });
    expect(out.ok && out.payload).toMatchObject({ EXCH_RATE_DATE: '03/26/2026', EXCHANGE_RATE: '1.092' });
    expect(out.ok && 'EXCH_RATE_TYPE_ID' in (out.payload as object)).toBe(false);
  });

  it('sends a home-currency payment with no rate fields', () => {
    const out = map(eurPayment({ currency: 'USD', rate: '1', homeAmount: '4000.000' }));
    expect(out.ok && Object.keys(out.payload as object).filter((k) => k.startsWith('EXCH') || k === 'BASECURR')).toEqual([]);
  });

  it('refuses a bank with no Intacct checking account, naming the config key to add', () => {
    const out = map(eurPayment({ bankCode: 'CITI' }));
    expect(out).toMatchObject({ ok: false, problem: { class: 'mapping' } });
    expect(!out.ok && out.problem.fix).toBe('add "CITI": "<Intacct checking account id>" to sage300.companies[].apPayments.bankAccounts');
  });

  it("refuses a payment whose base Intacct would compute differs from Sage 300's home amount beyond the tolerance", () => {
    const out = map(
      eurPayment({ homeAmount: '4368.050', applications: [{ documentNumber: 'FR-77', amount: '4000.000', homeAmount: '4368.000' }] }),
    );
    expect(out).toMatchObject({ ok: false, problem: { class: 'validation' } });
    expect(!out.ok && out.problem.message).toMatch(/Intacct would book USD 4368.00 for the payment, Sage 300's home amount is 4368.05/);
    const line = map(eurPayment({ applications: [{ documentNumber: 'FR-77', amount: '4000.000', homeAmount: '4340.000' }] }));
    expect(!line.ok && line.problem.message).toMatch(/application to FR-77: Intacct would book EUR 4000.00 x 1.092 = USD 4368.00/);
  });

  it('refuses a payment not fully applied, one with no applications, and an unmapped rate type', () => {
    const partial = map(eurPayment({ amount: '4100.000' }));
    expect(!partial.ok && partial.problem.message).toMatch(/4100.00 paid but 4000.00 applied/);
    const none = map(eurPayment({ applications: [] }));
    expect(!none.ok && none.problem.message).toMatch(/no positive applications/);
    const type = map(eurPayment({ rateType: 'AV' }));
    expect(type).toMatchObject({ ok: false, problem: { class: 'mapping' } });
  });
});
