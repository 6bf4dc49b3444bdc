import { describe, expect, it } from 'vitest';
import { parseMappings } from '../mapping/load-mappings.ts';
import { createMappingEngine } from '../mapping/index.ts';
import { csvOf, filesWith } from '../mapping/tables.test-support.ts';
import type { ApSourceDocument } from '../ports/ap-ports.ts';
import { transformDocument } from './ap-transform.ts';

const engineWith = (rateTypes: string[]) => {
  const parsed = parseMappings(
    filesWith({
      'accounts.csv': csvOf('accounts.csv', '10,6100-*-*,6100,,,,,,,'),
      'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,no tax'),
      'rate-types.csv': csvOf('rate-types.csv', ...rateTypes),
    }),
  );
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  return createMappingEngine(parsed.value, { segmentNames: ['account', 'department', 'region'] });
};
const engine = engineWith(['SP,Intacct Daily Rate']);

/** A EUR invoice of Sage 300 at `rate`, lines in EUR. */
const eurDoc = (amounts: string[], rate = '1.0850000', rateType = 'SP'): ApSourceDocument => ({
  batch: 9,
  entry: 1,
  vendorId: 'EURO1',
  documentNumber: 'FR-77',
  kind: 'invoice',
  description: 'Paris office',
  poNumber: '',
  documentDate: '2026-03-10',
  dueDate: '2026-04-09',
  postingDate: '2026-03-10',
  fiscalYear: '2026',
  fiscalPeriod: '03',
  currency: 'EUR',
  termsCode: '',
  taxGroup: 'EXEMPT',
  amountBeforeTax: '0',
  taxAmount: '0.000',
  grossAmount: '0',
  onHold: false,
  attachments: [],
  lines: amounts.map((amount, i) => ({
    line: (i + 1) * 20,
    account: '6100-ADM-EA',
    description: `line ${i + 1}`,
    amount,
    taxAmount: '0.000',
  })),
  fx: { homeCurrency: 'USD', rateType, rateDate: null, rate },
});

describe('AP document in a foreign currency → APBILL currency fields', () => {
  it("sends the document's currency, the base currency, Sage 300's rate, the rate date and the mapped rate type", () => {
    const r = transformDocument(eurDoc(['1000.000', '200.000']), 'SAMINC', 'EURO1', engine);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.payload).toMatchObject({
      CURRENCY: 'EUR',
      BASECURR: 'USD',
      EXCHANGE_RATE: '1.085',
      EXCH_RATE_DATE: '03/10/2026',
      EXCH_RATE_TYPE_ID: 'Intacct Daily Rate',
    });
  });

  it('leaves a home-currency document as it was', () => {
    const usd = { ...eurDoc(['10.000']), currency: 'USD' };
    const r = transformDocument(usd, 'SAMINC', 'EURO1', engine);
    expect(r.ok && Object.keys(r.value.payload as object)).not.toContain('EXCHANGE_RATE');
  });

  it('an unmapped rate type is a mapping exception before sending', () => {
    const r = transformDocument(eurDoc(['1000.000'], '1.085', 'BK'), 'SAMINC', 'EURO1', engine);
    expect(!r.ok && r.problem.class).toBe('mapping');
    expect(!r.ok && r.problem.fix).toMatch(/rate-types.csv/);
  });

  it("a line-by-line base that misses Sage 300's home total beyond the tolerance is an exception with a fix", () => {
    // 3 x 0.33 at 1.5: each line 0.495 -> 0.50 in Intacct (1.50), Sage 300's total 0.99 x 1.5 = 1.485 -> 1.49.
    const r = transformDocument(eurDoc(['0.330', '0.330', '0.330'], '1.5'), 'SAMINC', 'EURO1', engine, {
      baseTolerance: '0.00',
      rateFields: 'type-and-rate',
    });
    expect(!r.ok && r.problem.class).toBe('validation');
    expect(!r.ok && r.problem.message).toMatch(
      /as USD 1.50 \(line by line\), Sage 300's home total is 1.49 \(difference 0.01, tolerance 0.00\)/,
    );
    expect(transformDocument(eurDoc(['0.330', '0.330', '0.330'], '1.5'), 'SAMINC', 'EURO1', engine).ok).toBe(true);
  });

  it('a foreign document without a rate is an exception', () => {
    const r = transformDocument(eurDoc(['10.000'], '0'), 'SAMINC', 'EURO1', engine);
    expect(!r.ok && r.problem.message).toMatch(/has no exchange rate/);
  });
});
