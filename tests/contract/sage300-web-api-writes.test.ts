import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSage300WebApiClient, type Sage300WebApiClient } from '../../src/connectors/sage300/web-api-index.ts';
import { Money } from '../../src/domain/money.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';
import { openCompanyDb } from '../../src/sandbox/sage300-db/schema.ts';
import { startSage300Emulator, type Sage300Emulator } from '../../src/sandbox/sage300-emulator/index.ts';

let dir: string;
let emu: Sage300Emulator;
let client: Sage300WebApiClient;
let sql: Database.Database;
let now = new Date('2026-11-20T09:08:07.650Z');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sage300-webapi-writes-'));
  const dbPath = join(dir, 'SAMINC.sqlite');
  const seed = openCompanyDb(dbPath);
  generateSage300Company(seed, { seed: 12, scale: 1, companyId: 'SAMINC' });
  seed.close();
  emu = await startSage300Emulator({
    dbPath,
    user: 'apisync',
    password: 'writes-pass',
    now: () => now,
    behaviours: { poPatch: 'allowed' },
  });
  client = createSage300WebApiClient(
    { baseUrl: emu.baseUrl, user: 'APISYNC', password: emu.password, retry: { baseDelayMs: 1, maxDelayMs: 5 } },
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

type Row = Record<string, unknown>;
const vendorRow = (id: string) => sql.prepare('SELECT * FROM APVEN WHERE RTRIM(VENDORID) = ?').get(id) as Row | undefined;

describe('Sage 300 Web API writes land in the SQLite company database', () => {
  it('creates a vendor: padded CHAR columns, exact amount, and the audit stamp of the API user', async () => {
    const out = await client.vendors.create({
      VendorNumber: 'WV-100',
      VendorName: 'Write Test Vendor',
      ShortName: 'WRITE',
      OnHold: 'NotOnHold',
      City: 'Lyon',
      CreditLimit: new Money('1500.125'),
      Terms: 'NET30',
    });
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.value).toMatchObject({ VendorNumber: 'WV-100', Status: 'Active', CreditLimit: '1500.125' });
    const row = vendorRow('WV-100')!;
    expect(row.VENDORID).toBe('WV-100'.padEnd(12));
    expect(row.VENDNAME).toBe('Write Test Vendor'.padEnd(60));
    expect(row.NAMECITY).toBe('Lyon'.padEnd(30));
    expect(row.AMTCRLIMT).toBe('1500.125');
    expect(row.SWACTV).toBe(1);
    expect(row).toMatchObject({ AUDTDATE: 20261120, AUDTTIME: 9080765, AUDTUSER: 'APISYNC ', AUDTORG: 'SAMINC' });
  });

  it('updates a vendor with PATCH and re-stamps it', async () => {
    now = new Date('2026-11-21T13:14:15.160Z');
    const out = await client.vendors.update('WV-100', { City: 'Paris', PhoneNumber: '+33 1 23 45 67 89' });
    expect(out).toEqual({ ok: true, value: undefined });
    const row = vendorRow('WV-100')!;
    expect(String(row.NAMECITY).trimEnd()).toBe('Paris');
    expect(String(row.VENDNAME).trimEnd()).toBe('Write Test Vendor');
    expect(row).toMatchObject({ AUDTDATE: 20261121, AUDTTIME: 13141516, DATELASTMN: 20261121 });
  });

  it('refuses a second vendor with the same number as RecordDuplicate and changes nothing', async () => {
    const before = vendorRow('WV-100');
    const out = await client.vendors.create({ VendorNumber: 'WV-100', VendorName: 'Impostor' });
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatchObject({ code: 'duplicate', sageCode: 'RecordDuplicate' });
    expect(vendorRow('WV-100')).toEqual(before);
  });

  it('inactivates a vendor without open documents and stamps the inactive date', async () => {
    now = new Date('2026-11-22T08:00:00.000Z');
    const out = await client.vendors.inactivate('WV-100', '2026-11-22');
    expect(out.ok).toBe(true);
    expect(vendorRow('WV-100')).toMatchObject({ SWACTV: 0, DATEINAC: 20261122, AUDTDATE: 20261122 });
  });

  it('refuses to inactivate a vendor with open documents (409 business rule) and writes nothing', async () => {
    const open = sql.prepare("SELECT RTRIM(IDVEND) AS id FROM APOBL WHERE SWPAID = 0 AND AMTDUEHC <> '0.000' LIMIT 1").get() as
      { id: string } | undefined;
    expect(open).toBeDefined();
    const before = vendorRow(open!.id);
    expect(before?.SWACTV).toBe(1);
    const out = await client.vendors.inactivate(open!.id, '2026-11-22');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatchObject({ code: 'business_rule', httpStatus: 409, sageCode: 'General' });
    expect(vendorRow(open!.id)).toEqual(before);
  });

  it('creates and updates a customer', async () => {
    const created = await client.customers.create({
      CustomerNumber: 'WC-200',
      CustomerName: 'Write Test Customer',
      OnHold: 'No',
      AccountType: 'OpenItem',
      CreditLimitCustomerCurrency: new Money('2500'),
    });
    expect(created.ok).toBe(true);
    const updated = await client.customers.update('WC-200', { OnHold: 'Yes', Email: 'ap@example.com' });
    expect(updated.ok).toBe(true);
    const row = sql.prepare('SELECT * FROM ARCUS WHERE RTRIM(IDCUST) = ?').get('WC-200') as Row;
    expect(row).toMatchObject({ SWHOLD: 1, SWBALFWD: 0, AMTCRLIMT: '2500.000', AUDTUSER: 'APISYNC ' });
    expect(String(row.EMAIL2).trimEnd()).toBe('ap@example.com');
  });

  it('receives a purchase order in full, which completes it; further receipts and changes are refused', async () => {
    const po = sql
      .prepare(
        "SELECT PORHSEQ, RTRIM(PONUMBER) AS num, RCPCOUNT FROM POPORH1 h WHERE ISCOMPLETE = 0 AND ONHOLD = 0 AND EXISTS (SELECT 1 FROM POPORL l WHERE l.PORHSEQ = h.PORHSEQ AND l.COMPLETION = 1 AND l.OQOUTSTAND <> '0.0000') ORDER BY PORHSEQ LIMIT 1",
      )
      .get() as { PORHSEQ: number; num: string; RCPCOUNT: number };
    const lines = sql
      .prepare('SELECT PORLREV, OQOUTSTAND, OQRECEIVED FROM POPORL WHERE PORHSEQ = ? AND COMPLETION = 1')
      .all(po.PORHSEQ) as { PORLREV: number; OQOUTSTAND: string; OQRECEIVED: string }[];
    const receipt = await client.receipts.create({
      PurchaseOrderNumber: po.num,
      ReceiptDate: '2026-11-20',
      Reference: 'sync:rcpt:1',
      ReceiptLine2s: lines.map((l) => ({ LineNumber: l.PORLREV, QuantityReceived: new Money(l.OQOUTSTAND) })),
    });
    expect(receipt.ok).toBe(true);
    if (!receipt.ok) return;
    const header = sql.prepare('SELECT * FROM POPORH1 WHERE PORHSEQ = ?').get(po.PORHSEQ) as Row;
    expect(header).toMatchObject({ ISCOMPLETE: 1, RCPCOUNT: po.RCPCOUNT + 1, RCPDATE: 20261120, AUDTUSER: 'APISYNC ' });
    expect(String(header.LASTRECEIP).trimEnd()).toBe(receipt.value.ReceiptNumber);
    for (const l of lines) {
      const after = sql
        .prepare('SELECT OQOUTSTAND, OQRECEIVED, COMPLETION FROM POPORL WHERE PORHSEQ = ? AND PORLREV = ?')
        .get(po.PORHSEQ, l.PORLREV) as Row;
      expect(after.OQOUTSTAND).toBe('0.0000');
      expect(after.OQRECEIVED).toBe(new Money(l.OQRECEIVED).plus(new Money(l.OQOUTSTAND)).toFixed(4));
      expect(after.COMPLETION).toBe(2);
    }
    const again = await client.receipts.create({
      PurchaseOrderNumber: po.num,
      Reference: 'sync:rcpt:2',
      ReceiptLine2s: [{ LineNumber: lines[0]!.PORLREV, QuantityReceived: new Money('1') }],
    });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.code).toBe('business_rule');
    const hold = await client.purchaseOrders.updateStatus(po.PORHSEQ, { OnHold: true });
    expect(hold.ok).toBe(false);
    if (!hold.ok) expect(hold.error).toMatchObject({ code: 'business_rule', httpStatus: 409 });
  });

  it('puts an open purchase order on hold and completes it by PATCH (UNCONFIRMED endpoint)', async () => {
    const po = sql.prepare('SELECT PORHSEQ FROM POPORH1 WHERE ISCOMPLETE = 0 AND ONHOLD = 0 ORDER BY PORHSEQ DESC LIMIT 1').get() as {
      PORHSEQ: number;
    };
    expect((await client.purchaseOrders.updateStatus(po.PORHSEQ, { OnHold: true })).ok).toBe(true);
    expect(sql.prepare('SELECT ONHOLD FROM POPORH1 WHERE PORHSEQ = ?').get(po.PORHSEQ)).toEqual({ ONHOLD: 1 });
    expect((await client.purchaseOrders.updateStatus(po.PORHSEQ, { OnHold: false, Completed: true })).ok).toBe(true);
    expect(sql.prepare('SELECT ONHOLD, ISCOMPLETE, DTCOMPLETE FROM POPORH1 WHERE PORHSEQ = ?').get(po.PORHSEQ)).toEqual({
      ONHOLD: 0,
      ISCOMPLETE: 1,
      DTCOMPLETE: 20261122,
    });
  });
});
