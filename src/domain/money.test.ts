import { describe, expect, it } from 'vitest';
import { fixedAmountText, formatAmount, formatMinorUnits, isAmountText, parseAmount, sumAmounts, toMinorUnits } from './money.ts';

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
  it('renders fixed-place amount text exactly as the Decimal does, without one for text already in that form', () => {
    const samples = [
      '0.000',
      '-0.000',
      '-0.0004',
      '-0.0005',
      '-0.001',
      '0',
      '-0',
      '12.5',
      '-12.500',
      '007.100',
      '-007.100',
      '1.23456',
      '-1.2345',
      '9999999999999999.999',
      '9999999999999999.9999999999',
      '-9999999999999999.999',
      ' 12.500 ',
      '12.500 ',
      '100.000',
      '1000000.000',
    ];
    for (const text of samples) {
      for (const decimals of [0, 2, 3, 10])
        expect(fixedAmountText(text, decimals), `${text} at ${decimals}`).toBe(parseAmount(text)!.toFixed(decimals));
    }
    expect(fixedAmountText('-12.500', 3)).toBe('-12.500');
    expect(fixedAmountText('0.000', 3)).toBe('0.000');
    expect(fixedAmountText('-0.000', 3)).toBe('0.000');
    expect(fixedAmountText('-0.0004', 3)).toBe('-0.000');
    expect(fixedAmountText('007.1', 3)).toBe('7.100');
    expect(fixedAmountText(' 5.000', 3)).toBe('5.000');
    expect(fixedAmountText('1.0005', 3)).toBe('1.001');
    expect(fixedAmountText('-1.0005', 3)).toBe('-1.001');
    expect(fixedAmountText('123456789012345678.000', 3)).toBeUndefined();
    expect(fixedAmountText('12345678901234567.000', 3)).toBeUndefined();
    for (const bad of ['', '-', '.5', '5.', '1e3', '1,000.000', '--1.000', '+1.000', '1.2.3', 'abc', '0x10', '1.00000000000']) {
      expect(fixedAmountText(bad, 3), bad).toBeUndefined();
      expect(isAmountText(bad), bad).toBe(false);
    }
  });

  it('agrees with the Decimal on generated amounts of every shape', () => {
    let seed = 7;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const digits = (n: number): string => Array.from({ length: n }, () => String(next(10))).join('');
    for (let i = 0; i < 5000; i++) {
      const frac = next(5);
      const text = `${next(3) === 0 ? '-' : ''}${digits(1 + next(17))}${frac === 0 ? '' : `.${digits(frac === 4 ? 11 : frac)}`}`;
      const parsed = parseAmount(text);
      expect(isAmountText(text), text).toBe(parsed !== undefined);
      for (const decimals of [2, 3]) expect(fixedAmountText(text, decimals), `${text} at ${decimals}`).toBe(parsed?.toFixed(decimals));
    }
  });
});
