/** GLPOST extraction benchmark: rows/s and memory while streaming a large posted ledger through the SQL reader. */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Money } from '../../src/domain/money.ts';
import { createSage300Schema, tableDef, storedValue } from '../../src/sandbox/sage300-db/schema.ts';
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
