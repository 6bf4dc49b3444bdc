/**
 * MCP interruptions, with real processes and a real MCP client against the Intacct emulator slowed by its latency
 * switch: (1) an approver's approve_change_set cancelled by the client (AbortSignal, so the SDK sends
 * notifications/cancelled) in the middle of its delivery over Streamable HTTP; (2) `serve --stdio` stopped by SIGTERM
 * while an approval it serves is sending. Either way nothing is left executing, the rest stays approved, the audit log
 * verifies with the call's final row, and resume_change_set sends exactly the rest (Intacct holds each entry once).
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { sha256Hex } from '../../src/sandbox/sandbox-data.ts';
import { buildGlFixture, emulatorBatches, emulatorTotals, type GlFixture } from '../fixtures/gl-fixture.ts';
import { countXrefs, inspectState } from '../helpers/crash-state.ts';
import { BIN, runCli, startCli } from '../helpers/spawn-cli.ts';

const ENTRIES = 200;
const TOKENS = { agent: 'intr_agent_token_0123456789', approver: 'intr_approver_token_0123456789' } as const;

/** A fixture whose CLI operator is the agent (its change sets wait for an approver) and whose stdio principal is the approver. */
async function fixture(dir: string): Promise<GlFixture> {
  const fx = await buildGlFixture(dir, {
    entries: ENTRIES,
    linesPerEntry: 2,
    latencyMs: 60,
    functionsPerRequest: 10,
    seed: 5,
    logLevel: 'warn',
  });
  const raw = JSON.parse(readFileSync(fx.configPath, 'utf8')) as Record<string, unknown>;
  raw.operator = 'agent';
  raw.principals = [
    { name: 'agent', roles: ['agent'], tokenSha256: sha256Hex(TOKENS.agent) },
    { name: 'approver', roles: ['approver'], tokenSha256: sha256Hex(TOKENS.approver) },
  ];
  raw.server = { ...(raw.server as object | undefined), stdioPrincipal: 'approver' };
  writeFileSync(fx.configPath, `${JSON.stringify(raw, null, 2)}\n`);
  return fx;
}

/** The agent plans the period from the CLI; the change set waits for an approver (exit 4). */
async function planAsAgent(fx: GlFixture): Promise<number> {
  const planned = await runCli(['--config', fx.configPath, 'sync', 'gl', '--period', '2026-06', '--json']);
  expect(planned.code, planned.stderr).toBe(4);
  return (JSON.parse(planned.stdout) as { change_set_id: number }).change_set_id;
}

/** Calls `act` once a fifth of the entries are confirmed in the state store; returns a stop function. */
function whenAFifthIsSent(fx: GlFixture, act: () => void): () => void {
  const db = new Database(fx.stateDb, { readonly: true, fileMustExist: true });
  let fired = false;
  const poll = setInterval(() => {
    if (!fired && (countXrefs(db) ?? 0) >= ENTRIES / 5) {
      fired = true;
      act();
    }
  }, 15);
  return () => {
    clearInterval(poll);
    db.close();
  };
}

function lastCall(auditDb: string, action: string): { outcome: string; detail: string } | undefined {
  const audit = new Database(auditDb, { readonly: true });
  try {
    return audit
      .prepare<[string], { outcome: string; detail: string }>(
        "SELECT outcome, detail FROM audit_events WHERE kind = 'tool_call' AND action = ? ORDER BY seq DESC LIMIT 1",
      )
      .get(action);
  } finally {
    audit.close();
  }
}

/** Resumes the change set through MCP and checks Intacct then holds every entry exactly once. */
async function resumeAndCheck(client: Client, fx: GlFixture, id: number): Promise<void> {
  const resumed = (await client.callTool({ name: 'resume_change_set', arguments: { change_set_id: id } }, undefined, {
    timeout: 30_000,
  })) as CallToolResult;
  expect(resumed.isError, JSON.stringify(resumed.content)).toBeFalsy();
  expect((resumed.structuredContent as { status: string }).status).toBe('executed');
  const totals = emulatorTotals(emulatorBatches(fx.emulator, fx.referencePrefix));
  expect(totals.duplicates).toEqual([]);
  expect(totals.entries).toBe(ENTRIES);
  expect(inspectState(fx.stateDb)!.changeSets).toEqual({ executed: 1 });
}

describe('MCP interruptions in the middle of an approved delivery', () => {
  let dir: string | undefined;
  let fx: GlFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a client cancel (notifications/cancelled) stops between batches, keeps the rest approved, and get_change_set says what was sent', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagebridge-mcp-cancel-'));
    fx = await fixture(dir);
    const id = await planAsAgent(fx);
    const { child, firstLine } = await startCli(['--config', fx.configPath, 'serve', '--http', '--port', '0', '--json']);
    const { url } = JSON.parse(firstLine) as { url: string };
    const approver = new Client({ name: 'cancel-approver', version: '1.0.0' });
    await approver.connect(
      new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKENS.approver}` } } }),
    );
    try {
      const abort = new AbortController();
      const stop = whenAFifthIsSent(fx, () => abort.abort('the approver changed their mind'));
      try {
        await expect(
          approver.callTool({ name: 'approve_change_set', arguments: { change_set_id: id } }, undefined, {
            signal: abort.signal,
            timeout: 30_000,
          }),
        ).rejects.toThrow();
      } finally {
        stop();
      }
      // The server stops between batches; the protocol drops the cancelled call's answer, so the caller asks.
      let shown: { status: string; delivery: { confirmed: number; not_sent: number; unknown: number; failed: number } };
      let text = '';
      const deadline = Date.now() + 15_000;
      for (;;) {
        const r = (await approver.callTool({ name: 'get_change_set', arguments: { change_set_id: id, items_limit: 0 } })) as CallToolResult;
        shown = r.structuredContent as typeof shown;
        text = (r.content as { text: string }[])[0]!.text;
        if (shown.status !== 'executing' || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(shown.status).toBe('approved');
      const sent = emulatorTotals(emulatorBatches(fx.emulator, fx.referencePrefix)).entries;
      expect(sent).toBeGreaterThan(0);
      expect(sent).toBeLessThan(ENTRIES);
      expect(shown.delivery).toEqual({ confirmed: sent, not_sent: ENTRIES - sent, unknown: 0, failed: 0 });
      expect(text).toContain(`interrupted: ${sent} sent, ${ENTRIES - sent} left approved`);
      const state = inspectState(fx.stateDb)!;
      expect(state.runs.running ?? 0).toBe(0);
      expect(state.byState.sending ?? 0).toBe(0);
      // The cancelled call still has its final audit row, and it says what was sent.
      const row = lastCall(join(fx.config.stateDir, 'audit.db'), 'approve_change_set');
      expect(row?.outcome).toBe('ok');
      await resumeAndCheck(approver, fx, id);
    } finally {
      await approver.close();
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    expect(verifyAuditLog(join(fx.config.stateDir, 'audit.db'))).toMatchObject({ ok: true });
  }, 120_000);

  it('SIGTERM of serve --stdio answers the call in flight with what was sent, then closes the audit log last', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sagebridge-stdio-stop-'));
    fx = await fixture(dir);
    const id = await planAsAgent(fx);
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, '--config', fx.configPath, 'serve', '--stdio'],
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const client = new Client({ name: 'stdio-approver', version: '1.0.0' });
    await client.connect(transport);
    const pid = transport.pid!;
    const stop = whenAFifthIsSent(fx, () => process.kill(pid, 'SIGTERM'));
    let answer: CallToolResult;
    try {
      answer = (await client.callTool({ name: 'approve_change_set', arguments: { change_set_id: id } }, undefined, {
        timeout: 30_000,
      })) as CallToolResult;
    } finally {
      stop();
    }
    await client.close();
    expect(stderr).not.toMatch(/database connection is not open/);
    expect(answer.isError, JSON.stringify(answer.content)).toBeFalsy();
    const out = answer.structuredContent as { result: { status: string; message: string } };
    expect(out.result.status).toBe('cancelled');
    const m = /cancelled: (\d+) sent, (\d+) left approved in change set (\d+)/.exec(out.result.message);
    expect(m, out.result.message).not.toBeNull();
    const sent = Number(m![1]);
    expect(Number(m![3])).toBe(id);
    expect(sent + Number(m![2])).toBe(ENTRIES);
    expect(emulatorTotals(emulatorBatches(fx.emulator, fx.referencePrefix)).entries).toBe(sent);
    expect(out.result.message).toContain(`sagebridge approvals resume ${id}`);
    const state = inspectState(fx.stateDb)!;
    expect(state.changeSets).toEqual({ approved: 1 });
    expect(state.runs.running ?? 0).toBe(0);
    const auditDb = join(fx.config.stateDir, 'audit.db');
    expect(verifyAuditLog(auditDb)).toMatchObject({ ok: true });
    expect(lastCall(auditDb, 'approve_change_set')?.outcome).toBe('ok');

    // `approvals resume ID` from the CLI sends exactly the rest under the same approval.
    const resumed = await runCli(['--config', fx.configPath, 'approvals', 'resume', String(id), '--json'], {
      SAGEBRIDGE_TOKEN: TOKENS.approver,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const totals = emulatorTotals(emulatorBatches(fx.emulator, fx.referencePrefix));
    expect(totals.duplicates).toEqual([]);
    expect(totals.entries).toBe(ENTRIES);
    expect(inspectState(fx.stateDb)!.changeSets).toEqual({ executed: 1 });
    expect(verifyAuditLog(auditDb)).toMatchObject({ ok: true });
  }, 120_000);
});
