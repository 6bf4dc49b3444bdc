/**
 * Sage 300 company database for the sandbox (SQLite), with the real Sage table and column names.
 *
 * STORAGE CONVENTIONS — the SQL reader relies on these; they mimic what SQL Server returns:
 * - One database per company (name = org id). All columns NOT NULL, no foreign keys, no defaults
 *   (like Sage); `insertRow` fills omitted columns with Sage blanks (spaces / 0 / '0.000').
 * - CHAR(n): TEXT right-padded with spaces to exactly n characters (SQL Server CHAR semantics).
 *   Readers must RTRIM (never LTRIM). Note SQLite `=` does NOT ignore trailing spaces the way SQL
 *   Server does: compare with `RTRIM(col) = ?` or bind `padChar(value, width)`.
 * - Sage Date  = DECIMAL(9,0): INTEGER YYYYMMDD, 0 = no date.
 * - Sage Time  = DECIMAL(9,0): INTEGER HHMMSSCC (hundredths), no leading zero (6381806 = 06:38:18.06).
 * - DECIMAL(p,0) counters / sequences / batch numbers: INTEGER.
 * - DECIMAL(p,s) with s > 0 (amounts, quantities, rates): TEXT holding the exact decimal with
 *   exactly s fraction digits ('1234.500', '-12.000', '0.000'). No float ever touches money.
 *   SQLite would coerce a column declared plainly as DECIMAL(19,3) (NUMERIC affinity) to REAL,
 *   so these columns are declared `TEXT DECIMAL(19,3)`: TEXT affinity keeps the string, and the
 *   SQL Server type is still legible in `PRAGMA table_info` (strip the leading 'TEXT ').
 *   Sum in SQL only via decimal code, or compare per-row strings; never SUM() these in SQLite.
 * - SMALLINT / INT (flags, status codes, counts): INTEGER.
 * - Identifiers are double-quoted in DDL because Sage uses SQL keywords as names (VALUES, DESC, DATE).
 */
import Database from 'better-sqlite3';
import { Money } from '../../domain/money.ts';
import type { ColumnDef, TableDef } from './table-def.ts';
import { CS_TABLES, GL_TABLES } from './tables-gl.ts';
import { AP_TABLES, AR_TABLES } from './tables-ap-ar.ts';
import { PM_TABLES, PO_TABLES } from './tables-po-pm.ts';

export type { ColumnDef, ColumnKind, TableDef } from './table-def.ts';

/** Every table definition, in module order (CS, GL, AP, AR, PO, PM). */
export const SAGE300_TABLE_DEFS: readonly TableDef[] = [
  ...CS_TABLES,
  ...GL_TABLES,
  ...AP_TABLES,
  ...AR_TABLES,
  ...PO_TABLES,
  ...PM_TABLES,
];

export const SAGE300_TABLES: readonly string[] = SAGE300_TABLE_DEFS.map((t) => t.name);

const DEF_BY_NAME = new Map(SAGE300_TABLE_DEFS.map((t) => [t.name, t]));
const COLUMN_NAMES = new Map(SAGE300_TABLE_DEFS.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));

/** CHAR column widths per table: `COLUMN_WIDTHS.APVEN.VENDORID === 12`. Non-CHAR columns are absent. */
export const COLUMN_WIDTHS: Record<string, Record<string, number>> = Object.fromEntries(
  SAGE300_TABLE_DEFS.map((t) => [
    t.name,
    Object.fromEntries(t.columns.filter((c) => c.kind === 'char').map((c) => [c.name, c.width])),
  ]),
);

/** Looks up a table definition; throws for names that are not part of the sandbox schema. */
export function tableDef(table: string): TableDef {
  const def = DEF_BY_NAME.get(table);
  if (!def) throw new Error(`unknown Sage 300 table ${table}`);
  return def;
}

/** A row value: strings for CHAR / decimals, integers for dates, times, flags; Money for amounts. */
export type Sage300Value = string | number | bigint | Money;
export type Sage300Row = Readonly<Record<string, Sage300Value>>;

/** Right-pads to the CHAR width like SQL Server; longer values are an error (SQL Server truncation error). */
export function padChar(value: string, width: number): string {
  if (value.length > width) {
    throw new Error(`value '${value}' is longer than CHAR(${width})`);
  }
  return value.padEnd(width, ' ');
}

const q = (name: string): string => `"${name}"`;

function sqliteType(col: ColumnDef): string {
  // TEXT affinity is what keeps exact decimal strings from being coerced to REAL (see header).
  return col.kind === 'decimal' && col.scale > 0 ? `TEXT ${col.sqlServerType}` : col.sqlServerType;
}

/** DDL for one table plus its secondary indexes (idempotent). */
export function tableDdl(def: TableDef): string[] {
  const cols = def.columns.map((c) => `  ${q(c.name)} ${sqliteType(c)} NOT NULL`);
  const pk = `  PRIMARY KEY (${def.primaryKey.map(q).join(', ')})`;
  const stmts = [`CREATE TABLE IF NOT EXISTS ${q(def.name)} (\n${[...cols, pk].join(',\n')}\n)`];
  def.indexes.forEach((idx, i) => {
    const name = `${def.name}_K${i + 1}`;
    const unique = idx.unique === true ? 'UNIQUE ' : '';
    stmts.push(`CREATE ${unique}INDEX IF NOT EXISTS ${q(name)} ON ${q(def.name)} (${idx.columns.map(q).join(', ')})`);
  });
  return stmts;
}

/** Creates every sandbox table and index; safe to call on an existing company database. */
export function createSage300Schema(db: Database.Database): void {
  const ddl = SAGE300_TABLE_DEFS.flatMap(tableDdl);
  db.transaction(() => {
    for (const stmt of ddl) db.exec(stmt);
  })();
}

/** Opens (or creates) a company database file, or ':memory:', and ensures the schema exists. */
export function openCompanyDb(path: string): Database.Database {
  const db = new Database(path);
  if (path !== ':memory:' && path !== '') db.pragma('journal_mode = WAL');
  createSage300Schema(db);
  return db;
}

function toInteger(table: string, col: ColumnDef, value: Sage300Value): number {
  const n = typeof value === 'object' ? value.toNumber() : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`${table}.${col.name}: expected an integer, got ${String(value)}`);
  }
  return n;
}

function toDecimalText(table: string, col: ColumnDef, value: Sage300Value): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    // A fractional JS number is exactly the float this schema exists to keep out.
    throw new Error(`${table}.${col.name}: pass amounts as Money or decimal strings, not float ${value}`);
  }
  const dec = typeof value === 'object' ? value : new Money(String(value));
  if (!dec.isFinite()) throw new Error(`${table}.${col.name}: not a finite decimal: ${String(value)}`);
  const text = dec.toFixed(col.scale, Money.ROUND_HALF_UP);
  const digits = text.replace(/^-/, '').replace('.', '').replace(/^0+(?=\d)/, '');
  if (digits.length > col.width) {
    throw new Error(`${table}.${col.name}: ${text} overflows ${col.sqlServerType}`);
  }
  return text === `-${(0).toFixed(col.scale)}` ? text.slice(1) : text;
}

/** Converts one value to its stored form (see storage conventions); missing values become Sage blanks. */
export function storedValue(table: string, col: ColumnDef, value: Sage300Value | undefined): string | number {
  switch (col.kind) {
    case 'char':
      if (value === undefined) return ' '.repeat(col.width);
      if (typeof value !== 'string') throw new Error(`${table}.${col.name}: expected a string`);
      return padChar(value, col.width);
    case 'decimal':
      if (col.scale > 0) return value === undefined ? (0).toFixed(col.scale) : toDecimalText(table, col, value);
      return value === undefined ? 0 : toInteger(table, col, value);
    default:
      return value === undefined ? 0 : toInteger(table, col, value);
  }
}

/** Full stored row in column order; unknown column names are rejected so typos fail loudly. */
export function toStoredRow(table: string, row: Sage300Row): (string | number)[] {
  const def = tableDef(table);
  const known = COLUMN_NAMES.get(table);
  for (const key of Object.keys(row)) {
    if (!known?.has(key)) throw new Error(`${table}: unknown column ${key}`);
  }
  return def.columns.map((c) => storedValue(table, c, row[c.name]));
}

const insertCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepared full-row INSERT for a table, cached per connection. */
export function insertStatement(db: Database.Database, table: string): Database.Statement {
  let perDb = insertCache.get(db);
  if (!perDb) {
    perDb = new Map();
    insertCache.set(db, perDb);
  }
  let stmt = perDb.get(table);
  if (!stmt) {
    const def = tableDef(table);
    const cols = def.columns.map((c) => q(c.name)).join(', ');
    const marks = def.columns.map(() => '?').join(', ');
    stmt = db.prepare(`INSERT INTO ${q(table)} (${cols}) VALUES (${marks})`);
    perDb.set(table, stmt);
  }
  return stmt;
}

/** Inserts one row, padding CHAR columns and formatting decimals per the storage conventions. */
export function insertRow(db: Database.Database, table: string, row: Sage300Row): void {
  insertStatement(db, table).run(toStoredRow(table, row));
}
