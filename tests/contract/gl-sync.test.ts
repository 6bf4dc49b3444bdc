import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, appendFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { glPipeline, type ApprovalStep, type GlSyncSummary } from '../../src/core/gl/gl-pipeline.ts';
import { leftOutLedgers } from '../../src/core/gl/source-ledgers.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import type { GlSelection } from '../../src/core/ports/gl-ports.ts';
import { Money } from '../../src/domain/money.ts';
import { parseConfig, type Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { glPostingOptions, openStateStore } from '../../src/server/gl-wiring.ts';
import { wireGl, pickCompany } from '../helpers/standalone-wiring.ts';

const yes: ApprovalStep = () => Promise.resolve({ decision: 'approved', by: 'analyst', selfConfirmed: true, note: 'test' });

let sandbox: Sandbox;
let dir: string;
let webhook: Server;
const webhookPosts: { text: string; exception: { sourceKey: string; class: string } }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-gl-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  webhook = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      webhookPosts.push(JSON.parse(body) as (typeof webhookPosts)[number]);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => webhook.listen(0, '127.0.0.1', r));
});
afterAll(async () => {
  await sandbox.stop();
  await new Promise<void>((r) => webhook.close(() => r()));
});

function configWith(overrides: Record<string, unknown> = {}): Config {
  const port = (webhook.address() as AddressInfo).port;
  return parseConfig({ ...sandbox.config, alerts: { webhookUrl: `http://127.0.0.1:${port}/hook` }, ...overrides }, 'test', {});
}

async function sync(selection: GlSelection, config = configWith(), extra: { dryRun?: boolean } = {}): Promise<GlSyncSummary> {
  const company = pickCompany(config, undefined);
  const state = openStateStore(config);
  const wired = wireGl(config, company, state.store, silentLogger());
  try {
    return await runChangeSet(glPipeline, wired.deps, {
      company: company.key,
      principal: 'analyst',
      selection,
      options: glPostingOptions(company),
      approve: yes,
      ...extra,
    });
  } finally {
    await wired.close();
    state.close();
  }
}

type StoredBatch = Record<string, string | undefined> & { recordNo: number };
const intacctBatches = (): StoredBatch[] =>
  (
    sandbox.intacct.db.prepare("SELECT recordno, data FROM records WHERE object = 'GLBATCH'").all() as { recordno: number; data: string }[]
  ).map((r) => ({ ...(JSON.parse(r.data) as Record<string, string>), recordNo: r.recordno }) as StoredBatch);
const intacctDebits = (recordNos: number[]) => {
  const wanted = new Set(recordNos.map(String));
  let total = new Money(0);
  for (const { data } of sandbox.intacct.db.prepare("SELECT data FROM records WHERE object = 'GLENTRY'").all() as { data: string }[]) {
    const line = JSON.parse(data) as Record<string, string>;
    // AMOUNT is the base amount the emulator computed (TRX_AMOUNT x rate for a foreign line).
    if (wanted.has(String(line.BATCHNO)) && line.TR_TYPE === '1') total = total.plus(line.AMOUNT!);
  }
  return total;
};
/** The ledgers the demo company's GL sync leaves out, derived from its config as the server derives them. */
const leftOut = (config = configWith()): ReadonlySet<string> =>
  leftOutLedgers(glPostingOptions(pickCompany(config, undefined)).sourceLedgers);
/** Sage 300 entries of a 2026 fiscal period (batch:entry) with their source ledgers, from GLPOST. */
function periodEntries(period: string): Map<string, Set<string>> {
  const s300 = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
  const rows = s300
    .prepare('SELECT BATCHNBR b, ENTRYNBR e, SRCELEDGER l FROM GLPOST WHERE FISCALYR = ? AND FISCALPERD = ?')
    .all('2026', period) as { b: string; e: string; l: string }[];
  s300.close();
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const key = `${r.b.trimEnd()}:${r.e.trimEnd()}`;
    out.set(key, (out.get(key) ?? new Set()).add(r.l.trimEnd()));
  }
  return out;
}
const stateDb = () => new Database(join(configWith().stateDir, 'state.db'), { readonly: true });

describe('GL sync: Sage 300 journal entries into Intacct, exactly once', () => {
  it('a dry run plans and writes nothing', async () => {
    const before = sandbox.intacct.counts().GLBATCH;
    const summary = await sync({ kind: 'period', year: 2026, period: 3 }, configWith(), { dryRun: true });
    expect(summary.status).toBe('dry_run');
    const excluded = leftOut();
    const kept = [...periodEntries('03').values()].filter((ls) => ![...ls].every((l) => excluded.has(l)));
    expect(summary.entries).toBe(kept.length);
    expect(summary.planned).toBeGreaterThan(0);
    expect(sandbox.intacct.counts().GLBATCH).toBe(before);
    expect(webhookPosts).toEqual([]);
  });

  it('posts a period once, traced to its origin, in the entity, with debits equal to Sage 300', async () => {
    const trapAccounts = sandbox.prepared.truth.sage300.traps.unmappedAccounts.map((a) => a.acctId);
    const s300 = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
    const rows = s300
      .prepare(
        "SELECT BATCHNBR b, ENTRYNBR e, ACCTID a, TRANSAMT t, SRCELEDGER l, RTRIM(SCURNCODE) c, SCURNAMT s FROM GLPOST WHERE FISCALYR = '2026' AND FISCALPERD = '03'",
      )
      .all()
      .filter((r) => !leftOut().has((r as { l: string }).l.trimEnd())) as {
      b: string;
      e: string;
      a: string;
      t: string;
      c: string;
      s: string;
    }[];
    s300.close();
    expect(rows.length).toBeGreaterThan(0);
    const trapEntries = new Set(rows.filter((r) => trapAccounts.includes(r.a.trimEnd())).map((r) => `${r.b}:${r.e}`));
    const entries = new Set(rows.map((r) => `${r.b}:${r.e}`));
    let sourceDebits = new Money(0);
    const debitsByCurrency = new Map<string, Money>();
    for (const r of rows) {
      if (trapEntries.has(`${r.b}:${r.e}`) || !new Money(r.t).isPositive()) continue;
      sourceDebits = sourceDebits.plus(r.t);
      debitsByCurrency.set(r.c, (debitsByCurrency.get(r.c) ?? new Money(0)).plus(r.s));
    }
    expect([...debitsByCurrency.keys()].sort()).toEqual(['CAD', 'EUR', 'USD']);

    const requestsBefore = sandbox.intacct.stats().requests;
    const summary = await sync({ kind: 'period', year: 2026, period: 3 });
    // Every request of the run is counted, the session login opened ahead of the first write included.
    expect(summary.apiRequests).toBe(sandbox.intacct.stats().requests - requestsBefore);
    expect(sandbox.intacct.stats().byFunction.getAPISession).toBeGreaterThan(0);
    expect(summary.entries).toBe(entries.size);
    expect(summary.written).toBe(entries.size - trapEntries.size);
    expect(summary.exceptions).toBe(trapEntries.size);
    expect(summary.status).toBe('partial');

    const created = intacctBatches().filter((b) => b.REFERENCENO?.startsWith('S300:SAMINC:'));
    expect(created).toHaveLength(summary.written);
    expect(new Set(created.map((b) => b.REFERENCENO)).size).toBe(created.length);
    expect(created.every((b) => b.MEGAENTITYID === 'US01' && b.JOURNAL === 'S300GL')).toBe(true);
    expect(intacctDebits(created.map((b) => b.recordNo)).equals(sourceDebits)).toBe(true);
    // The preview totals each transaction currency in its own amounts: foreign lines in EUR and CAD, not in USD.
    for (const [currency, total] of debitsByCurrency) expect(summary.totalsByCurrency[currency]).toBe(total.toFixed(2));

    const db = stateDb();
    const xrefs = db.prepare("SELECT COUNT(*) n FROM xrefs WHERE object_type = 'GLBATCH'").get() as { n: number };
    const planned = db.prepare('SELECT summary FROM change_sets WHERE id = ?').get(summary.changeSetId) as { summary: string };
    db.close();
    expect(xrefs.n).toBe(summary.written);
    // The approver's per-account totals are exactly what landed in Intacct, account by account.
    const landed = new Map<string, { debit: Money; credit: Money }>();
    const batchNos = new Set(created.map((b) => String(b.recordNo)));
    for (const { data } of sandbox.intacct.db.prepare("SELECT data FROM records WHERE object = 'GLENTRY'").all() as { data: string }[]) {
      const l = JSON.parse(data) as Record<string, string>;
      if (!batchNos.has(String(l.BATCHNO))) continue;
      const key = `${l.ACCOUNTNO} ${l.CURRENCY}`;
      const t = landed.get(key) ?? { debit: new Money(0), credit: new Money(0) };
      if (l.TR_TYPE === '1') t.debit = t.debit.plus(l.TRX_AMOUNT!);
      else t.credit = t.credit.plus(l.TRX_AMOUNT!);
      landed.set(key, t);
    }
    const previewed = (
      JSON.parse(planned.summary) as { totalsByAccount: { account: string; currency: string; debit: string; credit: string }[] }
    ).totalsByAccount;
    expect(previewed.length).toBe(landed.size);
    for (const p of previewed)
      expect([p.debit, p.credit]).toEqual([
        landed.get(`${p.account} ${p.currency}`)?.debit.toFixed(2),
        landed.get(`${p.account} ${p.currency}`)?.credit.toFixed(2),
      ]);
  });

  it('writes nothing when the same period runs again', async () => {
    const creates = sandbox.intacct.stats().byFunction.create ?? 0;
    const summary = await sync({ kind: 'period', year: 2026, period: 3 });
    expect(summary.written).toBe(0);
    expect(summary.planned).toBe(0);
    expect(summary.apiRequests).toBe(0);
    expect(sandbox.intacct.stats().byFunction.create ?? 0).toBe(creates);
  });

  it('queues each unmapped entry once, alerts once, and resolves it when a later run succeeds', async () => {
    const mappingAlerts = webhookPosts.filter((p) => p.exception.class === 'mapping');
    expect(mappingAlerts).toHaveLength(3);
    expect(mappingAlerts.every((p) => p.text.includes('accounts.csv'))).toBe(true);

    // Fix one trap: 1950 exists in Intacct, so a rule for it is enough.
    const mappings = join(dir, 'mappings-fixed');
    cpSync(DEMO_MAPPINGS_DIR, mappings, { recursive: true });
    appendFileSync(join(mappings, 'accounts.csv'), '10,1950-000-00,1950,,,,,,,intercompany now mapped\n');
    const fixed = configWith({ mappingsDir: mappings });
    const summary = await sync({ kind: 'period', year: 2026, period: 3 }, fixed);
    expect(summary.written).toBe(1);
    expect(webhookPosts.filter((p) => p.exception.class === 'mapping')).toHaveLength(3); // no repeat alerts

    const db = stateDb();
    const rows = db.prepare("SELECT status, message, fix FROM exceptions WHERE pipeline = 'gl' AND class = 'mapping'").all() as {
      status: string;
      message: string;
      fix: string;
    }[];
    db.close();
    expect(rows.filter((r) => r.status === 'resolved')).toHaveLength(1);
    const open = rows.filter((r) => r.status !== 'resolved');
    expect(open).toHaveLength(2);
    for (const r of open) {
      expect(r.message).toMatch(/SAMINC:\d+:\d+ has unmapped lines: .*(6990-ADM-EA|6980-OPS-WE)/);
      expect(r.fix).toContain('accounts.csv');
    }
  });

  it('sends entries of a period Intacct has closed to the exceptions queue with the fix', async () => {
    const summary = await sync({ kind: 'period', year: 2026, period: 1 });
    expect(summary.written).toBe(0);
    const db = stateDb();
    const rows = db.prepare("SELECT message, fix FROM exceptions WHERE pipeline = 'gl' AND class = 'period'").all() as {
      message: string;
      fix: string;
    }[];
    db.close();
    expect(rows.length).toBe(summary.planned);
    expect(rows[0]!.message).toMatch(/Period closed/);
    expect(rows[0]!.fix).toMatch(/open the period/);
  });

  it('creates the entries as Draft when the company is configured so', async () => {
    const base = sandbox.config as { sage300: { companies: Record<string, unknown>[] } };
    const draft = configWith({ sage300: { companies: [{ ...base.sage300.companies[0], gl: { journal: 'S300GL', state: 'Draft' } }] } });
    const before = new Set(intacctBatches().map((b) => b.recordNo));
    const summary = await sync({ kind: 'period', year: 2026, period: 5 }, draft);
    const created = intacctBatches().filter((b) => !before.has(b.recordNo));
    expect(summary.written).toBeGreaterThan(0);
    expect(created).toHaveLength(summary.written);
    expect(created.every((b) => b.STATE === 'Draft')).toBe(true);
  });

  it('leaves out, by construction, the ledgers whose documents an enabled pipeline replicates; disabling it or an override sends them', async () => {
    const entries = periodEntries('04');
    const of = (ledger: string) => [...entries].filter(([, ls]) => [...ls].every((l) => l === ledger)).map(([k]) => k);
    expect(of('AP').length).toBeGreaterThan(0);
    expect(of('AR').length).toBeGreaterThan(0);
    // The demo company enables every pipeline: the GL sync leaves out AP and AR (and PM) without being asked.
    expect([...leftOut()].sort()).toEqual(['AP', 'AR', 'PM']);

    const base = sandbox.config as { sage300: { companies: Record<string, unknown>[] } };
    const company = (extra: Record<string, unknown>) =>
      configWith({ sage300: { companies: [{ ...base.sage300.companies[0], ...extra }] } });
    const dry = async (config: Config) => {
      const c = pickCompany(config, undefined);
      const state = openStateStore(config);
      const wired = wireGl(config, c, state.store, silentLogger());
      try {
        const r = await runChangeSet(glPipeline, wired.deps, {
          company: c.key,
          principal: 'analyst',
          selection: { kind: 'period', year: 2026, period: 4 },
          options: glPostingOptions(c),
          approve: yes,
          dryRun: true,
        });
        return { summary: r, options: glPostingOptions(c) };
      } finally {
        await wired.close();
        state.close();
      }
    };
    const byDefault = await dry(configWith());
    expect(byDefault.summary.entries).toBe(entries.size - of('AP').length - of('AR').length);
    // AP disabled for the company: its ledger goes to the GL (the bills would not exist), AR stays left out.
    const noAp = await dry(company({ pipelines: { apInvoices: false, ar: true, projects: true } }));
    expect(noAp.summary.entries).toBe(entries.size - of('AR').length);
    expect(noAp.options.sourceLedgers.leftOut.map((l) => l.ledger)).toEqual(['AR', 'PM']);
    // An explicit override sends AP although replicate_ap_invoices is enabled, and says documents may be posted twice.
    const gl = { journal: 'S300GL', state: 'Posted', sourceLedgers: { include: ['AP'], exclude: [] } };
    const forced = await dry(company({ gl }));
    expect(forced.summary.entries).toBe(entries.size - of('AR').length);
    expect(forced.options.sourceLedgers.overridden).toEqual([
      expect.objectContaining({
        ledger: 'AP',
        replicatedBy: 'replicate_ap_invoices',
        warning: expect.stringContaining('posted to Intacct twice'),
      }),
    ]);

    // A real run sends none of the left-out entries.
    const summary = await sync({ kind: 'period', year: 2026, period: 4 });
    const sent = new Set(intacctBatches().map((b) => b.REFERENCENO));
    for (const key of [...of('AP'), ...of('AR')]) expect(sent.has(`S300:SAMINC:${key}`)).toBe(false);
    expect([...entries.keys()].filter((k) => sent.has(`S300:SAMINC:${k}`)).length).toBe(summary.written);
  });

  it('advances the incremental cursor only past confirmed entries', async () => {
    const first = await sync({ kind: 'incremental' });
    // January (closed in Intacct) and the trap entries are still open, so the cursor stops before the oldest of them.
    expect(first.cursor).toMatchObject({ v: 1 });
    const again = await sync({ kind: 'incremental' });
    expect(again.written).toBe(0);
    expect(again.cursor).toEqual(first.cursor);
  });

  it('does not raise again what a person resolved with a reason', async () => {
    const config = configWith();
    const state = openStateStore(config);
    const open = state.store.exceptions.list({ status: 'open', pipeline: 'gl', class: 'mapping' });
    expect(open.length).toBeGreaterThan(0);
    const target = open[0]!;
    expect(state.store.exceptions.resolve(target.id, { reason: 'suspense stays in Sage 300', by: 'controller' }).ok).toBe(true);
    state.close();
    const alertsBefore = webhookPosts.length;
    await sync({ kind: 'period', year: 2026, period: 3 });
    const after = openStateStore(config);
    const again = after.store.exceptions
      .list({ pipeline: 'gl', class: 'mapping' })
      .filter((e) => e.sourceKey === target.sourceKey && e.status !== 'resolved');
    after.close();
    expect(again).toEqual([]);
    expect(webhookPosts.length).toBe(alertsBefore);
  });
});
