/** The one seam between the readers and a database driver (SQL Server in production, SQLite in the sandbox). */
import type { RenderedSql, SqlDialect } from './sql-dialect.ts';

/** A raw result row: column alias → driver value (string for CHAR/decimal text, number for integers). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** Bound parameter values, keyed without the `@` prefix. */
export type SqlParams = Readonly<Record<string, string | number>>;

export interface SqlBackend {
  readonly dialect: SqlDialect;
  /** Streams the rows of one statement; callers bound the result with the statement's own paging clause. */
  query(sql: RenderedSql, params: SqlParams): AsyncIterable<SqlRow>;
  /**
   * The rows of one bounded statement (a keyset page) at once, when the driver can hand them over cheaper than row by
   * row; keyset paging uses it when present.
   */
  queryPage?(sql: RenderedSql, params: SqlParams): Promise<SqlRow[]>;
  close(): Promise<void>;
}

/** Applies the statement's declared param specs: CHAR values are right-padded to the column width. */
export function bindParams(sql: RenderedSql, params: SqlParams): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, spec] of Object.entries(sql.params)) {
    const value = params[name];
    if (value === undefined) throw new Error(`${sql.name}: missing parameter @${name}`);
    if (spec.kind === 'char') {
      const text = String(value);
      // Padding matters for SQLite (binary compare); SQL Server ignores trailing spaces anyway.
      out[name] = text.length < spec.width ? text.padEnd(spec.width, ' ') : text;
    } else {
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw new Error(`${sql.name}: parameter @${name} must be a safe integer, got ${String(value)}`);
      }
      out[name] = value;
    }
  }
  return out;
}
