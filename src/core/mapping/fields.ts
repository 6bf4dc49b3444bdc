import type { CsvRow } from './csv.ts';
import { fileError, type MappingFileError } from './mapping-files.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The ISO date one day after a valid ISO date. */
export function dayAfter(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** A CSV row with its cells trimmed and named by column; empty string means "not set". */
export interface Cells {
  readonly line: number;
  get(column: string): string;
}

/**
 * Trims and names the cells of each row, and reports every empty required cell. Rows missing a required cell are
 * still returned (so their other cells are checked too) but flagged `incomplete`.
 */
export function namedCells(
  file: string,
  columns: readonly string[],
  rows: readonly CsvRow[],
  required: readonly string[],
  errors: MappingFileError[],
): { cells: Cells; incomplete: boolean }[] {
  return rows.map((row) => {
    const values = new Map(columns.map((c, k) => [c, (row.fields[k] ?? '').trim()]));
    let incomplete = false;
    for (const column of required) {
      if (values.get(column) === '') {
        errors.push(
          fileError('required', { file, line: row.line, column }, 'is required but empty', `fill in ${column} (see mappings/README.md)`),
        );
        incomplete = true;
      }
    }
    return { cells: { line: row.line, get: (column: string) => values.get(column) ?? '' }, incomplete };
  });
}

/**
 * Reports every row whose key was already used on an earlier line, naming both lines. Returns the first row per key.
 */
export function rejectDuplicates<T extends { readonly line: number }>(
  file: string,
  column: string,
  items: readonly T[],
  key: (item: T) => string,
  describe: (item: T) => string,
  fix: (item: T) => string,
  errors: MappingFileError[],
): Map<string, T> {
  const first = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const earlier = first.get(k);
    if (earlier === undefined) first.set(k, item);
    else
      errors.push(
        fileError('duplicate', { file, line: item.line, column }, `${describe(item)} is already mapped on line ${earlier.line}`, fix(item)),
      );
  }
  return first;
}
