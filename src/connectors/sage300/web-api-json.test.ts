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
    expect(stringifyJsonExact({ Amount: new Money('0.1').plus(new Money('0.2')), D: new JsonDecimal('-10.100'), s: 'x', skip: undefined })).toBe('{"Amount":0.3,"D":-10.100,"s":"x"}');
    expect(() => stringifyJsonExact({ x: Number.POSITIVE_INFINITY })).toThrow();
  });
});
