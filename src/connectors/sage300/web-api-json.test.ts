import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money.ts';
import { JsonDecimal, parseJsonExact, stringifyJsonExact } from './web-api-json.ts';

describe('exact JSON', () => {
  it('keeps fractional numbers as their exact text and integers as numbers', () => {
    expect(parseJsonExact('{"Amount": 1234567890123.455, "N": 3, "Neg": -0.10, "S": "1.5 \\" 2.5", "A": [1e3, 7]}')).toEqual({
      Amount: '1234567890123.455',
      N: 3,
      Neg: '-0.10',
      S: '1.5 " 2.5',
      A: ['1e3', 7],
    });
    expect(parseJsonExact('{"Big": 12345678901234567890}')).toEqual({ Big: '12345678901234567890' });
    expect(() => parseJsonExact('{"a": }')).toThrow(SyntaxError);
  });

  it('writes Money and JsonDecimal as bare exact numbers', () => {
    expect(
      stringifyJsonExact({ Amount: new Money('0.1').plus(new Money('0.2')), D: new JsonDecimal('-10.100'), s: 'x', skip: undefined }),
    ).toBe('{"Amount":0.3,"D":-10.100,"s":"x"}');
    expect(() => stringifyJsonExact({ x: Number.POSITIVE_INFINITY })).toThrow();
  });

  it('keeps big and precise amounts as their exact text, never a double', () => {
    const parsed = parseJsonExact(
      '{"Amount": 12345678901234567.125, "Tenth": 0.1, "NegZero": -0.000, "Exp": 1e3, "Unsafe": 9007199254740993}',
    );
    expect(parsed).toEqual({ Amount: '12345678901234567.125', Tenth: '0.1', NegZero: '-0.000', Exp: '1e3', Unsafe: '9007199254740993' });
    // A double would have rounded these: prove the text is not what Number() makes of it.
    expect(String(Number('12345678901234567.125'))).not.toBe((parsed as { Amount: string }).Amount);
    expect(String(Number('9007199254740993'))).not.toBe((parsed as { Unsafe: string }).Unsafe);
    for (const v of Object.values(parsed as Record<string, unknown>)) expect(typeof v).toBe('string');
  });

  it('writes parsed amounts back out digit for digit', () => {
    const { Amount, Exp } = parseJsonExact('{"Amount": 12345678901234567.125, "Exp": 1e3}') as { Amount: string; Exp: string };
    expect(
      stringifyJsonExact({ Amount: new JsonDecimal(Amount), Sum: new Money(Amount).plus(new Money('0.1')), Exp: new Money(Exp) }),
    ).toBe('{"Amount":12345678901234567.125,"Sum":12345678901234567.225,"Exp":1000}');
    expect(stringifyJsonExact([new Money('0.1'), new JsonDecimal('-0.000'), 3])).toBe('[0.1,-0.000,3]');
  });

  it('rejects a non-finite amount and NaN instead of writing null', () => {
    expect(() => stringifyJsonExact({ Amount: Number.NaN })).toThrow(TypeError);
    expect(() => stringifyJsonExact({ Amount: new Money(Number.NaN) })).toThrow(/finite/);
  });

  it('refuses a key repeated with a different amount and keeps __proto__ as data', () => {
    expect(() => parseJsonExact('{"Amount": 1.00, "Amount": 100.00}')).toThrow(SyntaxError);
    const parsed = parseJsonExact('{"__proto__": {"x": 1.5}}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ x: '1.5' });
  });
});
