import type { CsvRow } from './csv.ts';
import { isIsoDate, namedCells, type Cells } from './fields.ts';
import { fileError, MAPPING_FILE_COLUMNS, type MappingFileError } from './mapping-files.ts';
import { LINE_DIMENSION_COLUMNS, type AccountRule, type DimensionSource, type LineDimension } from './tables.ts';

const FILE = 'accounts.csv';
const SEGMENT_REF = /^=[a-z][a-z0-9_]*$/;
const MAX_PRIORITY = 1_000_000_000;

function parsePriority(cells: Cells, errors: MappingFileError[]): number | undefined {
  const text = cells.get('priority');
  if (text === '') return undefined;
  if (/^\d+$/.test(text) && Number(text) <= MAX_PRIORITY) return Number(text);
  errors.push(
    fileError(
      'bad_value',
      { file: FILE, line: cells.line, column: 'priority' },
      `expected a whole number, got "${text}"`,
      'write a whole number such as 10 (the highest priority wins)',
    ),
  );
  return undefined;
}

function parsePattern(cells: Cells, errors: MappingFileError[]): string[] | undefined {
  const text = cells.get('source_account');
  if (text === '') return undefined;
  const segments = text.split('-');
  const where = { file: FILE, line: cells.line, column: 'source_account' };
  const fix = 'write the formatted Sage 300 account with one exact value or * per segment, separated by -, e.g. 6000-ADM-EA or 6000-*-*';
  let good = true;
  segments.forEach((segment, k) => {
    const problem =
      segment === ''
        ? 'is empty'
        : /\s/.test(segment)
          ? 'contains a space'
          : segment !== '*' && segment.includes('*')
            ? 'mixes * with other characters (a segment is either * or an exact value)'
            : undefined;
    if (problem !== undefined) {
      errors.push(fileError('bad_value', where, `segment ${k + 1} of "${text}" ${problem}`, fix));
      good = false;
    }
  });
  return good ? segments : undefined;
}

function parseDimension(cells: Cells, column: string, errors: MappingFileError[]): DimensionSource | undefined | false {
  const text = cells.get(column);
  if (text === '') return undefined;
  if (!text.startsWith('=')) return { kind: 'literal', value: text };
  if (SEGMENT_REF.test(text)) return { kind: 'segment', segment: text.slice(1) };
  const suggestion = text.slice(1).trim().toLowerCase();
  errors.push(
    fileError(
      'bad_value',
      { file: FILE, line: cells.line, column },
      `"${text}" is not a segment reference`,
      `write =segment with the Sage 300 segment name in lowercase${/^[a-z][a-z0-9_]*$/.test(suggestion) ? ` (=${suggestion})` : ', e.g. =department'}, or a literal Intacct id`,
    ),
  );
  return false;
}

function parseDate(cells: Cells, column: string, errors: MappingFileError[]): string | undefined | false {
  const text = cells.get(column);
  if (text === '') return undefined;
  if (isIsoDate(text)) return text;
  errors.push(
    fileError(
      'bad_date',
      { file: FILE, line: cells.line, column },
      `expected a date YYYY-MM-DD, got "${text}"`,
      `write ${column} as an ISO date such as 2026-01-01, or leave it empty`,
    ),
  );
  return false;
}

/** Parses and checks accounts.csv rows into rules; every problem goes to `errors`, bad rows are left out. */
export function parseAccountRules(rows: readonly CsvRow[], errors: MappingFileError[]): AccountRule[] {
  const rules: AccountRule[] = [];
  const required = ['priority', 'source_account', 'target_account'];
  for (const { cells, incomplete } of namedCells(FILE, MAPPING_FILE_COLUMNS[FILE], rows, required, errors)) {
    const before = errors.length;
    const priority = parsePriority(cells, errors);
    const pattern = parsePattern(cells, errors);
    const dimensions: Partial<Record<LineDimension, DimensionSource>> = {};
    for (const { column, field } of LINE_DIMENSION_COLUMNS) {
      const source = parseDimension(cells, column, errors);
      if (source) dimensions[field] = source;
    }
    const from = parseDate(cells, 'effective_from', errors);
    const to = parseDate(cells, 'effective_to', errors);
    if (from && to && from > to) {
      errors.push(
        fileError(
          'date_range',
          { file: FILE, line: cells.line, column: 'effective_to' },
          `${to} is before effective_from ${from}`,
          'make effective_to the same as or later than effective_from (both dates are inclusive)',
        ),
      );
    }
    if (incomplete || errors.length > before || priority === undefined || pattern === undefined) continue;
    const comment = cells.get('comment');
    rules.push({
      line: cells.line,
      priority,
      source: cells.get('source_account'),
      pattern,
      wildcards: pattern.filter((s) => s === '*').length,
      targetAccount: cells.get('target_account'),
      dimensions,
      ...(from ? { effectiveFrom: from } : {}),
      ...(to ? { effectiveTo: to } : {}),
      ...(comment === '' ? {} : { comment }),
    });
  }
  return rules;
}
