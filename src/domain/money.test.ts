import { describe, expect, it } from 'vitest';
import { formatAmount, formatMinorUnits, parseAmount, sumAmounts, toMinorUnits } from './money.ts';

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
  it('converts to minor units exactly as formatAmount rounds, for every sign and scale', () => {
    const samples = ['0', '-0.000', '2.005', '-2.005', '2.004', '-2.0049', '123456789012.995', '0.5', '-0.5', '7', '10.1', '-999.999'];
    for (const text of samples) {
      for (const decimals of [0, 2, 3]) {
        const magnitude = formatAmount(parseAmount(text)!.abs(), decimals);
        const expected = parseAmount(text)!.isNegative() && /[1-9]/.test(magnitude) ? `-${magnitude}` : magnitude;
        expect(formatMinorUnits(toMinorUnits(text, decimals)!, decimals), `${text} at ${decimals}`).toBe(expected);
      }
    }
    expect(toMinorUnits('12.345')).toBe(1235n);
    expect(toMinorUnits('-12.345')).toBe(-1235n);
    expect(formatMinorUnits(-5n)).toBe('-0.05');
    expect(toMinorUnits('1e3')).toBeUndefined();
    expect(toMinorUnits('1,000')).toBeUndefined();
  });
});
