/**
 * Every audit-stamp incremental read (vendors, customers, AP and AR documents, receipts, POs, PM contracts, projects
 * and transactions, GL accounts and batches): a re-run delivers nothing, and a row written late with a stamp inside the
 * overlap window before the watermark is delivered exactly once. Sage has no index on the stamp, so these reads page on
 * the primary key; a small page size makes every one cross many pages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSage300Schema, tableDef } from '../../src/sandbox/sage300-db/schema.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';
import { createSqliteBackend } from '../../src/connectors/sage300/sql-sqlite-backend.ts';
import { createSage300Reader, type Sage300Reader } from '../../src/connectors/sage300/reader.ts';
import type { ChangeRun } from '../../src/connectors/sage300/reader-core.ts';
import { msToStamp, stampToMs, type AuditCursor } from '../../src/connectors/sage300/sql-cursor.ts';
import { silentLogger } from '../../src/platform/logger.ts';

let dir: string;
let db: Database.Database;
let reader: Sage300Reader;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-changes-'));
  db = new Database(join(dir, 'SAMINC.sqlite'));
  createSage300Schema(db);
  generateSage300Company(db, { seed: 3, scale: 1 });
  reader = createSage300Reader(createSqliteBackend(join(dir, 'SAMINC.sqlite')), {
    log: silentLogger(),
    companyId: 'SAMINC',
    pageSize: 3,
    overlapSeconds: 600,
  });
});
afterAll(async () => {
  await reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

async function drain(run: ChangeRun<unknown>): Promise<number> {
  let n = 0;
  for await (const r of run) {
    expect(r.ok).toBe(true);
    n++;
  }
  return n;
}

const cases: { table: string; changes: (c: AuditCursor | null) => ChangeRun<unknown> }[] = [
  { table: 'APVEN', changes: (c) => reader.ap.vendorChanges(c) },
  { table: 'APOBL', changes: (c) => reader.ap.documentChanges(c) },
  { table: 'ARCUS', changes: (c) => reader.ar.customerChanges(c) },
  { table: 'AROBL', changes: (c) => reader.ar.documentChanges(c) },
  { table: 'ARTCR', changes: (c) => reader.ar.receiptChanges(c) },
  { table: 'POPORH1', changes: (c) => reader.po.purchaseOrderChanges(c) },
  { table: 'PMCONTS', changes: (c) => reader.pm.contractChanges(c) },
  { table: 'PMPROJS', changes: (c) => reader.pm.projectChanges(c) },
  { table: 'PMTRAN', changes: (c) => reader.pm.transactionChanges(c) },
  { table: 'GLAMF', changes: (c) => reader.gl.accountChanges(c) },
  { table: 'GLBCTL', changes: (c) => reader.gl.batchChanges(c) },
];

describe('audit-stamp incremental reads re-read the overlap window and deliver each change once', () => {
  it.each(cases)('$table', async ({ table, changes }) => {
    const total = (db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number) ?? 0;
    expect(total).toBeGreaterThan(3);
    const first = changes(null);
    expect(await drain(first)).toBe(total);
    const cursor = first.cursor();

    const again = changes(cursor);
    expect(await drain(again)).toBe(0);

    // One row written late: stamped 1 s before the watermark (inside the 600 s window), after the read.
    const late = msToStamp(stampToMs(cursor.audtDate, cursor.audtTime) - 1000);
    const pk = tableDef(table).primaryKey.map((c) => `"${c}"`);
    const changed = db
      .prepare(
        `UPDATE ${table} SET AUDTDATE = ?, AUDTTIME = ? WHERE rowid = (SELECT rowid FROM ${table} ORDER BY ${pk.join(', ')} LIMIT 1 OFFSET 1)`,
      )
      .run(late.date, late.time).changes;
    expect(changed).toBe(1);
    const third = changes(cursor);
    expect(await drain(third)).toBe(1);
    expect(await drain(changes(third.cursor()))).toBe(0);
  });
});
