import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

const COLS = ['a', 'b', 'c'];
const parse = (text: string) => parseCsv(text, 'x.csv', COLS);
const rows = (text: string) => {
  const parsed = parse(text);
  expect(parsed.errors).toEqual([]);
  return parsed.rows.map((r) => [r.line, ...r.fields]);
};

describe('parseCsv', () => {
  it('returns data rows with their 1-based line numbers, header excluded', () => {
    expect(rows('a,b,c\n1,2,3\n4,5,6\n')).toEqual([[2, '1', '2', '3'], [3, '4', '5', '6']]);
  });

  it('accepts CRLF, LF and a missing trailing newline alike', () => {
    expect(rows('a,b,c\r\n1,2,3\r\n4,5,6')).toEqual([[2, '1', '2', '3'], [3, '4', '5', '6']]);
  });

  it('strips a UTF-8 byte order mark before the header', () => {
    expect(rows('\uFEFFa,b,c\n1,2,3\n')).toEqual([[2, '1', '2', '3']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, numbering later rows correctly', () => {
    expect(rows('a,b,c\n"x, y","say ""hi""","two\nlines"\n7,8,9\n')).toEqual([
      [2, 'x, y', 'say "hi"', 'two\nlines'],
      [4, '7', '8', '9'],
    ]);
  });

  it('keeps empty fields, including a trailing empty one', () => {
    expect(rows('a,b,c\n,,x\n1,,\n')).toEqual([[2, '', '', 'x'], [3, '1', '', '']]);
  });

  it('allows spaces around a quoted field (the loader trims values anyway)', () => {
    expect(rows('a,b,c\n "q" ,2,3\n')).toEqual([[2, 'q', '2', '3']]);
  });

  it('skips blank lines and spreadsheet rows of empty cells, keeping line numbers true', () => {
    expect(rows('a,b,c\n\n1,2,3\n,,\n\n4,5,6\n\n\n')).toEqual([[3, '1', '2', '3'], [6, '4', '5', '6']]);
  });

  it('reports an unterminated quote at the line where it opened', () => {
    const parsed = parse('a,b,c\n1,2,3\n4,"open,6\n7,8,9\n');
    expect(parsed.errors.map((e) => e.message)).toEqual(['x.csv:3: a quoted value is opened here and never closed']);
    expect(parsed.errors[0]).toMatchObject({ code: 'csv_syntax', file: 'x.csv', line: 3 });
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
  });

  it('rejects a quote inside an unquoted value and text after a closing quote, and keeps the other rows', () => {
    const parsed = parse('a,b,c\n1,a"b,3\n"x"y,2,3\n4,5,6\n');
    expect(parsed.errors.map((e) => [e.code, e.line])).toEqual([['csv_syntax', 2], ['csv_syntax', 3]]);
    expect(parsed.errors[0]?.fix).toContain('""');
    expect(parsed.rows.map((r) => r.line)).toEqual([4]);
  });

  it('reports every row with the wrong number of values, naming the expected columns', () => {
    const parsed = parse('a,b,c\n1,2\n1,2,3\n1,2,3,4\n');
    expect(parsed.errors.map((e) => e.message)).toEqual(['x.csv:2: expected 3 values (a,b,c), got 2', 'x.csv:4: expected 3 values (a,b,c), got 4']);
    expect(parsed.rows.map((r) => r.line)).toEqual([3]);
  });

  it('rejects a header that differs from the expected columns, saying which are missing and unexpected', () => {
    const parsed = parse('a,B,c\n1,2,3\n');
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ code: 'header_mismatch', line: 1, fix: 'make the first line exactly: a,b,c' });
    expect(parsed.errors[0]?.message).toBe('x.csv:1: expected the columns a,b,c; got a,B,c; missing: b; unexpected: B');
  });

  it('rejects columns in the wrong order', () => {
    expect(parse('b,a,c\n').errors[0]?.message).toContain('different order');
  });

  it('trims spaces around header names', () => {
    expect(rows(' a , b ,c\n1,2,3\n')).toEqual([[2, '1', '2', '3']]);
  });

  it('rejects an empty file', () => {
    expect(parse('').errors.map((e) => e.message)).toEqual(['x.csv:1: the file is empty']);
    expect(parse('\uFEFF\n\n').errors.map((e) => e.code)).toEqual(['header_mismatch']);
  });
});
