/**
 * Boundary normalisers for Sage 300 SQL values (reference §1): CHAR padding, YYYYMMDD dates,
 * HHMMSSCC times, exact decimals, status codes. Bad values become typed errors naming table, key
 * and column; nothing is silently defaulted.
 */
import { Money, parseAmount } from '../../domain/money.ts';
import type { SqlRow } from './sql-backend.ts';
import type { Result } from '../../domain/result.ts';

type SageRowErrorCode = 'bad_text' | 'bad_date' | 'bad_time' | 'bad_amount' | 'bad_integer' | 'unknown_code' | 'missing_column';

interface SageRowProblem {
  readonly code: SageRowErrorCode;
  readonly column: string;
  /** The offending raw value, rendered as text. */
  readonly value: string;
  readonly message: string;
}

/** A row that could not be normalised: the first problem plus any further ones on the same row. */
export interface SageRowError extends SageRowProblem {
  readonly table: string;
  /** Trimmed primary key, e.g. `VENDORID=1200` or `CNTBTCH=12,CNTITEM=3`. */
  readonly key: string;
  readonly others: readonly SageRowProblem[];
}

export type RowResult<T> = Result<T, SageRowError>;

type Problem = SageRowProblem;
const problem = (code: SageRowErrorCode, column: string, value: unknown, message: string): Problem => ({
  code,
  column,
  value: typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)),
  message,
});

/** Removes CHAR right-padding only; leading spaces are significant in Sage keys (AUDIT DQ-9). */
export function rtrim(text: string): string {
  return text.replace(/ +$/, '');
}

function integerOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'bigint')
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : undefined;
  if (typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Sage Date (YYYYMMDD number) → `YYYY-MM-DD`; 0 → null; impossible dates → undefined. */
export function sageDateToIso(value: number): string | null | undefined {
  if (value === 0) return null;
  if (!Number.isSafeInteger(value) || value < 10000101 || value > 99991231) return undefined;
  const y = Math.floor(value / 10000);
  const m = Math.floor(value / 100) % 100;
  const d = value % 100;
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) return undefined;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Sage Time (HHMMSSCC number, no leading zero) → `HH:MM:SS.cc`; impossible times → undefined. */
export function sageTimeToIso(value: number): string | undefined {
  if (!Number.isSafeInteger(value) || value < 0 || value > 23595999) return undefined;
  const s = String(value).padStart(8, '0');
  const [hh, mm, ss, cc] = [s.slice(0, 2), s.slice(2, 4), s.slice(4, 6), s.slice(6, 8)];
  if (Number(hh) > 23 || Number(mm) > 59 || Number(ss) > 59) return undefined;
  return `${hh}:${mm}:${ss}.${cc}`;
}

/** Reads one raw row, recording problems; `result()` returns the record or the error, never both. */
export class RowReader {
  private readonly problems: Problem[] = [];

  constructor(
    readonly table: string,
    private readonly row: SqlRow,
    private readonly keyColumns: readonly string[],
  ) {}

  private raw(column: string): unknown {
    if (!(column in this.row)) {
      this.problems.push(problem('missing_column', column, undefined, `column ${column} missing from result`));
      return undefined;
    }
    return this.row[column];
  }

  /** CHAR column, RTRIMmed (the SQL already RTRIMs; this is belt and braces for drivers that pad). */
  char(column: string): string {
    const v = this.raw(column);
    if (typeof v === 'string') return rtrim(v);
    if (v !== undefined) this.problems.push(problem('bad_text', column, v, `expected text in ${column}`));
    return '';
  }

  /** CHAR column from a LEFT JOIN: null when the joined row is absent. */
  optChar(column: string): string | null {
    const v = this.row[column];
    return v === null || v === undefined ? null : this.char(column);
  }

  /** Empty CHAR → null (optional codes such as a blank PO number). */
  charOrNull(column: string): string | null {
    const text = this.char(column);
    return text === '' ? null : text;
  }

  int(column: string): number {
    const v = this.raw(column);
    const n = integerOf(v);
    if (n === undefined) {
      if (v !== undefined) this.problems.push(problem('bad_integer', column, v, `expected an integer in ${column}`));
      return 0;
    }
    return n;
  }

  date(column: string): string | null {
    const v = this.raw(column);
    const n = integerOf(v);
    const iso = n === undefined ? undefined : sageDateToIso(n);
    if (iso === undefined) {
      if (v !== undefined) this.problems.push(problem('bad_date', column, v, `impossible YYYYMMDD date in ${column}`));
      return null;
    }
    return iso;
  }

  time(column: string): string {
    const v = this.raw(column);
    const n = integerOf(v);
    const iso = n === undefined ? undefined : sageTimeToIso(n);
    if (iso === undefined) {
      if (v !== undefined) this.problems.push(problem('bad_time', column, v, `impossible HHMMSSCC time in ${column}`));
      return '00:00:00.00';
    }
    return iso;
  }

  amount(column: string): Money {
    const v = this.raw(column);
    const parsed = typeof v === 'string' ? parseAmount(v) : typeof v === 'number' && Number.isSafeInteger(v) ? new Money(v) : undefined;
    if (parsed === undefined) {
      if (v !== undefined) this.problems.push(problem('bad_amount', column, v, `expected an exact decimal in ${column}`));
      return new Money(0);
    }
    return parsed;
  }

  /** 0/1 flag (SMALLINT). */
  flag(column: string): boolean {
    return this.code(column, FLAG);
  }

  /** Maps a status/type code to its named value; an unknown code is an error, not a guess. */
  code<T>(column: string, table: ReadonlyMap<string, T>): T {
    const v = this.raw(column);
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? rtrim(v) : undefined;
    const named = text === undefined ? undefined : table.get(text);
    if (named === undefined) {
      if (v !== undefined) this.problems.push(problem('unknown_code', column, v, `unknown code in ${column}`));
      return undefined as T;
    }
    return named;
  }

  /** The audit stamp as ISO date and time (time zone UNCONFIRMED: likely UTC, reference §1). */
  audit(): { date: string | null; time: string } {
    return { date: this.date('AUDTDATE'), time: this.time('AUDTTIME') };
  }

  keyText(): string {
    return this.keyColumns.map((c) => `${c}=${typeof this.row[c] === 'string' ? rtrim(this.row[c]) : String(this.row[c])}`).join(',');
  }

  result<T>(value: T): RowResult<T> {
    const [first, ...others] = this.problems;
    if (first === undefined) return { ok: true, value };
    return { ok: false, error: { ...first, table: this.table, key: this.keyText(), others } };
  }
}

const FLAG: ReadonlyMap<string, boolean> = new Map([
  ['0', false],
  ['1', true],
]);

/** Builds a code table from `[code, name]` pairs. */
export function codes<T>(pairs: readonly (readonly [string | number, T])[]): ReadonlyMap<string, T> {
  return new Map(pairs.map(([c, n]) => [String(c), n]));
}
