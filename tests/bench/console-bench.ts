/**
 * Render time of the console's inbox and change-set page for a 10,000-entry change set, over HTTP with a signed-in
 * session, against the baseline doing the same work: the same reads as JSON through a real MCP client over the same
 * HTTP server (list_change_sets for the inbox, get_change_set of the same page of 50 lines for the change-set page).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { parseConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { createApp, type App } from '../../src/server/app.ts';
import { startHttpServer } from '../../src/server/http-server.ts';
import { machine } from './machine.ts';

/** A change set of `entries` GL entries (two lines each over 40 accounts), with a summary like the GL preview's. */
function plantChangeSet(app: App, entries: number): number {
  const runId = app.store.runs.startRun({ pipeline: 'gl', company: 'SAMINC', params: {}, principal: 'agent' });
  const byAccount: { account: string; currency: string; debit: string; credit: string }[] = [];
  for (let a = 0; a < 40; a++) byAccount.push({ account: String(4000 + a * 10), currency: 'USD', debit: `${1000 + a}.00`, credit: '0.00' });
  const items = Array.from({ length: entries }, (_, i) => ({
    idempotencyKey: `bench-console-${i}`,
    targetSystem: 'intacct',
    objectType: 'GLBATCH',
    sourceSystem: 'sage300',
    sourceKey: `SAMINC:BENCH:${String(i).padStart(6, '0')}`,
    payload: {
      JOURNAL: 'GJ',
      BATCH_DATE: '2026-03-15',
      BATCH_TITLE: `Bench entry ${i} <b>&amp;</b>`,
      REFERENCENO: `S300:BENCH:${i}`,
      ENTRIES: [
        { ACCOUNTNO: String(4000 + (i % 40) * 10), DEPARTMENT: 'D10', LOCATION: 'L1', TR_TYPE: 1, TRX_AMOUNT: '125.40', MEMO: 'line one' },
        { ACCOUNTNO: '1000', DEPARTMENT: 'D10', LOCATION: 'L1', TR_TYPE: -1, TRX_AMOUNT: '125.40', MEMO: 'line two' },
      ],
    },
  }));
  const created = app.store.changeSets.create({
    runId,
    pipeline: 'gl',
    company: 'SAMINC',
    createdBy: 'agent',
    summary: { toSend: entries, skipped: 0, exceptions: 0, totalsByCurrency: { USD: '1254000.00' }, byAccount, problems: [] },
    items,
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.changeSet.id;
}

const round = (v: number): number => Math.round(v * 1000) / 1000;
function stats(samples: number[]): { p50: number; p95: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: round(at(0.5)), p95: round(at(0.95)), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}

/** Alternating rounds of both, so both see the same machine load; milliseconds per call. */
async function compare(rounds: number, perRound: number, ours: () => Promise<unknown>, base: () => Promise<unknown>) {
  const a: number[] = [];
  const b: number[] = [];
  for (let w = 0; w < 5; w++) await Promise.all([ours(), base()].map((p) => p));
  for (let r = 0; r < rounds; r++) {
    for (const [fn, into] of [
      [ours, a],
      [base, b],
    ] as const) {
      for (let i = 0; i < perRound; i++) {
        const t0 = performance.now();
        await fn();
        into.push(performance.now() - t0);
      }
    }
  }
  const console = stats(a);
  const baseline = stats(b);
  return { console, baseline, ratioP50: round(console.p50 / baseline.p50) };
}

export async function benchConsole(options: { entries: number; rounds: number; perRound: number }): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-bench-console-'));
  const sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  const config = parseConfig(
    {
      ...sandbox.config,
      logLevel: 'silent',
      stateDir: join(dir, 'state'),
      rateLimits: { default: { calls: 100_000, windowSeconds: 60, maxConcurrent: 8 }, tools: {} },
    },
    'bench',
    {},
  );
  const app = createApp(config, { log: silentLogger() });
  const http = await startHttpServer(app, { host: '127.0.0.1', port: 0, allowedHosts: [], allowedOrigins: [], maxBodyBytes: 1_000_000 });
  const base = `http://127.0.0.1:${http.port}`;
  const token = sandbox.prepared.tokens.approver ?? '';
  try {
    const id = plantChangeSet(app, options.entries);
    // Sign in as a browser would: the form's double-submit token, then the session cookie.
    const form = await fetch(`${base}/console/sign-in`);
    const pre = /sb_console_signin=([^;]+)/.exec(form.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const signed = await fetch(`${base}/console/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `sb_console_signin=${pre}` },
      body: new URLSearchParams({ _signin: pre, token }).toString(),
    });
    const session = /sb_console=([^;]+)/.exec(signed.headers.get('set-cookie') ?? '')?.[1];
    if (!session) throw new Error(`sign-in failed with HTTP ${signed.status}`);
    const page = async (path: string): Promise<number> => {
      const res = await fetch(`${base}${path}`, { headers: { cookie: `sb_console=${session}` } });
      const text = await res.text();
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
      return text.length;
    };
    const client = new Client({ name: 'bench', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }),
    );
    const tool = (name: string, args: Record<string, unknown>) => async () => {
      const r = await client.callTool({ name, arguments: args });
      if (r.isError) throw new Error(JSON.stringify(r.content));
      return r;
    };
    const inbox = await compare(
      options.rounds,
      options.perRound,
      () => page('/console'),
      tool('list_change_sets', { status: 'planned', limit: 200 }),
    );
    const changeSet = await compare(
      options.rounds,
      options.perRound,
      () => page(`/console/change-sets/${id}`),
      tool('get_change_set', { change_set_id: id, items_offset: 0, items_limit: 50 }),
    );
    const lastPage = await compare(
      options.rounds,
      options.perRound,
      () => page(`/console/change-sets/${id}?page=${Math.ceil(options.entries / 50)}`),
      tool('get_change_set', { change_set_id: id, items_offset: options.entries - 50, items_limit: 50 }),
    );
    await client.close();
    return {
      name: 'console_render',
      machine: machine(),
      entries: options.entries,
      calls: options.rounds * options.perRound,
      unit: 'ms per page over HTTP (console: HTML page; baseline: the same read as JSON through an MCP client)',
      inbox,
      changeSetFirstPage: changeSet,
      changeSetLastPage: lastPage,
      htmlBytes: { inbox: await page('/console'), changeSet: await page(`/console/change-sets/${id}`) },
    };
  } finally {
    await http.close();
    await app.close();
    await sandbox.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
