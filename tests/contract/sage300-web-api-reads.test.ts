import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSage300WebApiClient, f, type Sage300WebApiClient } from '../../src/connectors/sage300/web-api-index.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';
import { insertRow, openCompanyDb } from '../../src/sandbox/sage300-db/schema.ts';
import { startSage300Emulator, type Sage300Emulator } from '../../src/sandbox/sage300-emulator/index.ts';

let dir: string;
let emu: Sage300Emulator;
let client: Sage300WebApiClient;
let sql: Database.Database;
const EXTRA = 130;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-webapi-reads-'));
  const dbPath = join(dir, 'SAMINC.sqlite');
  const seed = openCompanyDb(dbPath);
  generateSage300Company(seed, { seed: 11, scale: 1, companyId: 'SAMINC' });
  for (let i = 1; i <= EXTRA; i++) {
    insertRow(seed, 'APVEN', {
      VENDORID: `ZV${String(i).padStart(4, '0')}`,
      VENDNAME: i === 7 ? "O'Brien Supplies" : `Paging Vendor ${i}`,
      SWACTV: i % 10 === 0 ? 0 : 1,
      AMTCRLIMT: `${i}.250`,
    });
  }
  seed.close();
  emu = await startSage300Emulator({ dbPath, password: 'reads-pass' });
  client = createSage300WebApiClient(
    { baseUrl: emu.baseUrl, user: emu.user, password: emu.password, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
    { log: silentLogger() },
  );
  sql = new Database(dbPath, { readonly: true });
});

afterAll(async () => {
  sql.close();
  await client.close();
  await emu.stop();
  rmSync(dir, { recursive: true, force: true });
});

const sqlVendorIds = (where = '1=1') =>
  (sql.prepare(`SELECT RTRIM(VENDORID) AS id FROM APVEN WHERE ${where} ORDER BY VENDORID`).all() as { id: string }[]).map((r) => r.id);

describe('Sage 300 Web API reads (emulator over the SQLite company database)', () => {
  it('pages at 100 and gives an @odata.nextLink with $skip', async () => {
    const page = await client.vendors.page();
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.value.value).toHaveLength(100);
    expect(page.value.nextLink).toMatch(/\/AP\/APVendors\?.*\$skip=100/);
  });

  it('follows nextLink across pages to return every vendor exactly once', async () => {
    const all = await client.vendors.list();
    expect(all.ok).toBe(true);
    if (!all.ok) return;
    const expected = sqlVendorIds();
    expect(expected.length).toBeGreaterThan(EXTRA + 1);
    expect(expected.length).toBeGreaterThan(100);
    expect(all.value.map((v) => v.VendorNumber)).toEqual(expected);
  });

  it('applies $filter, $select and $orderby server-side', async () => {
    const out = await client.vendors.list({
      filter: f.and(f.startswith('VendorNumber', 'ZV'), f.eq('Status', 'Active')),
      select: ['VendorNumber', 'VendorName', 'CreditLimit'],
      orderBy: [{ field: 'VendorNumber', descending: true }],
    });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const expected = sqlVendorIds("VENDORID LIKE 'ZV%' AND SWACTV = 1").reverse();
    expect(out.value.map((v) => v.VendorNumber)).toEqual(expected);
    expect(Object.keys(out.value[0]!).sort()).toEqual(['CreditLimit', 'VendorName', 'VendorNumber']);
    expect(out.value.find((v) => v.VendorNumber === 'ZV0011')?.CreditLimit).toBe('11.250');
  });

  it('re-applies its own options when the server nextLink carries only $skip', async () => {
    emu.setBehaviours({ nextLink: 'skip-only' });
    try {
      const raw = await client.vendors.page({ filter: f.startswith('VendorNumber', 'ZV'), select: ['VendorNumber'] });
      expect(raw.ok && raw.value.nextLink).toMatch(/APVendors\?\$skip=100$/);
      const out = await client.vendors.list({ filter: f.startswith('VendorNumber', 'ZV'), select: ['VendorNumber'] });
      expect(out.ok).toBe(true);
      if (!out.ok) return;
      expect(out.value).toHaveLength(EXTRA);
      expect(out.value.every((v) => v.VendorNumber.startsWith('ZV') && Object.keys(v).length === 1)).toBe(true);
    } finally {
      emu.setBehaviours({ nextLink: 'all-options' });
    }
  });

  it('honours $top across pages and $count', async () => {
    const top = await client.vendors.list({ top: 150 });
    expect(top.ok && top.value.length).toBe(150);
    const counted = await client.listPage('AP/APVendors', { filter: f.startswith('VendorNumber', 'ZV'), count: true, top: 1 });
    expect(counted.ok && counted.value.count).toBe(EXTRA);
  });

  it('finds a name containing a quote through an escaped literal', async () => {
    const out = await client.vendors.list({ filter: f.eq('VendorName', "O'Brien Supplies") });
    expect(out.ok && out.value.map((v) => v.VendorNumber)).toEqual(['ZV0007']);
  });

  it('compares amounts and dates in filters', async () => {
    const out = await client.vendors.list({
      filter: f.and(f.startswith('VendorNumber', 'ZV'), f.gt('CreditLimit', 120), f.eq('InactiveDate', null)),
    });
    expect(out.ok && out.value.map((v) => v.VendorNumber)).toEqual([
      'ZV0120',
      'ZV0121',
      'ZV0122',
      'ZV0123',
      'ZV0124',
      'ZV0125',
      'ZV0126',
      'ZV0127',
      'ZV0128',
      'ZV0129',
      'ZV0130',
    ]);
  });

  it('answers a malformed $filter with a Sage-shaped 400', async () => {
    const out = await client.vendors.list({ filter: f.eq('NoSuchProperty', 'x') });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error).toMatchObject({ code: 'validation', httpStatus: 400, sageCode: 'InvalidParameters' });
    expect(out.error.sageMessage).toContain('NoSuchProperty');
  });

  it('reads one vendor by key and answers RecordNotFound for a missing one', async () => {
    const one = await client.vendors.get('ZV0007');
    expect(one.ok && one.value.VendorName).toBe("O'Brien Supplies");
    const missing = await client.vendors.get('NOPE-404');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatchObject({ code: 'not_found', httpStatus: 404, sageCode: 'RecordNotFound' });
  });

  it('reads customers and GL accounts with Sage enum strings', async () => {
    const customers = await client.customers.list();
    expect(customers.ok && customers.value.length).toBe((sql.prepare('SELECT COUNT(*) AS n FROM ARCUS').get() as { n: number }).n);
    const accounts = await client.glAccounts.list();
    expect(accounts.ok).toBe(true);
    if (!accounts.ok) return;
    expect(accounts.value.length).toBe((sql.prepare('SELECT COUNT(*) AS n FROM GLAMF').get() as { n: number }).n);
    const row = sql
      .prepare("SELECT RTRIM(ACCTID) AS id, RTRIM(ACCTFMTTD) AS fmt, ACCTTYPE, ACCTBAL FROM GLAMF WHERE ACCTTYPE = 'I' LIMIT 1")
      .get() as { id: string; fmt: string; ACCTBAL: string };
    const account = accounts.value.find((a) => a.UnformattedAccount === row.id);
    expect(account).toMatchObject({
      AccountNumber: row.fmt,
      AccountType: 'IncomeStatement',
      NormalBalanceDRCR: row.ACCTBAL === '1' ? 'Debit' : 'Credit',
    });
  });

  it('reads purchase orders with their lines, by sequence key and by number', async () => {
    const po = sql
      .prepare(
        'SELECT PORHSEQ, RTRIM(PONUMBER) AS num, (SELECT COUNT(*) FROM POPORL l WHERE l.PORHSEQ = h.PORHSEQ) AS lines FROM POPORH1 h ORDER BY PORHSEQ LIMIT 1',
      )
      .get() as { PORHSEQ: number; num: string; lines: number };
    const byKey = await client.purchaseOrders.get(po.PORHSEQ);
    expect(byKey.ok).toBe(true);
    if (!byKey.ok) return;
    expect(byKey.value.PurchaseOrderNumber).toBe(po.num);
    expect(byKey.value.PurchaseOrderLines).toHaveLength(po.lines);
    const byNumber = await client.purchaseOrders.findByNumber(po.num);
    expect(byNumber.ok && byNumber.value.PurchaseOrderSequenceKey).toBe(po.PORHSEQ);
  });

  it('describes its entity sets in $metadata with the property names it serves', async () => {
    const res = await fetch(`${emu.baseUrl}/AP/$metadata`, {
      headers: {
        Authorization: `Basic ${Buffer.from(`${emu.user}:${emu.password}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
    });
    expect(res.status).toBe(200);
    const xml = await res.text();
    expect(xml).toContain('<EntitySet Name="APVendors" EntityType="Sage300.AP.APVendors"');
    expect(xml).toContain('<Property Name="VendorNumber" Type="Edm.String" MaxLength="12"');
    expect(xml).toContain('<Property Name="CreditLimit" Type="Edm.Decimal"');
  });
});
