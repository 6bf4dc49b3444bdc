/**
 * GL delivery against a Sage Intacct that refuses connections (a real closed port, and a real proxy that stops
 * listening part-way). A refused connection means no byte of the request reached Intacct, so those writes are
 * certainly not sent: delivery stops, they stay approved (never `unknown`, never an exception), the CLI exits 6
 * (upstream) saying what was sent, and `approvals resume ID` later sends exactly the rest.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { sha256Hex } from '../../src/sandbox/sandbox-data.ts';
import { buildGlFixture, emulatorBatches, emulatorTotals, type GlFixture } from '../fixtures/gl-fixture.ts';
import { inspectState } from '../helpers/crash-state.ts';
import { runCli } from '../helpers/spawn-cli.ts';

const ENTRIES = 100;
const APPROVER = 'unreach_approver_token_0123456789';

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** Points the config's Intacct company at `endpoint` (operator: the agent; an approver with a token). */
function writeConfig(fx: GlFixture, endpoint: string): void {
  const raw = JSON.parse(readFileSync(fx.configPath, 'utf8')) as Record<string, unknown> & {
    intacct: { companies: Record<string, unknown>[] };
  };
  raw.operator = 'agent';
  raw.principals = [
    { name: 'agent', roles: ['agent'] },
    { name: 'approver', roles: ['approver'], tokenSha256: sha256Hex(APPROVER) },
  ];
  raw.intacct.companies = raw.intacct.companies.map((c) => ({ ...c, endpoint }));
  writeFileSync(fx.configPath, `${JSON.stringify(raw, null, 2)}\n`);
}

/**
 * An HTTP proxy to the emulator that answers `limit` requests (each on its own connection) and then stops listening,
 * so every later connection is refused: Intacct going away between two requests. The session endpoint a login
 * answers with is rewritten to the proxy, so the requests of that session come through it too.
 */
async function closingProxy(target: string, limit: number): Promise<{ url: string; server: Server }> {
  let answered = 0;
  const origin = new URL(target).origin;
  let self = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const upstream = await fetch(target, {
          method: 'POST',
          body: Buffer.concat(chunks),
          headers: { 'content-type': 'application/xml' },
        });
        const body = (await upstream.text()).replaceAll(origin, self);
        // Stop listening before the last answer leaves: the client's next connection finds the port closed.
        if (++answered === limit) server.close();
        res.writeHead(upstream.status, { 'content-type': 'application/xml', connection: 'close' });
        res.end(body);
      })();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  self = `http://127.0.0.1:${port}`;
  return { url: `${self}${new URL(target).pathname}`, server };
}

function openExceptions(stateDb: string): number {
  const db = new Database(stateDb, { readonly: true });
  try {
    return db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM exceptions WHERE status = 'open'").get()!.n;
  } finally {
    db.close();
  }
}

describe('GL execution when Sage Intacct refuses the connection', () => {
  let dir: string | undefined;
  let fx: GlFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The agent plans against the live emulator; the change set waits for the approver. */
  async function planned(): Promise<number> {
    dir = mkdtempSync(join(tmpdir(), 'sagebridge-unreachable-'));
    fx = await buildGlFixture(dir, {
      entries: ENTRIES,
      linesPerEntry: 2,
      functionsPerRequest: 10,
      maxConcurrent: 1,
      // Short backoff: a refused connection is retried (it may be a restart) before delivery stops.
      retry: { maxRetries: 2, baseDelayMs: 20, maxDelayMs: 100 },
      seed: 3,
      logLevel: 'warn',
    });
    writeConfig(fx, fx.emulator.endpoint);
    const plan = await runCli(['--config', fx.configPath, 'sync', 'gl', '--period', '2026-06', '--json']);
    expect(plan.code, plan.stderr).toBe(4);
    return (JSON.parse(plan.stdout) as { change_set_id: number }).change_set_id;
  }

  /** After a refused delivery: exit 6 with what was sent; the rest approved, nothing unknown, no exception; resume sends the rest once. */
  async function checkStoppedThenResume(id: number, run: { code: number | null; stderr: string }): Promise<void> {
    const f = fx!;
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.code, run.stderr).toBe(6);
    const m = /upstream_unavailable: .*ECONNREFUSED.*stopped: (\d+) sent, (\d+) left approved in change set (\d+)/.exec(run.stderr);
    expect(m, run.stderr).not.toBeNull();
    const [sent, left] = [Number(m![1]), Number(m![2])];
    expect(Number(m![3])).toBe(id);
    expect(run.stderr).toContain(`sagebridge approvals resume ${id}`);
    expect(sent + left).toBe(ENTRIES);
    expect(emulatorTotals(emulatorBatches(f.emulator, f.referencePrefix)).entries).toBe(sent);
    const state = inspectState(f.stateDb)!;
    expect(state.changeSets).toEqual({ approved: 1 });
    expect(state.runs.running ?? 0).toBe(0);
    expect(state.byState.unknown ?? 0).toBe(0);
    expect(state.byState.sending ?? 0).toBe(0);
    expect(state.byState.failed ?? 0).toBe(0);
    expect(state.byState.approved).toBe(left);
    expect(openExceptions(f.stateDb)).toBe(0);
    expect(verifyAuditLog(join(f.config.stateDir, 'audit.db'))).toMatchObject({ ok: true });

    // Intacct is back: resume sends exactly the rest under the same approval.
    writeConfig(f, f.emulator.endpoint);
    const resumed = await runCli(['--config', f.configPath, 'approvals', 'resume', String(id), '--json'], { SAGEBRIDGE_TOKEN: APPROVER });
    expect(resumed.code, resumed.stderr).toBe(0);
    const totals = emulatorTotals(emulatorBatches(f.emulator, f.referencePrefix));
    expect(totals.duplicates).toEqual([]);
    expect(totals.entries).toBe(ENTRIES);
    expect(inspectState(f.stateDb)!.changeSets).toEqual({ executed: 1 });
  }

  it('refused from the first request: exit 6, 0 sent, every entry still approved, then resumed', async () => {
    const id = await planned();
    writeConfig(fx!, `http://127.0.0.1:${await closedPort()}/ia/xml/xmlgw.phtml`);
    const run = await runCli(['--config', fx!.configPath, 'approvals', 'approve', String(id)], { SAGEBRIDGE_TOKEN: APPROVER });
    await checkStoppedThenResume(id, run);
    expect(run.stderr).toMatch(/stopped: 0 sent, 100 left approved/);
  }, 120_000);

  it('refused part-way: what was answered stays confirmed, the rest approved, then resumed', async () => {
    const id = await planned();
    const proxy = await closingProxy(fx!.emulator.endpoint, 4); // the login and three requests of ten entries
    try {
      writeConfig(fx!, proxy.url);
      const run = await runCli(['--config', fx!.configPath, 'approvals', 'approve', String(id)], { SAGEBRIDGE_TOKEN: APPROVER });
      await checkStoppedThenResume(id, run);
      expect(run.stderr).toMatch(/stopped: 30 sent, 70 left approved/);
    } finally {
      proxy.server.close();
    }
  }, 120_000);
});
