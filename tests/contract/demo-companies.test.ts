import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntacctClient, type IntacctClient } from '../../src/connectors/intacct/index.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { buildDemoMappings } from '../../src/sandbox/demo-data/demo-mappings.ts';
import {
  buildIntacctDemoCompany,
  DEMO_ENTITY_ID,
  DEMO_SYNC_JOURNAL,
  type IntacctDemoTruth,
} from '../../src/sandbox/demo-data/intacct-company.ts';
import { generateSage300Company, type Sage300Truth } from '../../src/sandbox/demo-data/sage300-company.ts';
import { startIntacctEmulator, type IntacctCompanySeed, type IntacctEmulator } from '../../src/sandbox/intacct-emulator/index.ts';
import { createSage300Schema } from '../../src/sandbox/sage300-db/schema.ts';
import { companyConfigFor, must } from '../helpers/intacct.ts';

let s300: Database.Database;
let s300Truth: Sage300Truth;
let company: IntacctCompanySeed;
let truth: IntacctDemoTruth;
let emulator: IntacctEmulator;
let client: IntacctClient;

beforeAll(async () => {
  s300 = new Database(':memory:');
  createSage300Schema(s300);
  s300Truth = generateSage300Company(s300, {});
  ({ company, truth } = buildIntacctDemoCompany(s300, s300Truth));
  emulator = await startIntacctEmulator({ company });
  client = createIntacctClient(companyConfigFor(emulator, { entityId: DEMO_ENTITY_ID }), { log: silentLogger() });
});
afterAll(async () => {
  await client.close();
  await emulator.stop();
  s300.close();
});

const entry = (date: string) => ({
  JOURNAL: DEMO_SYNC_JOURNAL,
  BATCH_DATE: date,
  BATCH_TITLE: 'demo check',
  REFERENCENO: `DEMO-${date}`,
  ENTRIES: {
    GLENTRY: [
      { ACCOUNTNO: '6200', TR_TYPE: '1', TRX_AMOUNT: '10.00', DEPARTMENT: 'ADM', LOCATION: 'EA' },
      { ACCOUNTNO: '2000', TR_TYPE: '-1', TRX_AMOUNT: '10.00', LOCATION: 'EA' },
    ],
  },
});

describe('the Intacct demo company matches the Sage 300 demo company, with the planted differences', () => {
  it('logs in at the entity level and holds the vendors the brief promises', async () => {
    expect(emulator.entityIds).toContain(DEMO_ENTITY_ID);
    const vendors = must(await client.readAll('VENDOR', '', { fields: ['VENDORID', 'NAME', 'TERMNAME'] }));
    const ids = new Set(vendors.map((v) => String(v.VENDORID)));
    for (const missing of s300Truth.traps.vendorsMissingInIntacct) expect(ids.has(missing)).toBe(false);
    expect(ids.has(truth.vendorsOnlyInIntacct[0]!)).toBe(true);
    const s300Vendors = (s300.prepare('SELECT COUNT(*) AS n FROM APVEN').get() as { n: number }).n;
    expect(vendors.length).toBe(s300Vendors - s300Truth.traps.vendorsMissingInIntacct.length + truth.vendorsOnlyInIntacct.length);
    const differing = Object.entries(truth.vendorsDiffering);
    expect(differing.length).toBeGreaterThan(0);
    for (const [id, { termName }] of differing) expect(vendors.find((v) => v.VENDORID === id)?.TERMNAME).toBe(termName);
  });

  it('names the renamed customer differently from Sage 300', async () => {
    const [row] = must(await client.readAll('CUSTOMER', `CUSTOMERID = '${truth.renamedCustomer.customerId}'`, { fields: ['NAME'] }));
    const s300Name = (
      s300.prepare('SELECT RTRIM(NAMECUST) AS n FROM ARCUS WHERE RTRIM(IDCUST) = ?').get(truth.renamedCustomer.customerId) as { n: string }
    ).n;
    expect(row?.NAME).toBe(truth.renamedCustomer.intacctName);
    expect(row?.NAME).not.toBe(s300Name);
  });

  it('has 2026-01 closed and later periods open', async () => {
    const closed = await client.create('GLBATCH', entry('01/20/2026'), { idempotencyKey: 'demo:closed' });
    expect(closed.ok ? 'ok' : closed.error.code).toBe('period_closed');
    const open = await client.create('GLBATCH', entry('02/20/2026'), { idempotencyKey: 'demo:open' });
    expect(open.ok).toBe(true);
  });
});

/** A demo-grade matcher for accounts.csv patterns, to prove the files cover the chart (the real engine is core's). */
function rulesFor(formatted: string, rules: string[][]): string[][] {
  const segs = formatted.split('-');
  return rules.filter((r) => {
    const pattern = r[1]!.split('-');
    return pattern.length === segs.length && pattern.every((p, i) => p === '*' || p === segs[i]);
  });
}

describe('the demo mapping files', () => {
  it('are exactly what the demo generators produce', () => {
    const files = buildDemoMappings(company, truth);
    for (const [name, text] of Object.entries(files)) {
      expect(readFileSync(new URL(`../../mappings/${name}`, import.meta.url), 'utf8'), name).toBe(text);
    }
  });

  it('map every Sage 300 account except the planted traps, to accounts Intacct has', () => {
    const rules = readFileSync(new URL('../../mappings/accounts.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','));
    const intacctAccounts = new Set(company.GLACCOUNT.map((a) => a.ACCOUNTNO));
    const traps = new Set(s300Truth.traps.unmappedAccounts.map((a) => a.formatted));
    const accounts = s300.prepare('SELECT RTRIM(ACCTFMTTD) AS f FROM GLAMF').all() as { f: string }[];
    expect(accounts.length).toBe(s300Truth.accounts.total);
    for (const { f } of accounts) {
      const matched = rulesFor(f, rules);
      if (traps.has(f)) expect(matched, f).toEqual([]);
      else {
        expect(matched.length, f).toBeGreaterThan(0);
        for (const r of matched) expect(intacctAccounts.has(r[2]), `${f} -> ${r[2]}`).toBe(true);
      }
    }
  });
});
