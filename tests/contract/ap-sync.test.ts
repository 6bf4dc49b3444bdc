import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { apPipeline, type ApApprovalStep, type ApSyncSummary } from '../../src/core/ap/ap-pipeline.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { normaliseInvoiceNumber } from '../../src/core/ap/ap-transform.ts';
import type { ApSelection } from '../../src/core/ports/ap-ports.ts';
import { createIntacctClient, fn } from '../../src/connectors/intacct/index.ts';
import { Money } from '../../src/domain/money.ts';
import { parseConfig, type Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { wireAp, pickCompany } from '../helpers/standalone-wiring.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';

const yes: ApApprovalStep = () => Promise.resolve({ decision: 'approved', by: 'analyst', selfConfirmed: true, note: 'test' });
const PERIOD: ApSelection = { kind: 'period', year: 2026, period: 3 };

let sandbox: Sandbox;
let dir: string;
let config: Config;
/** Documents planted before the first run: one with an unmapped tax group, one whose number Intacct already has. */
const planted = { tax: '', duplicate: '' };

type SourceDoc = { vendor: string; doc: string; kind: number; gross: string; taxGroup: string };
const sourceDocs = (): SourceDoc[] => {
  const db = new Database(String((config.sage300.companies[0]!.sql as { path: string }).path), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT RTRIM(h.IDVEND) vendor, RTRIM(h.IDINVC) doc, h.TEXTTRX kind, CAST(h.AMTGROSTOT AS TEXT) gross, RTRIM(h.CODETAXGRP) taxGroup
           FROM APIBH h JOIN APIBC b ON b.CNTBTCH = h.CNTBTCH
           WHERE b.BTCHSTTS = 3 AND h.FISCYR = '2026' AND CAST(h.FISCPER AS INTEGER) = 3 AND h.TEXTTRX IN (1, 2, 3)
           ORDER BY h.CNTBTCH, h.CNTITEM`,
      )
      .all() as SourceDoc[];
  } finally {
    db.close();
  }
};

const bills = (): { VENDORID: string; RECORDID: string; DOCNUMBER: string; TOTALENTERED: string }[] =>
  (sandbox.intacct.db.prepare("SELECT data FROM records WHERE object = 'APBILL'").all() as { data: string }[]).map(
    (r) => JSON.parse(r.data) as { VENDORID: string; RECORDID: string; DOCNUMBER: string; TOTALENTERED: string },
  );

async function sync(selection: ApSelection = PERIOD, extra: { dryRun?: boolean } = {}, cfg = config): Promise<ApSyncSummary> {
  const company = pickCompany(cfg, undefined);
  const state = openStateStore(cfg);
  const wired = wireAp(cfg, company, state.store, silentLogger());
  try {
    return await runChangeSet(apPipeline, wired.deps, { company: company.key, principal: 'analyst', selection, approve: yes, ...extra });
  } finally {
    await wired.close();
    state.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-ap-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  config = parseConfig({ ...sandbox.config, logLevel: 'silent' }, 'test', {});
  const missing = new Set(sandbox.prepared.truth.sage300.traps.vendorsMissingInIntacct);
  const candidates = sourceDocs().filter((d) => !missing.has(d.vendor) && d.kind === 1);
  const [taxDoc, dupDoc] = [candidates[0]!, candidates.find((d) => d.vendor !== candidates[0]!.vendor)!];
  planted.tax = `${taxDoc.vendor}:${taxDoc.doc}`;
  planted.duplicate = `${dupDoc.vendor}:${dupDoc.doc}`;
  // An unmapped tax group on one invoice (tax-codes.csv only maps EXEMPT).
  const s300 = new Database(String((config.sage300.companies[0]!.sql as { path: string }).path));
  s300.prepare("UPDATE APIBH SET CODETAXGRP = 'ONGST' WHERE RTRIM(IDVEND) = ? AND RTRIM(IDINVC) = ?").run(taxDoc.vendor, taxDoc.doc);
  s300.close();
  // The same invoice keyed by hand in Intacct, spelled differently (case, spaces, leading zeros).
  const company = config.sage300.companies[0]!;
  const client = createIntacctClient(
    { ...config.intacct.companies[0]!, ...(company.intacctEntityId ? { entityId: company.intacctEntityId } : {}) },
    { log: silentLogger() },
  );
  const handTyped = ` ${dupDoc.doc.toLowerCase().replace('-', ' 00')} `;
  expect(normaliseInvoiceNumber(handTyped)).toBe(normaliseInvoiceNumber(dupDoc.doc));
  const [created] = await client.execute([
    fn.create(
      'APBILL',
      {
        VENDORID: dupDoc.vendor,
        WHENCREATED: '03/02/2026',
        WHENDUE: '04/01/2026',
        RECORDID: handTyped,
        APBILLITEMS: {
          APBILLITEM: { ACCOUNTNO: '6100', TRX_AMOUNT: '10.00', DEPARTMENTID: 'ADM', LOCATIONID: company.intacctEntityId ?? 'EA' },
        },
      },
      { idempotencyKey: 'test:hand-keyed-bill' },
    ),
  ]);
  await client.close();
  if (!created?.ok) throw new Error(`planting the hand-keyed bill failed: ${JSON.stringify(created)}`);
});
afterAll(async () => {
  await sandbox.stop();
});

describe('AP sync: posted Sage 300 invoices and notes into Intacct bills, exactly once', () => {
  it('a dry run plans and writes nothing', async () => {
    const before = bills().length;
    const summary = await sync(PERIOD, { dryRun: true });
    expect(summary.status).toBe('dry_run');
    expect(summary.planned).toBeGreaterThan(5);
    expect(bills().length).toBe(before);
  });

  it('replicates a period once with totals per vendor equal to Sage 300; traps and planted problems become exceptions', async () => {
    const docs = sourceDocs();
    const missing = new Set(sandbox.prepared.truth.sage300.traps.vendorsMissingInIntacct);
    const held = new Set([planted.tax, planted.duplicate]);
    const expected = new Map<string, Money>();
    let expectedBills = 0;
    for (const d of docs) {
      if (missing.has(d.vendor) || held.has(`${d.vendor}:${d.doc}`)) continue;
      expectedBills++;
      const signed = d.kind === 3 ? new Money(d.gross).negated() : new Money(d.gross);
      expected.set(d.vendor, (expected.get(d.vendor) ?? new Money(0)).plus(signed));
    }
    const summary = await sync();
    expect(summary.status).toBe('partial');
    expect(summary.documents).toBe(docs.length);
    expect(summary.written).toBe(expectedBills);
    const missingDocs = docs.filter((d) => missing.has(d.vendor)).length;
    expect(missingDocs).toBeGreaterThan(0);
    expect(summary.exceptions).toBe(missingDocs + 2);

    const synced = bills().filter((b) => b.DOCNUMBER?.startsWith('S300:'));
    expect(synced.length).toBe(expectedBills);
    const actual = new Map<string, Money>();
    for (const b of synced) actual.set(b.VENDORID, (actual.get(b.VENDORID) ?? new Money(0)).plus(b.TOTALENTERED));
    expect(Object.fromEntries([...actual].map(([v, t]) => [v, t.toFixed(2)]).sort())).toEqual(
      Object.fromEntries([...expected].map(([v, t]) => [v, t.toFixed(2)]).sort()),
    );
    // Every bill names its Sage 300 document: RECORDID is the invoice number, DOCNUMBER the S300 reference.
    for (const b of synced) expect(b.DOCNUMBER).toBe(`S300:SAMINC:${b.VENDORID}:${b.RECORDID}`);

    const state = new Database(join(config.stateDir, 'state.db'), { readonly: true });
    const xrefs = state.prepare("SELECT COUNT(*) n FROM xrefs WHERE object_type = 'APBILL' AND target_record_no IS NOT NULL").get() as {
      n: number;
    };
    expect(xrefs.n).toBe(expectedBills);
    const ex = state.prepare("SELECT class, source_key, message, fix FROM exceptions WHERE pipeline = 'ap' AND status = 'open'").all() as {
      class: string;
      source_key: string;
      message: string;
      fix: string;
    }[];
    state.close();
    const byKey = new Map(ex.map((e) => [e.source_key, e]));
    expect(byKey.get(`SAMINC:${planted.tax}`)?.class).toBe('mapping');
    expect(byKey.get(`SAMINC:${planted.tax}`)?.message).toContain('ONGST');
    expect(byKey.get(`SAMINC:${planted.tax}`)?.fix).toContain('tax-codes.csv');
    expect(byKey.get(`SAMINC:${planted.duplicate}`)?.class).toBe('duplicate');
    const vendorEx = ex.filter((e) => missing.has(e.source_key.split(':')[1] ?? ''));
    expect(vendorEx.length).toBe(missingDocs);
    for (const e of vendorEx) {
      expect(e.class).toBe('mapping');
      expect(e.fix).toContain('sync vendors first or add a row');
      expect(e.fix).toContain('mappings/vendors.csv');
    }
  });

  it('writes nothing when the same period runs again', async () => {
    const before = bills().length;
    const requestsBefore = sandbox.intacct.counts().APBILL;
    const summary = await sync();
    expect(summary.written).toBe(0);
    expect(summary.planned).toBe(0);
    expect(summary.skipped).toBeGreaterThan(5);
    expect(bills().length).toBe(before);
    expect(sandbox.intacct.counts().APBILL).toBe(requestsBefore);
  });

  it('creates a credit note as a negative bill and a debit note as a positive one', async () => {
    const summary = await sync({ kind: 'range', from: '2026-04-01', to: '2026-06-30' });
    expect(summary.written).toBeGreaterThan(0);
    const notes = sandbox.prepared.truth.sage300.ap.creditNotes.concat(sandbox.prepared.truth.sage300.ap.debitNotes);
    const synced = bills().filter((b) => notes.includes(b.RECORDID));
    const credit = synced.find((b) => b.RECORDID.startsWith('CR'));
    const debit = synced.find((b) => b.RECORDID.startsWith('DB'));
    expect(credit && new Money(credit.TOTALENTERED).isNegative()).toBe(true);
    expect(debit && new Money(debit.TOTALENTERED).isPositive()).toBe(true);
  });

  it('a date range covering the period plans nothing new either', async () => {
    const summary = await sync({ kind: 'range', from: '2026-03-01', to: '2026-03-31' }, { dryRun: true });
    expect(summary.planned).toBe(0);
    expect(summary.skipped).toBeGreaterThan(5);
  });
});
