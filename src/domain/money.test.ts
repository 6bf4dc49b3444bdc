import { describe, expect, it } from 'vitest';
import { formatAmount, parseAmount, sumAmounts } from './money.ts';

describe('money', () => {
  it('adds without float drift', () => {
    const total = sumAmounts(['0.1', '0.2', '-0.3'].map((s) => parseAmount(s)!));
    expect(total.isZero()).toBe(true);
  });
  it('rejects exponents, commas and blanks', () => {
    expect(parseAmount('1e3')).toBeUndefined();
    expect(parseAmount('1,000.00')).toBeUndefined();
    expect(parseAmount('')).toBeUndefined();
  });
  it('formats half-up to two decimals', () => {
    expect(formatAmount(parseAmount('2.005')!)).toBe('2.01');
    expect(formatAmount(parseAmount('-2.005')!)).toBe('-2.01');
  });
});
