import Database from 'better-sqlite3';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { auditPath, type Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { SandboxTruth } from '../../src/sandbox/sandbox-data.ts';
import type { App } from '../../src/server/app.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';
import { runCli } from '../helpers/spawn-cli.ts';

interface Out {
  reconciled: boolean;
  totals: Record<string, string | number>;
  variances: { account: string; department: string; location: string; variance: string; direct_intacct: string; unexplained: string }[];
  entries: { cause: string; system: string; ref: string; reference: string; debits: string; detail: string }[];
  unmapped: { account: string; entries: number }[];
  report: { json: string; csv: string; text: string; latest: string };
}

let sandbox: Sandbox;
let dir: string;
let truth: SandboxTruth;
let config: Config;
let app: App;
let cleanConfig: Config;
let cleanApp: App;
const overrides = {
  rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
  approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
};
const confirm = () => ({ action: 'accept' as const, content: { confirm: true } });
const reconcile = async (client: Client, period: string): Promise<Out> =>
  (await ok(client, 'reconcile_trial_balance', { period })) as unknown as Out;

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  truth = sandbox.prepared.truth;
  config = testConfig(sandbox, dir, overrides);
  app = testApp(config);
  // "Clean by config": the same company with the unmapped-account traps mapped, so a plant-free period can reconcile to zero.
  const mappings = mkdtempSync(join(dir, 'maps-'));
  cpSync(DEMO_MAPPINGS_DIR, mappings, { recursive: true });
  for (const t of truth.sage300.traps.unmappedAccounts)
    appendFileSync(join(mappings, 'accounts.csv'), `5,${t.formatted},6900,,,,,,,recon test maps the trap\n`);
  // ... and replicating the GL only: with the AP and AR pipelines disabled the GL sync sends their ledgers too, so the
  // Intacct GL carries every Sage 300 posting (the emulator posts no bills or invoices to its GL).
  const company = (sandbox.config as { sage300: { companies: Record<string, unknown>[] } }).sage300.companies[0]!;
  const glOnly = { companies: [{ ...company, pipelines: { apInvoices: false, ar: false, projects: true } }] };
  cleanConfig = testConfig(sandbox, dir, { ...overrides, mappingsDir: mappings, sage300: glOnly });
  cleanApp = testApp(cleanConfig);
  const analyst = await connect(app, 'analyst', confirm);
  for (const period of ['2026-03', '2026-04']) expect((await ok(analyst, 'post_journal_entries', { period })).status).toBeDefined();
}, 120_000);
afterAll(async () => {
  await app.close();
  await cleanApp.close();
  await sandbox.stop();
});

describe('reconcile_trial_balance on the demo sandbox', () => {
  it('is a read-only tool every role can see, with explicit annotations', async () => {
    for (const who of ['analyst', 'agent', 'approver', 'auditor', 'admin']) {
      const tools = (await (await connect(app, who)).listTools()).tools;
      const t = tools.find((x) => x.name === 'reconcile_trial_balance');
      expect(t, who).toBeDefined();
      expect(t!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: true });
    }
  });

  it('finds every planted difference of 2026-03 and attributes it to its cause; nothing is left unexplained', async () => {
    const plants = truth.recon!;
    const out = await reconcile(await connect(app, 'auditor'), '2026-03');
    expect(out.reconciled).toBe(false);
    expect(out.totals.unexplained).toBe('0.00');
    // (c) entries made directly in Intacct, with their rows.
    const direct = out.entries.filter((e) => e.cause === 'direct_intacct');
    const planted = plants.directIntacct.filter((d) => d.period === '2026-03');
    expect(direct.map((d) => d.reference).sort()).toEqual(planted.map((d) => d.reference).sort());
    for (const p of planted) {
      expect(direct.find((d) => d.reference === p.reference)!.debits).toBe(p.debits);
      for (const l of p.lines) {
        const row = out.variances.find((v) => v.account === l.account && v.department === l.department && v.location === l.location)!;
        expect(row, `${l.account}/${l.department}/${l.location}`).toBeDefined();
        expect(row.unexplained).toBe('0.00');
      }
    }
    // (d) the Sage 300 entry of period 3 dated into April.
    const mismatch = out.entries.filter((e) => e.cause === 'period_mismatch');
    expect(mismatch.map((e) => e.ref)).toEqual([plants.periodMismatch!.sourceKey]);
    expect(mismatch[0]!.detail).toContain(plants.periodMismatch!.date);
    // (b) the unmapped traps, and (a) their entries waiting in the exceptions queue.
    expect(out.unmapped.map((u) => u.account).sort()).toEqual(truth.sage300.traps.unmappedAccounts.map((t) => t.formatted).sort());
    // The full report (the tool's list is capped): every other not-synced entry is an AP or AR document, left out of
    // the GL sync because replicate_ap_invoices and sync_ar replicate it.
    const full = JSON.parse(readFileSync(out.report.json, 'utf8')) as { entries: Out['entries'] };
    const notSynced = full.entries.filter((e) => e.cause === 'not_synced');
    const queued = notSynced.filter((e) => e.detail.includes('exceptions queue'));
    expect(queued.length).toBeGreaterThanOrEqual(truth.sage300.traps.unmappedAccounts.length);
    for (const e of notSynced.filter((x) => !queued.includes(x)))
      expect(e.detail).toMatch(
        /^not a journal entry: source ledger (AP|AR) is left out of the GL sync, replicated by (replicate_ap_invoices|sync_ar)/,
      );
  });

  it('sees the mismatched entry from the Intacct side in 2026-04', async () => {
    const out = await reconcile(await connect(app, 'analyst'), '2026-04');
    const mismatch = out.entries.filter((e) => e.cause === 'period_mismatch');
    expect(mismatch).toHaveLength(1);
    expect(mismatch[0]).toMatchObject({ system: 'intacct', reference: `S300:${truth.recon!.periodMismatch!.sourceKey}` });
    expect(out.totals.unexplained).toBe('0.00');
  });

  it('attributes a period that was never synced to entries not synced yet', async () => {
    const out = await reconcile(await connect(app, 'agent'), '2026-06');
    expect(out.reconciled).toBe(false);
    expect(out.totals.unexplained).toBe('0.00');
    expect(out.entries.every((e) => e.cause === 'not_synced' && e.detail.includes('not synced yet'))).toBe(true);
    expect(out.entries.length).toBe(50); // the tool caps lists; the totals count them all
    expect(out.totals.entries_explained).toBe(truth.sage300.gl.entriesPerPeriod['6']);
  });

  it('reconciles a plant-free, fully synced period with every account mapped to zero', async () => {
    const period = truth.recon!.plantFreePeriods.find((p) => p !== '2026-06')!;
    const analyst = await connect(cleanApp, 'analyst', confirm);
    await ok(analyst, 'post_journal_entries', { period });
    const out = await reconcile(analyst, period);
    expect(out.variances).toEqual([]);
    expect(out.unmapped).toEqual([]);
    expect(out.reconciled).toBe(true);
  });

  it('saves JSON, CSV and text reports, and the MCP resource serves the latest', async () => {
    const client = await connect(app, 'auditor');
    const out = await reconcile(client, '2026-03');
    expect(out.report.json).toBe(join(config.stateDir, 'reports', 'reconciliation-SAMINC-2026-03.json'));
    const json = JSON.parse(readFileSync(out.report.json, 'utf8')) as { period: string; variances: unknown[]; entries: unknown[] };
    expect(json.period).toBe('2026-03');
    expect(json.variances.length).toBe(out.totals.variances);
    const csv = readFileSync(out.report.csv, 'utf8').trim().split('\n');
    expect(csv[0]).toContain('account,department,location,sage300,intacct,variance,not_synced,direct_intacct,period_mismatch,unexplained');
    expect(csv).toHaveLength(json.variances.length + 1);
    expect(readFileSync(out.report.text, 'utf8')).toContain('NOT RECONCILED');
    const res = await client.readResource({ uri: 'sagebridge://reports/reconciliation/latest' });
    const latest = JSON.parse((res.contents[0] as { text: string }).text) as { period: string; company: string };
    expect(latest).toMatchObject({ period: '2026-03', company: 'SAMINC' });
  });

  it('refuses a period outside the fiscal calendar as invalid arguments', async () => {
    const result = await call(await connect(app, 'auditor'), 'reconcile_trial_balance', { period: '2031-03' });
    expect(errorOf(result).code).toBe('invalid_arguments');
    expect(errorOf(await call(await connect(app, 'auditor'), 'reconcile_trial_balance', { period: '2026-3' })).code).toBe(
      'invalid_arguments',
    );
  });
});

describe('sagebridge reconcile at the command line', () => {
  const writeConfig = (name: string, c: Config): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify({ ...sandbox.config, stateDir: c.stateDir, mappingsDir: c.mappingsDir, sage300: c.sage300 }));
    return path;
  };

  it('exits 3 with variances, 0 when reconciled, 2 on bad input; writes a report audit row', async () => {
    const main = writeConfig('recon-main.json', config);
    const clean = writeConfig('recon-clean.json', cleanConfig);
    const varies = await runCli(['--config', main, 'reconcile', '--period', '2026-03']);
    expect(varies.code, varies.stderr).toBe(3);
    expect(varies.stdout).toContain('NOT RECONCILED');
    const period = truth.recon!.plantFreePeriods.find((p) => p !== '2026-06')!;
    const zero = await runCli(['--config', clean, 'reconcile', '--period', period, '--json']);
    expect(zero.code, zero.stderr).toBe(0);
    expect((JSON.parse(zero.stdout) as { reconciled: boolean }).reconciled).toBe(true);
    for (const bad of [['--period', '2031-03'], []]) {
      const run = await runCli(['--config', main, 'reconcile', ...bad]);
      expect(run.code, bad.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(existsSync(auditPath(config))).toBe(true);
    const db = new Database(auditPath(config), { readonly: true });
    try {
      // The CLI runs the tool through the governor as the operator: the same audit row as an MCP call.
      const rows = db
        .prepare(
          "SELECT principal, outcome, json_extract(detail, '$.via') AS via FROM audit_events WHERE kind = 'tool_call' AND action = 'reconcile_trial_balance'",
        )
        .all() as { principal: string; outcome: string; via: string }[];
      expect(rows).toContainEqual({ principal: 'analyst', outcome: 'ok', via: 'cli' });
    } finally {
      db.close();
    }
  }, 60_000);
});
