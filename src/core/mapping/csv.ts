import { fileError, type MappingFileError } from './mapping-files.ts';

/** One data record of a CSV file: its raw (untrimmed) fields and the 1-based line it starts on. */
export interface CsvRow {
  readonly line: number;
  readonly fields: readonly string[];
}

/** Parsed CSV: the well-formed data rows (header excluded) and every problem found, both always present. */
export interface CsvParse {
  readonly rows: readonly CsvRow[];
  readonly errors: readonly MappingFileError[];
}

interface RawRecord {
  line: number;
  fields: string[];
  bad: boolean;
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t';
const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

const QUOTE_FIX = 'enclose the whole value in double quotes and write a quote inside it twice ("")';

/** Splits RFC 4180 text into records; stops at an unterminated quote (everything after it is inside the quote). */
function tokenize(text: string, file: string): { records: RawRecord[]; errors: MappingFileError[] } {
  const records: RawRecord[] = [];
  const errors: MappingFileError[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const record: RawRecord = { line, fields: [], bad: false };
    for (;;) {
      let j = i;
      while (isBlank(text[j])) j++;
      if (text[j] === '"') {
        const openedOn = line;
        let value = '';
        let start = ++j;
        for (;;) {
          if (j >= n) {
            errors.push(fileError('csv_syntax', { file, line: openedOn }, 'a quoted value is opened here and never closed', QUOTE_FIX));
            return { records, errors };
          }
          const c = text[j];
          if (c === '"') {
            if (text[j + 1] === '"') {
              value += text.slice(start, j + 1);
              j += 2;
              start = j;
              continue;
            }
            value += text.slice(start, j);
            j++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[j + 1] !== '\n')) line++;
          j++;
        }
        while (isBlank(text[j])) j++;
        if (j < n && text[j] !== ',' && !isBreak(text[j])) {
          if (!record.bad) errors.push(fileError('csv_syntax', { file, line }, 'text after the closing quote of a quoted value', QUOTE_FIX));
          record.bad = true;
          while (j < n && text[j] !== ',' && !isBreak(text[j])) j++;
        }
        record.fields.push(value);
        i = j;
      } else {
        let k = i;
        while (k < n && text[k] !== ',' && !isBreak(text[k])) {
          if (text[k] === '"' && !record.bad) {
            errors.push(fileError('csv_syntax', { file, line }, 'a double quote inside an unquoted value', QUOTE_FIX));
            record.bad = true;
          }
          k++;
        }
        record.fields.push(text.slice(i, k));
        i = k;
      }
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    // Blank lines and rows of empty cells (spreadsheets leave them behind) carry no data.
    if (!record.fields.every((f) => f.trim() === '')) records.push(record);
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
 * Parses strict RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, BOM, trailing newline) whose first line must
 * be exactly `columns`. Collects every problem with its line; rows with a problem are left out of `rows`.
 */
export function parseCsv(text: string, file: string, columns: readonly string[]): CsvParse {
  const { records, errors } = tokenize(text, file);
  const headerFix = `make the first line exactly: ${columns.join(',')}`;
  const [header, ...data] = records;
  if (header === undefined) {
    if (errors.length === 0) errors.push(fileError('header_mismatch', { file, line: 1 }, 'the file is empty', headerFix));
    return { rows: [], errors };
  }
  if (header.bad) return { rows: [], errors };
  const problem = headerProblem(header.fields.map((f) => f.trim()), columns);
  if (problem !== undefined) {
    errors.push(fileError('header_mismatch', { file, line: header.line }, problem, headerFix));
    return { rows: [], errors };
  }
  const rows: CsvRow[] = [];
  for (const record of data) {
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
