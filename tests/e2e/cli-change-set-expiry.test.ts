/**
 * A change set created by the CLI expires like one created over MCP: past its approval window it can be neither
 * approved nor resumed, both say it expired, and the same request plans a new one.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let dir: string;
let configPath: string;
let stateDir: string;
let approverToken: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-cli-pending-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  stateDir = join(dir, 'state');
  configPath = join(dir, 'config.json');
  // The CLI acts as the agent: every write waits for an approver.
  writeFileSync(configPath, JSON.stringify({ ...sandbox.config, operator: 'agent', logLevel: 'silent', stateDir }));
  const tokens = JSON.parse(readFileSync(sandbox.prepared.paths.principals, 'utf8')) as Record<string, string>;
  approverToken = tokens.approver!;
}, 120_000);
afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

type Pending = { status: string; change_set_id: number | null };

describe('a CLI change set past its approval window', () => {
  it('cannot be approved or resumed, says it expired, and a new request plans a new one', async () => {
    const planned = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2026-04', '--json']);
    expect(planned.code, planned.stderr).toBe(4);
    const out = JSON.parse(planned.stdout) as Pending & { expires_at: string | null };
    const id = out.change_set_id!;
    // Created by the CLI with the configured window (approvals.expiresAfterMinutes, 1440 by default).
    const expiresAt = Date.parse(out.expires_at ?? '');
    expect(expiresAt - Date.now()).toBeGreaterThan(1430 * 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(1440 * 60_000);
    // The window passes (the stored deadline moved into the past, as a day going by would leave it).
    const db = new Database(join(stateDir, 'state.db'));
    db.prepare('UPDATE change_sets SET expires_at = ? WHERE id = ?').run(new Date(Date.now() - 60_000).toISOString(), id);
    db.close();

    const resume = await runCli(['--config', configPath, 'approvals', 'resume', String(id)], { SAGEBRIDGE_TOKEN: approverToken });
    expect(resume.code).toBe(5);
    expect(resume.stderr).toMatch(new RegExp(`approval_expired: change set ${id} expired at`));
    const approve = await runCli(['--config', configPath, 'approvals', 'approve', String(id)], { SAGEBRIDGE_TOKEN: approverToken });
    expect(approve.code).toBe(5);
    expect(approve.stderr).toMatch(new RegExp(`approval_expired: change set ${id} expired at`));
    const shown = await runCli(['--config', configPath, 'approvals', 'show', String(id), '--json']);
    expect((JSON.parse(shown.stdout) as { status: string }).status).toBe('expired');

    const again = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2026-04', '--json']);
    expect(again.code, again.stderr).toBe(4);
    expect((JSON.parse(again.stdout) as Pending).change_set_id).not.toBe(id);
  }, 120_000);
});
