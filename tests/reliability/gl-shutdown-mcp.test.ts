/**
 * A graceful stop in the middle of a delivery: `sagebridge serve --http` gets SIGTERM while an approver's
 * approve_change_set is sending. The approver still gets an answer saying what was sent; the audit log holds that
 * call's final row and verifies; the change set is back to approved (never left executing); and
 * `sagebridge approvals resume ID` sends the rest under the same approval, each entry once.
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { sha256Hex } from '../../src/sandbox/sandbox-data.ts';
import { buildGlFixture, emulatorBatches, emulatorTotals, type GlFixture } from '../fixtures/gl-fixture.ts';
import { countXrefs, inspectState } from '../helpers/crash-state.ts';
import { runCli, startCli } from '../helpers/spawn-cli.ts';

const ENTRIES = 300;
const TOKENS = { agent: 'stop_agent_token_0123456789', approver: 'stop_approver_token_0123456789' } as const;

async function connect(url: string, who: keyof typeof TOKENS): Promise<Client> {
  const client = new Client({ name: `stop-${who}`, version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${TOKENS[who]}` } } }),
  );
  return client;
}

describe('SIGTERM of the server in the middle of an approved delivery', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagebridge-gl-stop-'));
  let fx: GlFixture;

  beforeAll(async () => {
    fx = await buildGlFixture(dir, {
      entries: ENTRIES,
      linesPerEntry: 2,
      latencyMs: 60,
      functionsPerRequest: 10,
      seed: 7,
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

  it('answers the approver with what was sent, closes the audit log last, and leaves the rest approved for resume', async () => {
    const { child, firstLine } = await startCli(['--config', fx.configPath, 'serve', '--http', '--port', '0', '--json']);
    const { url } = JSON.parse(firstLine) as { url: string };
    const agent = await connect(url, 'agent');
    const planned = (await agent.callTool({ name: 'post_journal_entries', arguments: { period: '2026-06' } })) as CallToolResult;
    const changeSetId = (planned.structuredContent as { change_set_id: number }).change_set_id;
    await agent.close();

    // SIGTERM once a fifth of the entries are confirmed.
    const db = new Database(fx.stateDb, { readonly: true, fileMustExist: true });
    let signalled = false; // one SIGTERM: a second one is the operator insisting, and stops at once
    const poll = setInterval(() => {
      if (!signalled && (countXrefs(db) ?? 0) >= ENTRIES / 5) signalled = child.kill('SIGTERM');
    }, 15);
    const approver = await connect(url, 'approver');
    let answer: CallToolResult;
    try {
      answer = (await approver.callTool({ name: 'approve_change_set', arguments: { change_set_id: changeSetId } }, undefined, {
        timeout: 30_000,
      })) as CallToolResult;
    } finally {
      clearInterval(poll);
      db.close();
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);

    // The approver was answered: the approval stands, the execution was cut short and says what it sent.
    expect(answer.isError, JSON.stringify(answer.content)).toBeFalsy();
    const out = answer.structuredContent as {
      status: string;
      result: { status: string; written: number; not_sent: number; message: string };
    };
    expect(out.result.status).toBe('cancelled');
    expect(out.result.written).toBeGreaterThan(0);
    expect(out.result.written).toBeLessThan(ENTRIES);
    expect(out.result.not_sent).toBeGreaterThan(0);

    // Nothing left executing; the rest stays approved; the audit log closed after the call's last row.
    const state = inspectState(fx.stateDb)!;
    expect(state.changeSets).toEqual({ approved: 1 });
    expect(state.runs.running ?? 0).toBe(0);
    const auditDb = join(fx.config.stateDir, 'audit.db');
    expect(verifyAuditLog(auditDb)).toMatchObject({ ok: true });
    const audit = new Database(auditDb, { readonly: true });
    const last = audit
      .prepare<[], { action: string; outcome: string }>(
        "SELECT action, outcome FROM audit_events WHERE kind = 'tool_call' ORDER BY seq DESC LIMIT 1",
      )
      .get();
    audit.close();
    expect(last).toEqual({ action: 'approve_change_set', outcome: 'ok' });

    // The approver resumes it from the CLI: no new approval, each entry exactly once.
    const resumed = await runCli(['--config', fx.configPath, 'approvals', 'resume', String(changeSetId), '--json'], {
      SAGEBRIDGE_TOKEN: TOKENS.approver,
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { status: string }).status).toBe('executed');
    const totals = emulatorTotals(emulatorBatches(fx.emulator, fx.referencePrefix));
    expect(totals.duplicates).toEqual([]);
    expect(totals.entries).toBe(ENTRIES);
    expect(inspectState(fx.stateDb)!.changeSets).toEqual({ executed: 1 });
    // Resuming is single-purpose: an executed change set has nothing left and is refused (exit 5).
    const again = await runCli(['--config', fx.configPath, 'approvals', 'resume', String(changeSetId)], {
      SAGEBRIDGE_TOKEN: TOKENS.approver,
    });
    expect(again.code).toBe(5);
    expect(again.stderr).toMatch(/approval_not_pending: change set \d+ is executed/);
  }, 90_000);
});
