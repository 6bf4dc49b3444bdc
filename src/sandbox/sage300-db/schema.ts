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

export type { ColumnDef, TableDef } from './table-def.ts';

/** Every table definition, in module order (CS, GL, AP, AR, PO, PM). */
const SAGE300_TABLE_DEFS: readonly TableDef[] = [...CS_TABLES, ...GL_TABLES, ...AP_TABLES, ...AR_TABLES, ...PO_TABLES, ...PM_TABLES];

export const SAGE300_TABLES: readonly string[] = SAGE300_TABLE_DEFS.map((t) => t.name);

const DEF_BY_NAME = new Map(SAGE300_TABLE_DEFS.map((t) => [t.name, t]));

/** CHAR column widths per table: `COLUMN_WIDTHS.APVEN.VENDORID === 12`. Non-CHAR columns are absent. */
export const COLUMN_WIDTHS: Record<string, Record<string, number>> = Object.fromEntries(
  SAGE300_TABLE_DEFS.map((t) => [t.name, Object.fromEntries(t.columns.filter((c) => c.kind === 'char').map((c) => [c.name, c.width]))]),
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
function tableDdl(def: TableDef): string[] {
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
  const n = typeof value === 'number' ? value : typeof value === 'object' ? value.toNumber() : Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new Error(`${table}.${col.name}: expected an integer, got ${String(value)}`);
  }
  return n;
}

// One-entry identity cache for Money → fixed-scale text: the ledger stores the same Money in several
// columns in a row (TRANSAMT, SCURNAMT, RPTAMT, …). Safe because Decimal instances are immutable.
let lastMoney: Money | undefined;
let lastScale = -1;
let lastText = '';

function toDecimalText(table: string, col: ColumnDef, value: Sage300Value): string {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) {
    // A fractional JS number is exactly the float this schema exists to keep out.
    throw new Error(`${table}.${col.name}: pass amounts as Money or decimal strings, not float ${value}`);
  }
  let text: string;
  if (typeof value === 'object' && value === lastMoney && col.scale === lastScale) {
    text = lastText;
  } else {
    const dec = typeof value === 'object' ? value : new Money(String(value));
    if (!dec.isFinite()) throw new Error(`${table}.${col.name}: not a finite decimal: ${String(value)}`);
    text = dec.toFixed(col.scale, Money.ROUND_HALF_UP);
    if (text.charCodeAt(0) === 45 /* - */ && isZeroText(text)) text = text.slice(1); // '-0.000' → '0.000'
    if (typeof value === 'object') {
      lastMoney = value;
      lastScale = col.scale;
      lastText = text;
    }
  }
  // Digit count (sign and point excluded); only when it could exceed the precision do we drop
  // leading zeros to get the significant count, e.g. '0.500' → 3 digits.
  const digits = text.length - (text.charCodeAt(0) === 45 ? 1 : 0) - (col.scale > 0 ? 1 : 0);
  if (digits > col.width) {
    const significant = text
      .replace(/^-/, '')
      .replace('.', '')
      .replace(/^0+(?=\d)/, '');
    if (significant.length > col.width) {
      throw new Error(`${table}.${col.name}: ${text} overflows ${col.sqlServerType}`);
    }
  }
  return text;
}

/** True for '-0.000'-style text: only zeros after the sign. */
function isZeroText(text: string): boolean {
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 48 /* 0 */ && c !== 46 /* . */) return false;
  }
  return true;
}

/** Converts one value to its stored form (see storage conventions); missing values become Sage blanks. */
export function storedValue(table: string, col: ColumnDef, value: Sage300Value | undefined): string | number {
  switch (col.kind) {
    case 'char':
      if (value === undefined) return ' '.repeat(col.width);
      if (typeof value !== 'string') throw new Error(`${table}.${col.name}: expected a string`);
      return value.length === col.width ? value : padChar(value, col.width);
    case 'decimal':
      if (col.scale > 0) return value === undefined ? (0).toFixed(col.scale) : toDecimalText(table, col, value);
      return value === undefined ? 0 : toInteger(table, col, value);
    default:
      return value === undefined ? 0 : toInteger(table, col, value);
  }
}

type Stored = string | number;

/** Per-table row plan, computed once: column positions by name and the all-blank stored row. */
interface TablePlan {
  readonly def: TableDef;
  readonly index: ReadonlyMap<string, number>;
  readonly blank: readonly Stored[];
}

const PLANS = new Map<string, TablePlan>(
  SAGE300_TABLE_DEFS.map((def) => [
    def.name,
    {
      def,
      index: new Map(def.columns.map((c, i) => [c.name, i])),
      blank: def.columns.map((c) => storedValue(def.name, c, undefined)),
    },
  ]),
);

function tablePlan(table: string): TablePlan {
  const plan = PLANS.get(table);
  if (!plan) throw new Error(`unknown Sage 300 table ${table}`);
  return plan;
}

/** Full stored row in column order; unknown column names are rejected so typos fail loudly. */
export function toStoredRow(table: string, row: Sage300Row): Stored[] {
  const { def, index, blank } = tablePlan(table);
  const out = blank.slice();
  for (const key of Object.keys(row)) {
    const i = index.get(key);
    if (i === undefined) throw new Error(`${table}: unknown column ${key}`);
    const value = row[key];
    if (value !== undefined) out[i] = storedValue(table, def.columns[i] as ColumnDef, value);
  }
  return out;
}

const insertCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** Prepared full-row INSERT for a table, cached per connection. */
function insertStatement(db: Database.Database, table: string): Database.Statement {
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

/** An INSERT that binds only the columns a row shape names; the other columns are blank literals. */
interface ShapedInsert {
  readonly stmt: Database.Statement;
  /** Column definitions in parameter order (= the row's key order). */
  readonly cols: readonly ColumnDef[];
  readonly blanks: readonly Stored[];
}

const shapeCache = new WeakMap<Database.Database, Map<string, ShapedInsert>>();
/** Call sites use a handful of row shapes each; past this many per connection, use the full-row INSERT. */
const MAX_SHAPES = 500;

function shapedInsert(db: Database.Database, table: string, keys: readonly string[]): ShapedInsert | undefined {
  let perDb = shapeCache.get(db);
  if (!perDb) {
    perDb = new Map();
    shapeCache.set(db, perDb);
  }
  const cacheKey = `${table}(${keys.join(',')})`;
  let shaped = perDb.get(cacheKey);
  if (shaped || perDb.size >= MAX_SHAPES) return shaped;
  const { def, index, blank } = tablePlan(table);
  const cols = keys.map((key) => {
    const i = index.get(key);
    if (i === undefined) throw new Error(`${table}: unknown column ${key}`);
    return def.columns[i] as ColumnDef;
  });
  const named = new Set(keys);
  const rest = def.columns.flatMap((c, i) => (named.has(c.name) ? [] : [{ c, literal: sqlLiteral(blank[i] as Stored) }]));
  const names = [...keys.map(q), ...rest.map((r) => q(r.c.name))].join(', ');
  const values = [...keys.map(() => '?'), ...rest.map((r) => r.literal)].join(', ');
  shaped = {
    stmt: db.prepare(`INSERT INTO ${q(table)} (${names}) VALUES (${values})`),
    cols,
    blanks: cols.map((c) => blank[index.get(c.name) as number] as Stored),
  };
  perDb.set(cacheKey, shaped);
  return shaped;
}

/** Inserts one row, padding CHAR columns and formatting decimals per the storage conventions. */
export function insertRow(db: Database.Database, table: string, row: Sage300Row): void {
  const keys = Object.keys(row);
  const shaped = shapedInsert(db, table, keys);
  if (!shaped) {
    insertStatement(db, table).run(toStoredRow(table, row));
    return;
  }
  const { stmt, cols, blanks } = shaped;
  const values: Stored[] = new Array<Stored>(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const value = row[keys[k] as string];
    values[k] = value === undefined ? (blanks[k] as Stored) : storedValue(table, cols[k] as ColumnDef, value);
  }
  stmt.run(values);
}

/** SQL literal for an already-stored value (stored numbers are always safe integers). */
function sqlLiteral(value: Stored): string {
  return typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
}

/** Inserts a row given positionally: `values[i]` is the value of the writer's i-th column. */
export type RowWriter = (values: readonly (Sage300Value | undefined)[]) => void;

/**
 * Positional fast path for bulk inserts. The column subset and the constant `fixed` values are
 * resolved once: constants and Sage blanks are baked into the INSERT as SQL literals, so each row
 * binds and converts only the values that vary. Stores exactly what `insertRow` would for the same
 * named values.
 */
export function rowWriter(db: Database.Database, table: string, columns: readonly string[], fixed: Sage300Row = {}): RowWriter {
  const { def, index } = tablePlan(table);
  const template = toStoredRow(table, fixed);
  const positions = columns.map((name) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`${table}: unknown column ${name}`);
    if (Object.hasOwn(fixed, name)) throw new Error(`${table}.${name}: both fixed and per-row`);
    return i;
  });
  if (new Set(positions).size !== positions.length) throw new Error(`${table}: duplicate writer column`);
  const cols = positions.map((i) => def.columns[i] as ColumnDef);
  const blanks = cols.map((c) => template[index.get(c.name) as number] as Stored);
  // Anonymous `?` parameters follow table-column order; `param[k]` is where writer column k binds.
  const varying = new Set(positions);
  const sorted = [...positions].sort((a, b) => a - b);
  const param = positions.map((p) => sorted.indexOf(p));
  const values = def.columns.map((_, i) => (varying.has(i) ? '?' : sqlLiteral(template[i] as Stored)));
  const stmt = db.prepare(`INSERT INTO ${q(table)} (${def.columns.map((c) => q(c.name)).join(', ')}) VALUES (${values.join(', ')})`);
  const n = positions.length;
  const out: Stored[] = new Array<Stored>(n);
  return (row) => {
    if (row.length !== n) throw new Error(`${table}: writer expects ${n} values, got ${row.length}`);
    for (let k = 0; k < n; k++) {
      const value = row[k];
      out[param[k] as number] = value === undefined ? (blanks[k] as Stored) : storedValue(table, cols[k] as ColumnDef, value);
    }
    stmt.run(out);
  };
}

/** Secondary index names as `tableDdl` creates them (`GLPOST_K1`, …). */
function secondaryIndexNames(def: TableDef): string[] {
  return def.indexes.map((_, i) => `${def.name}_K${i + 1}`);
}

/** Larger page cache while bulk loading a file database (KiB, as a negative `cache_size`). */
const BULK_CACHE_KIB = 64 * 1024;

/**
 * Runs `load` in ONE transaction set up for bulk-loading a company database, and returns its result.
 *
 * - Secondary indexes are dropped first and rebuilt after the load (one sort each instead of
 *   hundreds of thousands of random B-tree inserts); UNIQUE ones still reject duplicates when rebuilt.
 * - For a file database (outside any open transaction), durability is switched off for the
 *   duration: `journal_mode = MEMORY` (so a thrown error still rolls back to the previous state),
 *   `synchronous = OFF` and a bigger page cache; the previous settings (normally WAL) are restored
 *   afterwards, success or failure.
 *   A crash or power loss mid-load can leave a broken file — acceptable, because a half-generated
 *   sandbox database is simply deleted and regenerated by its caller. WAL mode would instead
 *   copy every page of the load into a -wal file as large as the database itself. Switching back
 *   to WAL with the restored `synchronous` setting syncs the file once, so a load that returned is
 *   on disk like before.
 */
export function withBulkLoad<T>(db: Database.Database, load: () => T): T {
  // Journal mode cannot change inside a transaction; nested in one, only the index handling applies.
  const tuned = !db.memory && !db.inTransaction;
  const saved = tuned
    ? {
        journal: String(db.pragma('journal_mode', { simple: true })),
        synchronous: Number(db.pragma('synchronous', { simple: true })),
        cache: Number(db.pragma('cache_size', { simple: true })),
      }
    : undefined;
  try {
    if (saved) {
      db.pragma('journal_mode = MEMORY');
      db.pragma('synchronous = OFF');
      db.pragma(`cache_size = -${Math.max(BULK_CACHE_KIB, -saved.cache)}`);
    }
    return db.transaction(() => {
      const existing = new Set(
        (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]).map((r) => r.name),
      );
      const rebuild: string[] = [];
      for (const def of SAGE300_TABLE_DEFS) {
        const ddl = tableDdl(def).slice(1); // [0] is CREATE TABLE
        secondaryIndexNames(def).forEach((name, i) => {
          if (!existing.has(name)) return;
          db.exec(`DROP INDEX ${q(name)}`);
          rebuild.push(ddl[i] as string);
        });
      }
      const result = load();
      for (const stmt of rebuild) db.exec(stmt);
      return result;
    })();
  } finally {
    if (saved) {
      db.pragma(`cache_size = ${saved.cache}`);
      db.pragma(`synchronous = ${saved.synchronous}`);
      db.pragma(`journal_mode = ${saved.journal}`);
    }
  }
}
