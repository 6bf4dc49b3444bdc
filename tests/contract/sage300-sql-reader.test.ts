import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Money, sumAmounts } from '../../src/domain/money.ts';
import { createSage300Schema, insertRow, padChar } from '../../src/sandbox/sage300-db/schema.ts';
import { generateSage300Company, type Sage300Truth } from '../../src/sandbox/demo-data/sage300-company.ts';
import { createSqliteBackend } from '../../src/connectors/sage300/sql-sqlite-backend.ts';
import { createSage300Reader, type Sage300Reader } from '../../src/connectors/sage300/reader.ts';
import type { RowResult, SageRowError } from '../../src/connectors/sage300/normalise.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { msToStamp, parseAuditCursor, stampToMs } from '../../src/connectors/sage300/sql-cursor.ts';

async function collect<T>(it: AsyncIterable<RowResult<T>>): Promise<{ values: T[]; errors: SageRowError[] }> {
  const values: T[] = [];
  const errors: SageRowError[] = [];
  for await (const r of it) {
    if (r.ok) values.push(r.value);
    else errors.push(r.error);
  }
  return { values, errors };
}

let dir: string;
let db: Database.Database;
let truth: Sage300Truth;
let reader: Sage300Reader;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-sql-'));
  db = new Database(join(dir, 'SAMINC.sqlite'));
  createSage300Schema(db);
  truth = generateSage300Company(db, { seed: 1, scale: 1 });
  // Small pages so every family crosses several keyset pages.
  reader = createSage300Reader(createSqliteBackend(join(dir, 'SAMINC.sqlite')), {
    log: silentLogger(),
    companyId: 'SAMINC',
    pageSize: 37,
    overlapSeconds: 600,
  });
});

afterAll(async () => {
  await reader.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Sage 300 SQL reader against a generated company', () => {
  it('reads GLAMF with unformatted and formatted ids matching the truth', async () => {
    const { values, errors } = await collect(reader.gl.accounts());
    expect(errors).toEqual([]);
    expect(values).toHaveLength(truth.accounts.total);
    for (const a of values) expect(a.accountFormatted).toBe(truth.accounts.formattedById[a.accountId]);
    expect(
      values
        .filter((a) => !a.active)
        .map((a) => a.accountId)
        .sort(),
    ).toEqual([...truth.accounts.inactive].sort());
  });

  it('totals GLPOST by account and period exactly as the truth', async () => {
    const { values, errors } = await collect(reader.gl.postingsSince(null));
    expect(errors).toEqual([]);
    expect(values).toHaveLength(truth.counts.GLPOST!);
    const sums = new Map<string, Money>();
    for (const p of values) {
      const k = `${p.accountId}|${Number(p.fiscalPeriod)}`;
      sums.set(k, (sums.get(k) ?? new Money(0)).plus(p.amount));
    }
    for (const [acct, periods] of Object.entries(truth.gl.netByAccountPeriod)) {
      for (const [period, net] of Object.entries(periods)) {
        expect((sums.get(`${acct}|${period}`) ?? new Money(0)).toFixed(3), `${acct} p${period}`).toBe(net);
      }
    }
    const byPeriod = await collect(reader.gl.postingsByPeriod(String(truth.fiscalYear), 3));
    expect(byPeriod.values.length).toBe(values.filter((p) => p.fiscalPeriod === '03').length);
    expect(byPeriod.values.length).toBeGreaterThan(0);
  });

  it('builds the GLAFS trial balance (actuals, functional) equal to the truth for every period', async () => {
    for (let p = 1; p <= 12; p++) {
      const { lines, errors } = await reader.gl.trialBalance(String(truth.fiscalYear), p);
      expect(errors).toEqual([]);
      const debits = sumAmounts(lines.filter((l) => l.balance.isPositive()).map((l) => l.balance));
      const credits = sumAmounts(lines.filter((l) => l.balance.isNegative()).map((l) => l.balance.negated()));
      expect(debits.toFixed(3), `period ${p}`).toBe(truth.gl.trialBalance[String(p)]!.debits);
      expect(credits.toFixed(3), `period ${p}`).toBe(truth.gl.trialBalance[String(p)]!.credits);
    }
  });

  it('reads GL batches with entries and details that balance per entry', async () => {
    const { values, errors } = await collect(reader.gl.batches());
    expect(errors).toEqual([]);
    expect(values).toHaveLength(truth.gl.batches);
    const entries = values.flatMap((b) => b.entries);
    expect(entries).toHaveLength(truth.counts.GLJEH!);
    expect(entries.flatMap((e) => e.details)).toHaveLength(truth.counts.GLJED!);
    for (const e of entries) expect(sumAmounts(e.details.map((d) => d.amount)).isZero()).toBe(true);
    expect(values.every((b) => b.status === 'posted')).toBe(true);
  });

  it('reads vendors, customers and open AP/AR balances equal to the truth', async () => {
    const vendors = await collect(reader.ap.vendors());
    expect(vendors.values.map((v) => v.vendorId).sort()).toEqual([...truth.vendors.active, ...truth.vendors.inactive].sort());
    expect(
      vendors.values
        .filter((v) => v.onHold)
        .map((v) => v.vendorId)
        .sort(),
    ).toEqual([...truth.vendors.onHold].sort());
    const customers = await collect(reader.ar.customers());
    expect(customers.values).toHaveLength(truth.customers.active.length + truth.customers.inactive.length);

    const apDocs = await collect(reader.ap.documents());
    expect(apDocs.values).toHaveLength(truth.counts.APOBL!);
    const byVendor: Record<string, Money> = {};
    for (const d of apDocs.values) byVendor[d.partyId] = (byVendor[d.partyId] ?? new Money(0)).plus(d.amountDueHome);
    expect(Object.fromEntries(Object.entries(byVendor).map(([k, v]) => [k, v.toFixed(3)]))).toEqual(truth.ap.openByVendor);
    const apOpen = await collect(reader.ap.openDocuments());
    expect(sumAmounts(apOpen.values.map((d) => d.amountDueHome)).toFixed(3)).toBe(truth.ap.openTotal);
    expect(apOpen.values.every((d) => !d.paid && !d.amountDueHome.isZero())).toBe(true);

    const arOpen = await collect(reader.ar.openDocuments());
    expect(sumAmounts(arOpen.values.map((d) => d.amountDueHome)).toFixed(3)).toBe(truth.ar.openTotal);
    const creditNotes = (await collect(reader.ar.documents())).values
      .filter((d) => d.documentType === 'credit_note')
      .map((d) => d.documentNumber);
    expect(creditNotes.sort()).toEqual([...truth.ar.creditNotes].sort());
  });

  it('reads AP/AR entry batches with lines, and receipts with applications', async () => {
    const ap = await collect(reader.ap.invoices());
    expect(ap.errors).toEqual([]);
    expect(ap.values).toHaveLength(truth.counts.APIBH!);
    expect(ap.values.flatMap((i) => i.lines)).toHaveLength(truth.counts.APIBD!);
    expect((await collect(reader.ap.invoiceBatches())).values).toHaveLength(truth.counts.APIBC!);
    const ar = await collect(reader.ar.invoices());
    expect(ar.values.flatMap((i) => i.lines)).toHaveLength(truth.counts.ARIBD!);
    const receipts = await collect(reader.ar.receipts());
    expect(receipts.values).toHaveLength(truth.counts.ARTCR!);
    expect(receipts.values.flatMap((r) => r.applications)).toHaveLength(truth.counts.ARTCP!);
  });

  it('reads purchase orders with lines and receipts, and PM contracts, projects, transactions, billing', async () => {
    const pos = await collect(reader.po.purchaseOrders());
    expect(pos.errors).toEqual([]);
    expect(pos.values).toHaveLength(truth.counts.POPORH1!);
    expect(pos.values.flatMap((p) => p.lines)).toHaveLength(truth.counts.POPORL!);
    const receipts = pos.values.flatMap((p) => p.receipts);
    expect(receipts).toHaveLength(truth.counts.PORCPH1!);
    expect(receipts.flatMap((r) => r.lines)).toHaveLength(truth.counts.PORCPL!);
    const allPoNumbers = [...Object.values(truth.purchaseOrders).flat(), truth.docTraps.unmappedItemPo.poNumber].sort();
    expect(pos.values.map((p) => p.poNumber).sort()).toEqual(allPoNumbers);

    expect((await collect(reader.pm.contracts())).values).toHaveLength(truth.counts.PMCONTS!);
    expect((await collect(reader.pm.projects())).values).toHaveLength(truth.counts.PMPROJS!);
    expect((await collect(reader.pm.transactions())).values).toHaveLength(truth.counts.PMTRAN!);
    const sheets = await collect(reader.pm.billingWorksheets());
    const lines = sheets.values.flatMap((s) => s.lines);
    expect(lines).toHaveLength(truth.counts.PMBWD!);
    expect(lines.filter((l) => l.status === 'posted')).toHaveLength(truth.milestonesReached.length);
  });

  it('turns a bad amount and an impossible date into typed errors naming table, key and column', async () => {
    const scratch = new Database(':memory:');
    createSage300Schema(scratch);
    const doc = { IDVEND: 'V1', IDTRXTYPE: 12, TXTTRXTYPE: 1, DATEINVC: 20260105 };
    insertRow(scratch, 'APOBL', { ...doc, IDINVC: 'GOOD', AMTDUEHC: '10.000' });
    insertRow(scratch, 'APOBL', { ...doc, IDINVC: 'BADAMT' });
    insertRow(scratch, 'APOBL', { ...doc, IDINVC: 'BADDATE', DATEINVC: 20261345 });
    scratch.prepare(`UPDATE APOBL SET AMTDUEHC = '12,50' WHERE IDINVC = ?`).run(padChar('BADAMT', 22));
    const r = createSage300Reader(createSqliteBackend(scratch), { log: silentLogger(), companyId: 'X' });
    const { values, errors } = await collect(r.ap.documents());
    expect(values.map((v) => v.documentNumber)).toEqual(['GOOD']);
    expect(errors.map((e) => [e.table, e.key, e.column, e.code])).toEqual([
      ['APOBL', 'IDVEND=V1,IDINVC=BADAMT', 'AMTDUEHC', 'bad_amount'],
      ['APOBL', 'IDVEND=V1,IDINVC=BADDATE', 'DATEINVC', 'bad_date'],
    ]);
    scratch.close();
  });
});

describe('incremental reads', () => {
  it('returns only vendors changed after the audit cursor, and nothing on a re-run', async () => {
    const first = reader.ap.vendorChanges(null);
    const all = await collect(first);
    expect(all.values).toHaveLength(truth.counts.APVEN!);
    const cursor = parseAuditCursor(JSON.parse(JSON.stringify(first.cursor())));

    const again = reader.ap.vendorChanges(cursor);
    expect((await collect(again)).values).toEqual([]);

    // A newer edit of one vendor, a brand-new vendor, and a late write stamped inside the overlap window.
    const [edited, late] = all.values.slice(0, 2);
    const shift = (seconds: number): { date: number; time: number } =>
      msToStamp(stampToMs(cursor.audtDate, cursor.audtTime) + seconds * 1000);
    const newer = shift(1);
    const older = shift(-1);
    db.prepare(`UPDATE APVEN SET VENDNAME = 'Edited', AUDTDATE = ?, AUDTTIME = ? WHERE VENDORID = ?`).run(
      newer.date,
      newer.time,
      padChar(edited!.vendorId, 12),
    );
    insertRow(db, 'APVEN', { VENDORID: 'VNEW1', VENDNAME: 'New vendor', SWACTV: 1, AUDTDATE: newer.date, AUDTTIME: newer.time });
    db.prepare(`UPDATE APVEN SET VENDNAME = 'Late', AUDTDATE = ?, AUDTTIME = ? WHERE VENDORID = ?`).run(
      older.date,
      older.time,
      padChar(late!.vendorId, 12),
    );

    const run = reader.ap.vendorChanges(cursor);
    const changed = await collect(run);
    expect(changed.values.map((v) => v.name).sort()).toEqual(['Edited', 'Late', 'New vendor']);
    const third = reader.ap.vendorChanges(run.cursor());
    expect((await collect(third)).values).toEqual([]);
    expect(() => reader.ap.vendorChanges(null).cursor()).toThrow(/before/);
  });

  it("re-reads the cursor's own posting sequence, so a late batch landing under it is found", async () => {
    const first = reader.gl.postingsSince(null);
    const all = await collect(first);
    const cursor = first.cursor();
    expect(cursor.postingSeq).toBe(truth.gl.postingSequences);
    const ofLastSeq = all.values.filter((p) => p.postingSequence === cursor.postingSeq).length;
    const line = (seq: number, batch: string, i: number, amt: string) =>
      insertRow(db, 'GLPOST', {
        ACCTID: Object.keys(truth.accounts.formattedById)[i]!,
        FISCALYR: String(truth.fiscalYear),
        FISCALPERD: '12',
        SRCECURN: 'USD',
        SRCELEDGER: 'GL',
        SRCETYPE: 'JE',
        POSTINGSEQ: seq,
        CNTDETAIL: 900_000 + i,
        JRNLDATE: 20261231,
        BATCHNBR: batch,
        ENTRYNBR: '00001',
        TRANSNBR: (i + 1) * 20,
        TRANSAMT: amt,
      });
    // A late batch of the last sequence already read, and a new sequence.
    line(cursor.postingSeq, '999998', 0, '7.000');
    line(cursor.postingSeq, '999998', 1, '-7.000');
    line(cursor.postingSeq + 1, '999999', 0, '100.000');
    line(cursor.postingSeq + 1, '999999', 1, '-100.000');
    const run = reader.gl.postingsSince(cursor);
    const got = await collect(run);
    expect(got.values).toHaveLength(ofLastSeq + 4);
    expect(got.values.filter((p) => p.batchNumber === '999998').map((p) => p.amount.toFixed(3))).toEqual(['7.000', '-7.000']);
    expect(got.values.slice(-2).map((p) => p.amount.toFixed(3))).toEqual(['100.000', '-100.000']);
    expect(run.cursor().postingSeq).toBe(cursor.postingSeq + 1);
    // From the new cursor only its own sequence is read again.
    expect((await collect(reader.gl.postingsSince(run.cursor()))).values.map((p) => p.batchNumber)).toEqual(['999999', '999999']);
  });
});
