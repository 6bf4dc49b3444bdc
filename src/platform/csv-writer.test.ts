import { describe, expect, it } from 'vitest';
import { formatCsv } from './csv-writer.ts';

describe('formatCsv', () => {
  it('writes one record per line, LF after each, the last included', () => {
    expect(
      formatCsv([
        ['a', 'b'],
        ['1', '2'],
      ]),
    ).toBe('a,b\n1,2\n');
  });

  it('quotes a value holding a comma, a quote, LF or CR (a lone CR too), doubling the quotes', () => {
    expect(formatCsv([['x,y', 'say "hi"', 'a\nb', 'a\rb', 'a\r\nb', 'plain']])).toBe('"x,y","say ""hi""","a\nb","a\rb","a\r\nb",plain\n');
  });

  it('quotes a value with white space at either end and leaves inner spaces and empty values bare', () => {
    expect(formatCsv([[' lead', 'trail ', 'in side', '']])).toBe('" lead","trail ",in side,\n');
  });

  it('writes nothing for no rows', () => {
    expect(formatCsv([])).toBe('');
  });
});
