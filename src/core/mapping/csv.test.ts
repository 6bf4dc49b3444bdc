import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../platform/csv-writer.ts';
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
    expect(rows('a,b,c\n1,2,3\n4,5,6\n')).toEqual([
      [2, '1', '2', '3'],
      [3, '4', '5', '6'],
    ]);
  });

  it('accepts CRLF, LF and a missing trailing newline alike', () => {
    expect(rows('a,b,c\r\n1,2,3\r\n4,5,6')).toEqual([
      [2, '1', '2', '3'],
      [3, '4', '5', '6'],
    ]);
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

  it('ends a record at a lone CR too, alone or mixed with LF and CRLF in one file', () => {
    expect(rows('a,b,c\r1,2,3\r4,5,6\r')).toEqual([
      [2, '1', '2', '3'],
      [3, '4', '5', '6'],
    ]);
    expect(rows('a,b,c\n1,2,3\r4,5,6\r\n7,8,9\n')).toEqual([
      [2, '1', '2', '3'],
      [3, '4', '5', '6'],
      [4, '7', '8', '9'],
    ]);
  });

  it('keeps a CRLF or a lone CR inside a quoted value and counts it as one line for the rows after it', () => {
    expect(rows('\uFEFFa,b,c\r\n1,"two\r\nlines",3\r\n4,"x\ry",6\r\n7,8,9\r\n')).toEqual([
      [2, '1', 'two\r\nlines', '3'],
      [4, '4', 'x\ry', '6'],
      [6, '7', '8', '9'],
    ]);
  });

  it('keeps empty fields, including a trailing empty one', () => {
    expect(rows('a,b,c\n,,x\n1,,\n')).toEqual([
      [2, '', '', 'x'],
      [3, '1', '', ''],
    ]);
  });

  it('allows spaces around a quoted field (the loader trims values anyway)', () => {
    expect(rows('a,b,c\n "q" ,2,3\n')).toEqual([[2, 'q', '2', '3']]);
  });

  it('skips blank lines and spreadsheet rows of empty cells, keeping line numbers true', () => {
    expect(rows('a,b,c\n\n1,2,3\n,,\n\n4,5,6\n\n\n')).toEqual([
      [3, '1', '2', '3'],
      [6, '4', '5', '6'],
    ]);
  });

  it('reports an unterminated quote at the line where it opened', () => {
    const parsed = parse('a,b,c\n1,2,3\n4,"open,6\n7,8,9\n');
    expect(parsed.errors.map((e) => e.message)).toEqual(['x.csv:3: a quoted value is opened here and never closed']);
    expect(parsed.errors[0]).toMatchObject({ code: 'csv_syntax', file: 'x.csv', line: 3 });
    expect(parsed.rows.map((r) => r.line)).toEqual([2]);
  });

  it('rejects a quote inside an unquoted value and text after a closing quote, and keeps the other rows', () => {
    const parsed = parse('a,b,c\n1,a"b,3\n"x"y,2,3\n4,5,6\n');
    expect(parsed.errors.map((e) => [e.code, e.line])).toEqual([
      ['csv_syntax', 2],
      ['csv_syntax', 3],
    ]);
    expect(parsed.errors[0]?.fix).toContain('""');
    expect(parsed.rows.map((r) => r.line)).toEqual([4]);
  });

  it('reports a stray quote at its physical line, after multi-line values and multi-byte text, and reads on', () => {
    const parsed = parse('\uFEFFa,b,c\n"é€\n…",2,3\n1,x"y,3\n1,"p\nq"r,3\n4,5,6\n');
    expect(parsed.errors.map((e) => e.message)).toEqual([
      'x.csv:4: a double quote inside an unquoted value',
      'x.csv:6: text after the closing quote of a quoted value',
    ]);
    expect(parsed.rows.map((r) => [r.line, ...r.fields])).toEqual([
      [2, 'é€\n…', '2', '3'],
      [7, '4', '5', '6'],
    ]);
  });

  it('reports a broken header once, not again as a header mismatch', () => {
    const parsed = parse('a,"b,c\n1,2,3\n');
    expect(parsed.errors.map((e) => [e.code, e.line])).toEqual([['csv_syntax', 1]]);
    expect(parsed.rows).toEqual([]);
  });

  it('reports every row with the wrong number of values, naming the expected columns', () => {
    const parsed = parse('a,b,c\n1,2\n1,2,3\n1,2,3,4\n');
    expect(parsed.errors.map((e) => e.message)).toEqual([
      'x.csv:2: expected 3 values (a,b,c), got 2',
      'x.csv:4: expected 3 values (a,b,c), got 4',
    ]);
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

describe('formatCsv read back by parseCsv', () => {
  it('returns every value unchanged, with line numbers that follow the line breaks inside values', () => {
    // Three line breaks inside the first row's values put the second row on line 2 + 3 + 1.
    const tricky = ['x, y', 'say "hi"', 'two\nlines', 'cr\r\nlf', 'lone\rcr', ' lead', 'trail ', '', 'é€…'];
    const columns = tricky.map((_, k) => `c${k}`);
    const plain = tricky.map((_, k) => String(k));
    const parsed = parseCsv(formatCsv([columns, tricky, plain]), 'x.csv', columns);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, fields: tricky },
      { line: 6, fields: plain },
    ]);
  });
});
