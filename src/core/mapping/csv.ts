import { CsvError, parse, type Options } from 'csv-parse/sync';
import { fileError, type MappingFileError } from './mapping-files.ts';

/** One data record of a CSV file: its fields (white space outside quotes removed) and the 1-based line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Parsed CSV: the well-formed data rows (header excluded) and every problem found, both always present. */
export interface CsvParse {
  readonly rows: readonly CsvRow[];
  readonly errors: readonly MappingFileError[];
}

/** A record as read; `bad` records had a syntax error (already reported) and carry no fields. */
interface RawRecord {
  readonly line: number;
  readonly fields: readonly string[];
  readonly bad: boolean;
}

const CR = 0x0d;
const LF = 0x0a;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

const QUOTE_FIX = 'enclose the whole value in double quotes and write a quote inside it twice ("")';

/**
 * csv-parse in strict RFC 4180 mode, plus: spaces around a quoted value are allowed (the loader trims values anyway),
 * any of CRLF, LF and a lone CR ends a record (a file edited on several systems mixes them), and the column count is
 * checked here so the message can name the columns. Blank lines reach on_record (and are dropped there), so
 * every record's end offset is known.
 */
const PARSE_OPTIONS: Options = {
  trim: true,
  relax_column_count: true,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/**
 * Physical line of a byte offset, for offsets that only move forward. Counted here rather than taken from csv-parse's
 * `info.lines`, which counts a CRLF inside a quoted value as two lines.
 */
function lineCounter(bytes: Uint8Array): (offset: number) => number {
  let at = 0;
  let line = 1;
  return (offset) => {
    for (; at < offset; at++) if (bytes[at] === LF || (bytes[at] === CR && bytes[at + 1] !== LF)) line++;
    return line;
  };
}

/** Offset just past the line break that ends the physical line holding `offset` (or the end of the text). */
function nextLineStart(bytes: Uint8Array, offset: number): number {
  let at = offset;
  while (at < bytes.length && bytes[at] !== LF && bytes[at] !== CR) at++;
  return at + (bytes[at] === CR && bytes[at + 1] === LF ? 2 : 1);
}

/**
 * Offset of the character a record's syntax error is about, from the record's start. Parsing again with `raw` (the
 * record's text up to and including that character) costs only the bad record, and keeps `raw` off the good path.
 */
function errorOffset(record: Uint8Array): number {
  try {
    parse(record, { ...PARSE_OPTIONS, raw: true, to: 1 });
  } catch (err) {
    if (err instanceof CsvError && typeof err.raw === 'string') return Math.max(Buffer.byteLength(err.raw, 'utf8') - 1, 0);
  }
  return 0;
}

/** What a csv-parse syntax error means to the person editing the file. */
function syntaxProblem(err: CsvError): string {
  switch (err.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a double quote inside an unquoted value';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'text after the closing quote of a quoted value';
    default:
      return err.message.replace(/ at line \d+/, '');
  }
}

/**
 * Reads every record with csv-parse. The parser stops at a syntax error; the error is reported at its physical line
 * and parsing resumes on the next line, so one stray quote costs one record, not the rest of the file. An unclosed
 * quote swallows everything after it, so it ends the file.
 */
function readRecords(text: string, file: string): { records: RawRecord[]; errors: MappingFileError[] } {
  const bytes = Buffer.from(text, 'utf8');
  const lineAt = lineCounter(bytes);
  const records: RawRecord[] = [];
  const errors: MappingFileError[] = [];
  let start = UTF8_BOM.every((b, k) => bytes[k] === b) ? UTF8_BOM.length : 0;
  while (start < bytes.length) {
    const base = start;
    try {
      parse(bytes.subarray(base), {
        ...PARSE_OPTIONS,
        on_record: (fields, info) => {
          // Blank lines and rows of empty cells (spreadsheets leave them behind) carry no data.
          if (!fields.every((f) => f.trim() === '')) records.push({ line: lineAt(start), fields, bad: false });
          start = base + info.bytes;
          return null;
        },
      });
      break;
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      const line = lineAt(start);
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') {
        errors.push(fileError('csv_syntax', { file, line }, 'a quoted value is opened here and never closed', QUOTE_FIX));
        records.push({ line, fields: [], bad: true });
        break;
      }
      const at = start + errorOffset(bytes.subarray(start));
      errors.push(fileError('csv_syntax', { file, line: lineAt(at) }, syntaxProblem(err), QUOTE_FIX));
      records.push({ line, fields: [], bad: true });
      start = nextLineStart(bytes, at);
    }
  }
  return { records, errors };
}

function headerProblem(got: readonly string[], expected: readonly string[]): string | undefined {
  if (got.length === expected.length && got.every((g, k) => g === expected[k])) return undefined;
  const missing = expected.filter((c) => !got.includes(c));
  const unexpected = got.filter((c) => !expected.includes(c));
  const parts = [`expected the columns ${expected.join(',')}; got ${got.join(',')}`];
  if (missing.length > 0) parts.push(`missing: ${missing.join(', ')}`);
  if (unexpected.length > 0) parts.push(`unexpected: ${unexpected.join(', ')}`);
  if (missing.length === 0 && unexpected.length === 0) parts.push('the columns are in a different order or repeated');
  return parts.join('; ');
}

/**
 * Parses strict RFC 4180 CSV (quoted fields, doubled quotes, CRLF, LF or CR, BOM, trailing newline) whose first line
 * must be exactly `columns`. Collects every problem with its line; rows with a problem are left out of `rows`.
 */
export function parseCsv(text: string, file: string, columns: readonly string[]): CsvParse {
  const { records, errors } = readRecords(text, file);
  const headerFix = `make the first line exactly: ${columns.join(',')}`;
  const header = records[0];
  if (header === undefined) {
    if (errors.length === 0) errors.push(fileError('header_mismatch', { file, line: 1 }, 'the file is empty', headerFix));
    return { rows: [], errors };
  }
  if (header.bad) return { rows: [], errors };
  const problem = headerProblem(
    header.fields.map((f) => f.trim()),
    columns,
  );
  if (problem !== undefined) {
    errors.push(fileError('header_mismatch', { file, line: header.line }, problem, headerFix));
    return { rows: [], errors };
  }
  const rows: CsvRow[] = [];
  for (let k = 1; k < records.length; k++) {
    const record = records[k]!;
    if (record.bad) continue;
    if (record.fields.length !== columns.length) {
      errors.push(
        fileError(
          'column_count',
          { file, line: record.line },
          `expected ${columns.length} values (${columns.join(',')}), got ${record.fields.length}`,
          `write exactly ${columns.length} comma-separated values on the line (empty for "not set"); quote a value that contains a comma`,
        ),
      );
      continue;
    }
    rows.push({ line: record.line, fields: record.fields });
  }
  errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return { rows, errors };
}
