import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntacctClient, type IntacctClient } from '../../src/connectors/intacct/index.ts';
import { Money } from '../../src/domain/money.ts';
import type { Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { startHttpServer, type HttpServerHandle } from '../../src/server/http-server.ts';
import { ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

/**
 * Issue 15's acceptance: on a fresh sandbox, the whole month-end close through a real MCP client over HTTP, as the
 * agent (who asks) and the approver (who approves). Afterwards the reconciliation explains everything but what the
 * sandbox planted, and no Sage 300 document is in Intacct twice.
 */

const PERIOD = '2026-03';
const COMPANY = 'SAMINC';

let sandbox: Sandbox;
let config: Config;
let app: App;
let http: HttpServerHandle;
let intacct: IntacctClient;
let agent: Client;
let approver: Client;

async function httpClient(name: string): Promise<Client> {
  const client = new Client({ name: 'close-acceptance', version: '1.0.0' });
  const token = sandbox.prepared.tokens[name]!;
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
  );
  return client;
}

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  config = testConfig(sandbox, started.dir, {
    rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
  });
  app = testApp(config);
  http = await startHttpServer(app, { host: '127.0.0.1', port: 0, allowedHosts: [], allowedOrigins: [], maxBodyBytes: 1_000_000 });
  const company = config.sage300.companies[0]!;
  intacct = createIntacctClient(
    { ...config.intacct.companies[0]!, ...(company.intacctEntityId ? { entityId: company.intacctEntityId } : {}) },
    { log: silentLogger() },
  );
  agent = await httpClient('agent');
  approver = await httpClient('approver');
}, 120_000);
afterAll(async () => {
  await agent?.close();
  await approver?.close();
  await intacct?.close();
  await http?.close();
  await app?.close();
  await sandbox?.stop();
});

/** The agent asks; the change set it plans is approved by the approver (one round per step, as an operator would). */
async function closeStep(tool: string, args: Record<string, unknown>): Promise<void> {
  const out = await ok(agent, tool, args);
  if (out.status !== 'pending_approval') return;
  const approved = await ok(approver, 'approve_change_set', { change_set_id: out.change_set_id, digest: out.digest, comment: 'close' });
  expect(['executed', 'partial'], `${tool}: ${JSON.stringify(approved).slice(0, 400)}`).toContain(approved.status);
}

async function readAll(object: string, fields: string[]): Promise<Record<string, unknown>[]> {
  const r = await intacct.readAll(object, '', { fields, pageSize: 1000 });
  if (!r.ok) throw new Error(`${object}: ${r.error.message}`);
  return r.value;
}
const text = (r: Record<string, unknown>, k: string): string => (typeof r[k] === 'string' ? r[k] : '').trim();

interface ReportEntry {
  cause: string;
  system: string;
  ref: string;
  reference: string;
  debits: string;
  detail: string;
}

describe('the month-end close through MCP (agent + approver), issue 15 acceptance', () => {
  let report: { totals: Record<string, string | number>; entries: ReportEntry[] };
  let glDryRun: Record<string, unknown>;

  beforeAll(async () => {
    await closeStep('sync_vendors', {});
    await closeStep('sync_customers', {});
    glDryRun = await ok(agent, 'post_journal_entries', { period: PERIOD, dry_run: true });
    await closeStep('post_journal_entries', { period: PERIOD });
    await closeStep('replicate_ap_invoices', { period: PERIOD });
    // March's receipts pay February's invoices: on a fresh sandbox, February's AR goes first, as it would have at its close.
    await closeStep('sync_ar', { period: '2026-02' });
    await closeStep('sync_ar', { period: PERIOD });
    await closeStep('sync_purchase_orders', {});
    await closeStep('sync_projects', {});
    const out = await ok(agent, 'reconcile_trial_balance', { period: PERIOD });
    // The saved report has every entry (the tool's list is capped).
    report = JSON.parse(readFileSync((out.report as { json: string }).json, 'utf8')) as typeof report;
  }, 300_000);

  it('tells the approver, in the GL dry run, which source ledgers it leaves out and which tool replicates them', () => {
    const ledgers = glDryRun.source_ledgers as { left_out: { ledger: string; replicated_by: string }[] } | undefined;
    expect(ledgers?.left_out.map((l) => [l.ledger, l.replicated_by])).toEqual([
      ['AP', 'replicate_ap_invoices'],
      ['AR', 'sync_ar'],
      ['PM', 'sync_projects'],
    ]);
    expect(String(glDryRun.message)).toContain('Left out of the GL sync: AP (replicated by replicate_ap_invoices');
  });

  it('reconciles to 0.00 unexplained, finding exactly the planted differences', () => {
    const plants = sandbox.prepared.truth.recon!;
    expect(report.totals.unexplained).toBe('0.00');
    const planted = plants.directIntacct.filter((d) => d.period === PERIOD);
    expect(planted.length).toBeGreaterThan(0);
    const direct = report.entries.filter((e) => e.cause === 'direct_intacct');
    expect(direct.map((d) => [d.reference, d.debits]).sort()).toEqual(planted.map((p) => [p.reference, p.debits]).sort());
    expect(report.totals.directIntacct).toBe(planted.reduce((sum, p) => sum.plus(p.debits), new Money(0)).toFixed(2));
    const mismatch = report.entries.filter((e) => e.cause === 'period_mismatch');
    expect(mismatch.map((e) => e.ref)).toEqual([plants.periodMismatch!.sourceKey]);
  });

  it("counts sync_projects' tagging entries as sagebridge's, not as made directly in Intacct", async () => {
    const tagging = (await readAll('GLBATCH', ['RECORDNO', 'REFERENCENO', 'BATCH_DATE'])).filter(
      (b) =>
        text(b, 'REFERENCENO').startsWith('S300PM:') && text(b, 'BATCH_DATE').endsWith('/2026') && text(b, 'BATCH_DATE').startsWith('03/'),
    );
    // The close did tag March: otherwise this test would prove nothing.
    expect(tagging.length).toBeGreaterThan(0);
    const listed = new Set(report.entries.filter((e) => e.system === 'intacct').map((e) => e.ref));
    for (const b of tagging) expect(listed.has(text(b, 'RECORDNO'))).toBe(false);
  });

  it('puts no Sage 300 document into Intacct twice (checked per source document)', async () => {
    const s300 = new Database(sandbox.prepared.paths.sage300Db, { readonly: true });
    const lines = s300.prepare('SELECT BATCHNBR b, ENTRYNBR e, SRCELEDGER l, JNLDTLREF r FROM GLPOST').all() as {
      b: string;
      e: string;
      l: string;
      r: string;
    }[];
    const receipts = s300.prepare('SELECT CNTBTCH b, CNTITEM i, IDCUST c, IDRMIT r FROM ARTCR').all() as {
      b: number;
      i: number;
      c: string;
      r: string;
    }[];
    s300.close();
    // What each Sage 300 GL entry is: the AP or AR document its lines reference, or a journal entry of its own.
    const documentsOfEntry = new Map<string, Set<string>>();
    for (const l of lines) {
      const key = `${l.b.trimEnd()}:${l.e.trimEnd()}`;
      const ledger = l.l.trimEnd();
      const doc = ledger === 'AP' || ledger === 'AR' ? `${ledger} ${l.r.trimEnd()}` : `JE ${key}`;
      documentsOfEntry.set(key, (documentsOfEntry.get(key) ?? new Set()).add(doc));
    }
    const where = new Map<string, string[]>();
    const found = (doc: string, record: string): void => void where.set(doc, [...(where.get(doc) ?? []), record]);
    const ours = (ref: string): string | undefined =>
      ref.startsWith(`S300:${COMPANY}:`) ? ref.slice(`S300:${COMPANY}:`.length) : undefined;

    let journalEntries = 0;
    for (const b of await readAll('GLBATCH', ['RECORDNO', 'REFERENCENO'])) {
      const key = ours(text(b, 'REFERENCENO'));
      if (key === undefined) continue;
      journalEntries++;
      for (const doc of documentsOfEntry.get(key) ?? [`JE ${key}`]) found(doc, `GLBATCH ${text(b, 'RECORDNO')}`);
    }
    const bills = (await readAll('APBILL', ['RECORDNO', 'DOCNUMBER'])).filter((b) => ours(text(b, 'DOCNUMBER')) !== undefined);
    for (const b of bills) found(`AP ${ours(text(b, 'DOCNUMBER'))!.replace(':', ' ')}`, `APBILL ${text(b, 'RECORDNO')}`);
    const invoices = (await readAll('ARINVOICE', ['RECORDNO', 'EXTERNALID'])).filter((i) => ours(text(i, 'EXTERNALID')) !== undefined);
    for (const i of invoices) found(`AR ${ours(text(i, 'EXTERNALID'))!.replace(':', ' ')}`, `ARINVOICE ${text(i, 'RECORDNO')}`);
    const payments = (await readAll('ARPYMT', ['RECORDNO', 'DOCNUMBER'])).filter((p) => ours(text(p, 'DOCNUMBER')) !== undefined);
    for (const p of payments) {
      const m = /^CA-0*(\d+)-0*(\d+)$/.exec(ours(text(p, 'DOCNUMBER'))!);
      const receipt = m && receipts.find((r) => r.b === Number(m[1]) && r.i === Number(m[2]));
      expect(receipt, text(p, 'DOCNUMBER')).toBeTruthy();
      found(`AR ${receipt!.c.trimEnd()} ${receipt!.r.trimEnd()}`, `ARPYMT ${text(p, 'RECORDNO')}`);
    }
    // The close replicated each kind, so a document posted twice would be caught.
    expect(journalEntries).toBeGreaterThan(0);
    expect(bills.length).toBeGreaterThan(0);
    expect(invoices.length).toBeGreaterThan(0);
    expect(payments.length).toBeGreaterThan(0);
    const twice = [...where].filter(([, records]) => records.length > 1);
    expect(twice).toEqual([]);
  });
});
