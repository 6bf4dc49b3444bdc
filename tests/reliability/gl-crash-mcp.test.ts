/**
 * The random-SIGKILL crash test through the MCP approve path: a real `sagebridge serve --http` process, an agent
 * that plans a GL change set needing approval, and an approver who calls approve_change_set. The server is SIGKILLed
 * at seeded random points of the delivery and restarted; each restart recovers what the killed process left (the
 * change set back to approved, its run interrupted), and the agent's repeated call resumes the same change set.
 * Afterwards every entry is in Intacct exactly once, no change set is executing, no run is running, and the item
 * table holds one copy of the plan. The CLI twin of this test is tests/reliability/gl-crash.test.ts.
 */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sandbox/intacct-emulator/faults.ts';
import { sha256Hex } from '../../src/sandbox/sandbox-data.ts';
import { buildGlFixture, emulatorBatches, emulatorTotals, sameAmount, type GlFixture } from '../fixtures/gl-fixture.ts';
import { countXrefs, inspectState } from '../helpers/crash-state.ts';
import { startCli } from '../helpers/spawn-cli.ts';

const ENTRIES = 600;
const KILLS = 4;
const SEED = 0x4d43505f;
const TOKENS = { agent: 'crash_agent_token_0123456789', approver: 'crash_approver_token_0123456789' } as const;

interface Server {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly stderr: () => string;
}

async function startServer(fx: GlFixture): Promise<Server> {
  const { child, firstLine, stderr } = await startCli(['--config', fx.configPath, 'serve', '--http', '--port', '0', '--json']);
  const ready = JSON.parse(firstLine) as { ready: boolean; url: string };
  if (!ready.ready) throw new Error(`server not ready: ${firstLine}`);
  return { child, url: ready.url, stderr };
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  await once(server.child, 'exit');
}

async function connect(server: Server, who: keyof typeof TOKENS): Promise<Client> {
  const client = new Client({ name: `crash-${who}`, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${TOKENS[who]}` } } }),
  );
  return client;
}

/**
 * One tool call as `who`, returning its structured content, or the error. A killed server drops the call: the
 * client would only notice at its request timeout, so the call is aborted as soon as the server process exits.
 */
async function callAs(
  server: Server,
  who: keyof typeof TOKENS,
  name: string,
  args: Record<string, unknown>,
): Promise<{ ok: true; out: Record<string, unknown> } | { ok: false; error: string }> {
  let client: Client | undefined;
  const abort = new AbortController();
  const onExit = (): void => abort.abort(new Error('server exited'));
  server.child.once('exit', onExit);
  try {
    client = await connect(server, who);
    const result = (await client.callTool({ name, arguments: args }, undefined, {
      timeout: 60_000,
      signal: abort.signal,
    })) as CallToolResult;
    if (result.isError) return { ok: false, error: JSON.stringify(result.content) };
    return { ok: true, out: result.structuredContent as Record<string, unknown> };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    server.child.off('exit', onExit);
    await client?.close().catch(() => undefined);
  }
}

/**
 * Runs `call` against the server and SIGKILLs the server once the state store holds `xrefs` GLBATCH
 * cross-references (polled read-only), plus a jitter: a kill in the middle of the delivery.
 */
async function killDuring(
  fx: GlFixture,
  server: Server,
  at: { xrefs: number; jitterMs: number },
  call: () => Promise<unknown>,
): Promise<{ killed: boolean; xrefs: number }> {
  const db = new Database(fx.stateDb, { readonly: true, fileMustExist: true });
  let timer: NodeJS.Timeout | undefined;
  const poll = setInterval(() => {
    const n = countXrefs(db);
    if (n !== undefined && n >= at.xrefs && !timer) timer = setTimeout(() => server.child.kill('SIGKILL'), at.jitterMs);
  }, 15);
  try {
    await call();
    if (server.child.exitCode === null && server.child.signalCode === null) {
      // The call returned first: make sure a pending kill is not lost, and wait for it, so each round is one kill.
      if (timer) await once(server.child, 'exit');
    } else if (server.child.signalCode === null) await once(server.child, 'exit');
    return { killed: server.child.signalCode === 'SIGKILL', xrefs: countXrefs(db) ?? 0 };
  } finally {
    clearInterval(poll);
    db.close();
  }
}

describe('GL sync under SIGKILL through the MCP approve path (sagebridge serve)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagebridge-gl-crash-mcp-'));
  let fx: GlFixture;

  beforeAll(async () => {
    // Small requests at 40 ms each, two at a time: the delivery of 600 entries spans a couple of seconds.
    fx = await buildGlFixture(dir, {
      entries: ENTRIES,
      linesPerEntry: 2,
      latencyMs: 40,
      functionsPerRequest: 10,
      seed: SEED,
      logLevel: 'warn',
    });
    const raw = JSON.parse(readFileSync(fx.configPath, 'utf8')) as Record<string, unknown>;
    raw.principals = [
      { name: 'agent', roles: ['agent'], tokenSha256: sha256Hex(TOKENS.agent) },
      { name: 'approver', roles: ['approver'], tokenSha256: sha256Hex(TOKENS.approver) },
    ];
    writeFileSync(fx.configPath, `${JSON.stringify(raw, null, 2)}\n`);
  });
  afterAll(async () => {
    await fx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`posts all ${ENTRIES} entries exactly once across ${KILLS} SIGKILLs of the server, leaving no debris`, async () => {
    const rng = seededRandom(SEED);
    const targets = Array.from({ length: KILLS }, () => ({
      xrefs: Math.floor(ENTRIES * (0.1 + rng() * 0.65)),
      jitterMs: Math.round(rng() * 60),
    })).sort((a, b) => a.xrefs - b.xrefs);
    const log: { round: number; via: string; xrefs: number; killed: boolean }[] = [];

    let server = await startServer(fx);
    try {
      const planned = await callAs(server, 'agent', 'post_journal_entries', { period: '2026-06' });
      if (!planned.ok) throw new Error(planned.error);
      expect(planned.out).toMatchObject({ status: 'pending_approval', planned: ENTRIES });
      const changeSetId = planned.out.change_set_id as number;

      for (const [round, target] of targets.entries()) {
        // Round 0: the approver's approval executes it. Later rounds: the agent repeats its call, which resumes it.
        const via = round === 0 ? 'approve_change_set' : 'post_journal_entries';
        const call =
          round === 0
            ? () => callAs(server, 'approver', 'approve_change_set', { change_set_id: changeSetId, comment: 'month end' })
            : () => callAs(server, 'agent', 'post_journal_entries', { period: '2026-06' });
        const { killed, xrefs } = await killDuring(fx, server, target, call);
        log.push({ round, via, xrefs, killed });
        expect(killed, `round ${round} must end in a SIGKILL mid-delivery: ${JSON.stringify(log)}`).toBe(true);
        expect(xrefs, JSON.stringify(log)).toBeLessThan(ENTRIES);
        const dead = inspectState(fx.stateDb)!;
        expect(dead.integrity).toBe('ok');
        expect(dead.violations).toEqual([]);
        // What the kill leaves: the change set executing and a run running (the debris recovery must clean up).
        expect(dead.changeSets.executing, JSON.stringify(dead.changeSets)).toBe(1);
        expect(dead.runs.running ?? 0, JSON.stringify(dead.runs)).toBeGreaterThanOrEqual(1);

        server = await startServer(fx);
        const recovered = inspectState(fx.stateDb)!;
        expect(recovered.changeSets, 'recovery returned the change set to approved').toEqual({ approved: 1 });
        expect(recovered.runs.running ?? 0).toBe(0);
        expect(recovered.byState.sending ?? 0).toBe(0);
        // The log line is written asynchronously (pino to stderr); give it a moment to arrive.
        const logged = server.stderr;
        for (let waited = 0; !logged().includes('recovered after an interrupted process') && waited < 3000; waited += 50)
          await new Promise((r) => setTimeout(r, 50));
        expect(logged()).toContain('recovered after an interrupted process');
      }
      expect(new Set(log.map((l) => l.xrefs)).size, 'kills at distinct points').toBe(KILLS);

      // The agent's call resumes the change set once more and finishes the delivery; a further call has nothing to do.
      const final = await callAs(server, 'agent', 'post_journal_entries', { period: '2026-06' });
      if (!final.ok) throw new Error(final.error);
      expect(final.out).toMatchObject({ status: 'completed', change_set_id: changeSetId });
      // Its preview counts what was left to send this time, not the whole original plan.
      expect((final.out.planned as number) + (final.out.skipped as number)).toBe(ENTRIES);
      expect(final.out.skipped as number).toBeGreaterThanOrEqual(log.at(-1)!.xrefs);
      const again = await callAs(server, 'agent', 'post_journal_entries', { period: '2026-06' });
      if (!again.ok) throw new Error(again.error);
      expect(again.out).toMatchObject({ status: 'nothing_to_do', skipped: ENTRIES });
    } finally {
      await stopServer(server);
    }

    // Intacct: every entry exactly once, totals equal to the source to the cent.
    const batches = emulatorBatches(fx.emulator, fx.referencePrefix);
    const totals = emulatorTotals(batches);
    expect(totals.duplicates).toEqual([]);
    expect(totals.entries).toBe(ENTRIES);
    expect(new Set(batches.map((b) => b.reference))).toEqual(new Set(fx.expected.sourceKeys.map((k) => `S300:${k}`)));
    expect(sameAmount(totals.debitTotal, fx.expected.debitTotal), `${totals.debitTotal} vs ${fx.expected.debitTotal}`).toBe(true);

    // State: no debris, one change set, one copy of its plan, every cut-short run closed as interrupted with a reason.
    const state = inspectState(fx.stateDb)!;
    expect(state.integrity).toBe('ok');
    expect(state.violations).toEqual([]);
    expect(state.byState).toEqual({ confirmed: ENTRIES });
    expect(state.xrefs).toBe(ENTRIES);
    expect(state.changeSets).toEqual({ executed: 1 });
    expect(state.runs.running ?? 0).toBe(0);
    expect(state.runs.interrupted).toBe(KILLS);
    expect({ rows: state.itemRows, keys: state.itemKeys }).toEqual({ rows: ENTRIES, keys: ENTRIES });
    const db = new Database(fx.stateDb, { readonly: true });
    try {
      const reasons = db.prepare<[], { summary: string }>("SELECT summary FROM runs WHERE status = 'interrupted'").all();
      for (const r of reasons) expect(r.summary).toMatch(/stopped before it finished/);
    } finally {
      db.close();
    }
    console.log(`gl-crash-mcp: ${JSON.stringify(log)}; ${fx.emulator.stats().byFunction.create} create functions for ${ENTRIES} records`);
  }, 90_000);
});
