/**
 * Sage 300 SQL reader benchmarks: GLPOST extraction (rows/s and memory through the full reader), and every paged read
 * (each production query that is not a child lookup: incremental and by period, each table) as rows/s of our keyset
 * pager against better-sqlite3's raw `.iterate()` of the same SELECT without paging, with the first and last page
 * times.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Money } from '../../src/domain/money.ts';
import {
  createSage300Schema,
  insertRow,
  tableDef,
  storedValue,
  withBulkLoad,
  type Sage300Value,
} from '../../src/sandbox/sage300-db/schema.ts';
import { ALL_SELECT_SPECS } from '../../src/connectors/sage300/sql-queries.ts';
import { renderSelect } from '../../src/connectors/sage300/sql-dialect.ts';
import { bindParams } from '../../src/connectors/sage300/sql-backend.ts';
import { createSqlContext, keysetPages } from '../../src/connectors/sage300/sql-keyset.ts';
import { uniqueKeysOf } from '../../src/connectors/sage300/sql-unique-keys.ts';
import type { SelectSpec } from '../../src/connectors/sage300/sql-statement.ts';
import { createSqliteBackend } from '../../src/connectors/sage300/sql-sqlite-backend.ts';
import { createSage300Reader } from '../../src/connectors/sage300/reader.ts';
import { silentLogger } from '../../src/platform/logger.ts';

/** Inserts `rows` GLPOST rows in one transaction (plus 10 GLAMF accounts); returns Σ TRANSAMT. */
export function seedGlpostRows(db: Database.Database, rows: number): Money {
  createSage300Schema(db);
  const def = tableDef('GLPOST');
  const template = def.columns.map((c) => storedValue('GLPOST', c, undefined));
  const idx = (name: string): number => def.columns.findIndex((c) => c.name === name);
  const [acct, yr, perd, seq, det, date, batch, entry, trans, amt, cur] = [
    'ACCTID',
    'FISCALYR',
    'FISCALPERD',
    'POSTINGSEQ',
    'CNTDETAIL',
    'JRNLDATE',
    'BATCHNBR',
    'ENTRYNBR',
    'TRANSNBR',
    'TRANSAMT',
    'SRCECURN',
  ].map(idx) as [number, number, number, number, number, number, number, number, number, number, number];
  const insert = db.prepare(`INSERT INTO GLPOST VALUES (${def.columns.map(() => '?').join(', ')})`);
  const glamf = tableDef('GLAMF');
  const insertAcct = db.prepare(`INSERT INTO GLAMF VALUES (${glamf.columns.map(() => '?').join(', ')})`);
  let total = 0n; // thousandths, exact
  db.transaction(() => {
    for (let a = 0; a < 10; a++) {
      insertAcct.run(
        glamf.columns.map((c) =>
          storedValue('GLAMF', c, c.name === 'ACCTID' ? `${6000 + a}` : c.name === 'ACCTFMTTD' ? `${6000 + a}-00` : undefined),
        ),
      );
    }
    const row = [...template];
    for (let i = 0; i < rows; i++) {
      const milli = BigInt(((i * 7919) % 2_000_000) - 1_000_000);
      total += milli;
      row[acct] = `${6000 + (i % 10)}`.padEnd(45, ' ');
      row[yr] = '2026';
      row[perd] = String((i % 12) + 1).padStart(2, '0');
      row[cur] = 'USD';
      row[seq] = Math.floor(i / 500) + 1;
      row[det] = i;
      row[date] = 20260101 + (i % 28);
      row[batch] = String(Math.floor(i / 500) + 1).padStart(6, '0');
      row[entry] = '00001';
      row[trans] = (i % 500) + 1;
      row[amt] = (Number(milli) / 1000).toFixed(3);
      row[cur] = 'USD';
      insert.run(row);
    }
  })();
  return new Money(total.toString()).div(1000);
}

export interface GlpostBenchResult {
  readonly name: string;
  readonly rows: number;
  readonly rowsPerSec: number;
  readonly peakRssMiB: number;
  readonly heapUsedDeltaMiB: number;
  /** Baseline in the same process: better-sqlite3 iterating the same rows in key order with no normalising. */
  readonly rawRowsPerSec: number;
  readonly readerOverRawTime: number;
}

/** Builds a temp company DB with `rows` GLPOST rows and streams them through `gl.postingsSince(null)`. */
export async function benchGlpostExtract(rows: number): Promise<GlpostBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'sage300-bench-'));
  try {
    const path = join(dir, 'BENCH.sqlite');
    const db = new Database(path);
    const expected = seedGlpostRows(db, rows);
    db.close();
    globalThis.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    let peakRss = process.memoryUsage().rss;
    const reader = createSage300Reader(createSqliteBackend(path), { log: silentLogger(), companyId: 'BENCH', pageSize: 1000 });
    const started = performance.now();
    let count = 0;
    let sum = new Money(0);
    for await (const r of reader.gl.postingsSince(null)) {
      if (!r.ok) throw new Error(r.error.message);
      sum = sum.plus(r.value.amount);
      if (++count % 10_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - started) / 1000;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const heapDelta = process.memoryUsage().heapUsed - heapBefore;
    await reader.close();
    if (count !== rows || !sum.equals(expected))
      throw new Error(`bench checksum mismatch: ${count} rows, ${sum.toFixed(3)} != ${expected.toFixed(3)}`);
    const raw = new Database(path, { readonly: true });
    const rawStarted = performance.now();
    let rawSum = new Money(0);
    for (const r of raw.prepare('SELECT * FROM GLPOST ORDER BY POSTINGSEQ, BATCHNBR, ENTRYNBR, TRANSNBR').iterate() as Iterable<{
      TRANSAMT: string;
    }>) {
      rawSum = rawSum.plus(r.TRANSAMT);
    }
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    raw.close();
    if (!rawSum.equals(expected)) throw new Error('raw baseline checksum mismatch');
    const mib = (n: number): number => Math.round((n / 1024 / 1024) * 10) / 10;
    return {
      name: 'sage300 GLPOST keyset extract (sqlite)',
      rows,
      rowsPerSec: Math.round(rows / seconds),
      peakRssMiB: mib(peakRss),
      heapUsedDeltaMiB: mib(heapDelta),
      rawRowsPerSec: Math.round(rows / rawSeconds),
      readerOverRawTime: Number((seconds / rawSeconds).toFixed(2)),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows per keyset page in the paged-read benchmark (the reader's default). */
const BENCH_PAGE = 1000;

export interface PagedReadFigure {
  readonly query: string;
  readonly rows: number;
  readonly pages: number;
  readonly pagedRowsPerSec: number;
  readonly rawRowsPerSec: number;
  /** Paged rows/s over raw rows/s (target >= 0.8). */
  readonly pagedOverRaw: number;
  /** Median of the first 5 full pages and of the last 5 full pages, ms. */
  readonly firstPagesMs: number;
  readonly lastPagesMs: number;
  /** lastPagesMs / firstPagesMs (target <= 1.5). */
  readonly lastOverFirst: number;
  readonly meetsTargets: boolean;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** A value of column `col` unique per row index `i` (in key order) where the column is wide enough, else a constant code. */
function benchValue(table: string, col: string, i: number, rows: number): Sage300Value {
  const def = tableDef(table).columns.find((c) => c.name === col)!;
  if (def.kind !== 'char') return def.kind === 'date' ? 20260101 + (i % 28) : i + 1;
  // A code column too narrow for a row number (CODEPYMTYP, SRCELEDGER) holds one value, as a few codes do in Sage.
  const digits = Math.max(String(rows).length, Math.min(def.width, 8));
  return digits <= def.width ? String(i + 1).padStart(digits, '0') : 'C'.repeat(Math.min(def.width, 2));
}

/**
 * Parameters that let every row through, and the columns an equality filter fixes (set on every row): a filter on a
 * table column gets the value the rows hold, a lower bound its lowest value.
 */
function benchParams(spec: SelectSpec): { params: Record<string, string | number>; fixed: Record<string, Sage300Value> } {
  const params: Record<string, string | number> = {};
  const fixed: Record<string, Sage300Value> = {};
  for (const c of spec.where) {
    if (c.type === 'cmp') {
      const p = spec.params[c.param]!;
      if (c.op === '=') {
        const v = p.kind === 'char' ? 'X' : 1;
        params[c.param] = v;
        fixed[c.left.col] = v;
      } else params[c.param] = p.kind === 'char' ? '' : 0;
    } else c.params.forEach((name) => (params[name] = c.op === '<=' ? 999_999_999 : 0));
  }
  return { params, fixed };
}

/** Fills the spec's table with `rows` rows, unique on every key Sage declares unique, then indexes as the sandbox does. */
function seedTable(db: Database.Database, spec: SelectSpec, rows: number, fixed: Record<string, Sage300Value>): void {
  const def = tableDef(spec.table);
  const varied = [...new Set([...def.primaryKey, ...spec.key.map((k) => k.ref.col), ...(uniqueKeysOf(spec.table) ?? []).flat()])].filter(
    (c) => def.columns.some((d) => d.name === c) && !(c in fixed),
  );
  withBulkLoad(db, () => {
    for (let i = 0; i < rows; i++) {
      const row: Record<string, Sage300Value> = { ...fixed };
      for (const c of varied) row[c] = benchValue(spec.table, c, i, rows);
      insertRow(db, spec.table, row);
    }
  });
}

/**
 * Times one paged read and the raw iteration of the same SELECT, three rounds each (interleaved): totals are the best
 * round's, page times the fastest of each page across rounds (a shared machine's noise only ever adds time).
 */
async function measure(db: Database.Database, spec: SelectSpec, params: Record<string, string | number>): Promise<PagedReadFigure> {
  const backend = createSqliteBackend(db);
  const first = renderSelect('sqlite', spec, { after: false, limit: BENCH_PAGE });
  const unpaged = db.prepare(first.text.slice(0, first.text.lastIndexOf('\n')));
  const best = { paged: Infinity, raw: Infinity, rows: 0, pages: [] as number[] };
  for (let round = 0; round < 3; round++) {
    const ctx = createSqlContext(backend, BENCH_PAGE, silentLogger());
    const pageMs: number[] = [];
    let rows = 0;
    const started = performance.now();
    let t = started;
    for await (const page of keysetPages(ctx, spec, params)) {
      const now = performance.now();
      if (page.length === BENCH_PAGE) pageMs.push(now - t);
      rows += page.length;
      t = performance.now();
    }
    const paged = performance.now() - started;
    const rawStarted = performance.now();
    let rawRows = 0;
    for (const row of unpaged.iterate(bindParams(first, params))) if (row !== undefined) rawRows++;
    const raw = performance.now() - rawStarted;
    if (rawRows !== rows) throw new Error(`${spec.name}: paged read ${rows} rows, raw ${rawRows}`);
    best.paged = Math.min(best.paged, paged);
    best.raw = Math.min(best.raw, raw);
    best.rows = rows;
    best.pages = round === 0 ? pageMs : best.pages.map((ms, i) => Math.min(ms, pageMs[i] ?? ms));
  }
  await backend.close();
  const firstPagesMs = median(best.pages.slice(0, 5));
  const lastPagesMs = median(best.pages.slice(-5));
  const pagedOverRaw = best.raw / best.paged;
  const lastOverFirst = firstPagesMs > 0 ? lastPagesMs / firstPagesMs : 0;
  const r2 = (n: number): number => Math.round(n * 100) / 100;
  return {
    query: spec.name,
    rows: best.rows,
    pages: Math.ceil(best.rows / BENCH_PAGE),
    pagedRowsPerSec: Math.round(best.rows / (best.paged / 1000)),
    rawRowsPerSec: Math.round(best.rows / (best.raw / 1000)),
    pagedOverRaw: r2(pagedOverRaw),
    firstPagesMs: r2(firstPagesMs),
    lastPagesMs: r2(lastPagesMs),
    lastOverFirst: r2(lastOverFirst),
    meetsTargets: pagedOverRaw >= 0.8 && lastOverFirst <= 1.5,
  };
}

/**
 * Every paged read the reader makes (child lookups by parent excepted: they are bounded by one page of parents):
 * GLPOST's incremental, by-period and by-year reads over `glpostRows` rows, every other query over `otherRows` rows
 * of its table. Each in a fresh file database.
 */
export async function benchPagedReads(options: { glpostRows: number; otherRows: number }): Promise<{
  name: string;
  pageSize: number;
  glpostRows: number;
  otherRows: number;
  figures: PagedReadFigure[];
  missed: string[];
}> {
  const dir = mkdtempSync(join(tmpdir(), 'sage300-paged-'));
  const figures: PagedReadFigure[] = [];
  try {
    const glpostPath = join(dir, 'GLPOST.sqlite');
    const glDb = new Database(glpostPath);
    seedGlpostRows(glDb, options.glpostRows);
    for (const spec of ALL_SELECT_SPECS.filter((s) => s.table === 'GLPOST')) {
      const params: Record<string, string | number> =
        spec.name === 'glpost.from-seq'
          ? { fromSeq: 0 }
          : spec.name === 'glpost.by-year'
            ? { year: '2026' }
            : { year: '2026', period: '03' };
      figures.push(await measure(glDb, spec, params));
    }
    glDb.close();
    const others = ALL_SELECT_SPECS.filter((s) => s.table !== 'GLPOST' && !/\.(range|exact)$/.test(s.name) && s.table !== 'CSFSC');
    for (const spec of others) {
      const db = new Database(join(dir, `${spec.name}.sqlite`));
      createSage300Schema(db);
      const { params, fixed } = benchParams(spec);
      seedTable(db, spec, options.otherRows, fixed);
      figures.push(await measure(db, spec, params));
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    name: 'sage300 paged reads vs raw iteration (sqlite)',
    pageSize: BENCH_PAGE,
    glpostRows: options.glpostRows,
    otherRows: options.otherRows,
    figures,
    missed: figures.filter((f) => !f.meetsTargets).map((f) => f.query),
  };
}
