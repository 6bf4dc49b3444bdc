/**
 * AP entries no pipeline sends (prepayments, apply-document entries, miscellaneous payments, adjustments): the GL
 * sync leaves the AP ledger out, so the AP source returns every posted one of the selection as `notReplicated` (an
 * exception with a fix), never drops it silently; unposted and error entries stay out, payments are unchanged.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApSource } from '../../src/connectors/sage300/ap-source.ts';
import { createSage300Reader, type Sage300Reader } from '../../src/connectors/sage300/reader.ts';
import { createSqliteBackend } from '../../src/connectors/sage300/sql-sqlite-backend.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';
import { createSage300Schema, insertRow } from '../../src/sandbox/sage300-db/schema.ts';
import { silentLogger } from '../../src/platform/logger.ts';

type Row = Record<string, string | number>;
let dir: string;
let db: Database.Database;
let reader: Sage300Reader;
let year = 0;
let period = 0;

/** Adds a copy of payment `template` as an entry of `type` (RMITTYPE) in a new APBTA batch of status `status`. */
function addEntry(template: Row, batchRow: Row, batch: number, type: number, status: number): void {
  insertRow(db, 'APBTA', { ...batchRow, CNTBTCH: batch, BATCHSTAT: status });
  insertRow(db, 'APTCR', {
    ...template,
    CNTBTCH: batch,
    CNTENTR: 1,
    RMITTYPE: type,
    IDRMIT: `X${String(batch)}`,
    DOCNBR: `X${String(batch)}`,
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-ap-not-sent-'));
  const path = join(dir, 'SAMINC.sqlite');
  db = new Database(path);
  createSage300Schema(db);
  generateSage300Company(db, { seed: 300, scale: 1 });
  const template = db.prepare('SELECT * FROM APTCR WHERE RMITTYPE = 1 ORDER BY rowid LIMIT 1').get() as Row;
  const batchRow = db.prepare('SELECT * FROM APBTA WHERE PAYMTYPE = ? AND CNTBTCH = ?').get(template.BTCHTYPE, template.CNTBTCH) as Row;
  year = Number(template.FISCYR);
  period = Number(template.FISCPER);
  addEntry(template, batchRow, 9001, 2, 3); // posted prepayment
  addEntry(template, batchRow, 9002, 4, 3); // posted miscellaneous payment
  addEntry(template, batchRow, 9003, 5, 3); // posted adjustment
  addEntry(template, batchRow, 9004, 2, 1); // prepayment in an open batch: not posted, not read
  reader = createSage300Reader(createSqliteBackend(path), { log: silentLogger(), companyId: 'SAMINC', pageSize: 2, overlapSeconds: 600 });
});

afterAll(async () => {
  await reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('AP entries no pipeline sends', () => {
  it('are returned as not replicated, each naming the entry, the vendor, the amount and the fix; payments are unchanged', async () => {
    const { payments, rowErrors, notReplicated } = await createApSource(reader).readPayments({ kind: 'period', year, period });
    expect(rowErrors).toEqual([]);
    expect(payments.length).toBeGreaterThan(0);
    expect(payments.every((p) => p.batch < 9000)).toBe(true);
    expect(notReplicated.map((n) => n.key)).toEqual(['APTCR:PY-9001-1', 'APTCR:PY-9002-1', 'APTCR:PY-9003-1']);
    const [prepayment, misc, adjustment] = notReplicated;
    expect(prepayment?.message).toMatch(/^Sage 300 AP prepayment X9001 of vendor \S+ \(\d+\.\d{2} [A-Z]{3}\) is not sent to Intacct/);
    expect(prepayment?.fix).toContain('AP advance');
    expect(misc?.message).toContain('miscellaneous payment X9002');
    expect(adjustment?.message).toContain('adjustment X9003');
    for (const n of notReplicated) expect(n.fix).toContain('resolve this exception');
  });

  it('leaves out entries of another period', async () => {
    const other = period === 12 ? 1 : period + 1;
    const { notReplicated } = await createApSource(reader).readPayments({ kind: 'period', year, period: other });
    expect(notReplicated).toEqual([]);
  });
});
