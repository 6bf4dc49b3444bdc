/**
 * A one-shot `sagebridge sync gl --yes` interrupted by SIGINT (Ctrl-C) or SIGTERM in the middle of its delivery, as a
 * real process against the Intacct emulator slowed by its latency switch. The command answers with what it sent and
 * what stays approved (exit 3), the audit log holds the call's final row and verifies, nothing is left executing or
 * running, and `sagebridge approvals resume ID` sends exactly the rest (Intacct holds each entry once).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { buildGlFixture, emulatorBatches, emulatorTotals, type GlFixture } from '../fixtures/gl-fixture.ts';
import { countXrefs, inspectState } from '../helpers/crash-state.ts';
import { BIN, runCli } from '../helpers/spawn-cli.ts';

const ENTRIES = 200;

/** The last tool_call row of the audit log: the call's outcome, written before the log closed. */
function lastToolCall(auditDb: string): { action: string; outcome: string } | undefined {
  const audit = new Database(auditDb, { readonly: true });
  try {
    return audit
      .prepare<[], { action: string; outcome: string }>(
        "SELECT action, outcome FROM audit_events WHERE kind = 'tool_call' ORDER BY seq DESC LIMIT 1",
      )
      .get();
  } finally {
    audit.close();
  }
}

describe.each(['SIGINT', 'SIGTERM'] as const)('%s of a one-shot sync gl in the middle of its delivery', (sig) => {
  let dir: string | undefined;
  let fx: GlFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says what was sent and what stays approved, closes the audit log last, and resume sends exactly the rest', async () => {
    dir = mkdtempSync(join(tmpdir(), `sagebridge-interrupt-${sig}-`));
    fx = await buildGlFixture(dir, {
      entries: ENTRIES,
      linesPerEntry: 2,
      latencyMs: 60,
      functionsPerRequest: 10,
      seed: 11,
      logLevel: 'warn',
    });
    const child = spawn(process.execPath, [BIN, '--config', fx.configPath, 'sync', 'gl', '--period', '2026-06', '--yes', '--json']);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
    // One signal once a fifth of the entries are confirmed (a second one would be the operator insisting).
    let signalled = false;
    const poll = setInterval(() => {
      if (signalled) return;
      let db: Database.Database | undefined;
      try {
        db = new Database(fx!.stateDb, { readonly: true, fileMustExist: true });
        if ((countXrefs(db) ?? 0) >= ENTRIES / 5) signalled = child.kill(sig);
      } catch {
        // not created yet
      } finally {
        db?.close();
      }
    }, 15);
    const [code] = await exited;
    clearInterval(poll);
    expect(signalled).toBe(true);
    expect(stderr).not.toMatch(/database connection is not open/);
    expect(code, stderr).toBe(3);

    const out = JSON.parse(stdout.trim()) as { status: string; change_set_id: number; message: string };
    expect(out.status).toBe('cancelled');
    const id = out.change_set_id;
    const m = /cancelled: (\d+) sent, (\d+) left approved/.exec(out.message);
    expect(m, out.message).not.toBeNull();
    const [sent, left] = [Number(m![1]), Number(m![2])];
    expect(sent).toBeGreaterThan(0);
    expect(left).toBeGreaterThan(0);
    expect(sent + left).toBe(ENTRIES);
    expect(out.message).toContain(`sagebridge approvals resume ${id}`);
    expect(out.message).toContain('resume_change_set');

    // What Intacct holds is what the answer says was sent.
    expect(emulatorTotals(emulatorBatches(fx.emulator, fx.referencePrefix)).entries).toBe(sent);
    const state = inspectState(fx.stateDb)!;
    expect(state.changeSets).toEqual({ approved: 1 });
    expect(state.runs.running ?? 0).toBe(0);
    expect(state.byState.sending ?? 0).toBe(0);
    expect(state.byState.approved).toBe(left);
    const auditDb = join(fx.config.stateDir, 'audit.db');
    expect(verifyAuditLog(auditDb)).toMatchObject({ ok: true });
    expect(lastToolCall(auditDb)).toEqual({ action: 'post_journal_entries', outcome: 'ok' });

    // Resume sends the rest under the approval it has: no new approval, each entry once.
    const resumed = await runCli(['--config', fx.configPath, 'approvals', 'resume', String(id), '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect((JSON.parse(resumed.stdout) as { status: string }).status).toBe('executed');
    const totals = emulatorTotals(emulatorBatches(fx.emulator, fx.referencePrefix));
    expect(totals.duplicates).toEqual([]);
    expect(totals.entries).toBe(ENTRIES);
    expect(inspectState(fx.stateDb)!.changeSets).toEqual({ executed: 1 });
    expect(verifyAuditLog(auditDb)).toMatchObject({ ok: true });
  }, 120_000);
});
