import { describe, expect, it } from 'vitest';
import { AccountTotals } from './gl-summary.ts';

const entry = (...lines: [account: string, type: '1' | '-1', amount: string, currency?: string][]) => ({
  ENTRIES: { GLENTRY: lines.map(([ACCOUNTNO, TR_TYPE, TRX_AMOUNT, CURRENCY = 'USD']) => ({ ACCOUNTNO, TR_TYPE, TRX_AMOUNT, CURRENCY })) },
});

describe('per-account totals of a GL change set', () => {
  it('sums debits and credits per account and currency exactly, sorted by account then currency', () => {
    const totals = new AccountTotals();
    totals.add(entry(['6000', '1', '0.10'], ['2000', '-1', '0.10']));
    totals.add(entry(['6000', '1', '0.20'], ['2000', '-1', '0.20']));
    totals.add(entry(['6000', '1', '9999999999999.99', 'CAD'], ['1000', '-1', '9999999999999.99', 'CAD']));
    totals.add(entry(['6000', '-1', '1.5'], ['2000', '1', '1.5']));
    expect(totals.toJSON()).toEqual([
      { account: '1000', currency: 'CAD', debit: '0.00', credit: '9999999999999.99' },
      { account: '2000', currency: 'USD', debit: '1.50', credit: '0.30' },
      { account: '6000', currency: 'CAD', debit: '9999999999999.99', credit: '0.00' },
      { account: '6000', currency: 'USD', debit: '0.30', credit: '1.50' },
    ]);
  });

  it('rounds an amount with more decimals half up, and reads a very long amount exactly', () => {
    const totals = new AccountTotals();
    totals.add(entry(['6000', '1', '0.005'], ['6000', '1', '123456789012345678.01']));
    expect(totals.toJSON()).toEqual([{ account: '6000', currency: 'USD', debit: '123456789012345678.02', credit: '0.00' }]);
  });

  it('ignores a payload without entries', () => {
    const totals = new AccountTotals();
    totals.add({ ENTRIES: {} });
    totals.add('not an object');
    expect(totals.toJSON()).toEqual([]);
  });
});
