import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { connect, ok, syncedBatches, testApp } from '../helpers/mcp-app.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let dir: string;
let configPath: string;
let app: App;

// The operator (analyst) is held to `required` for journal entries: the CLI must not post without an approver.
const approvals = {
  expiresAfterMinutes: 60,
  defaults: { agent: 'required', analyst: 'confirm' },
  tools: { post_journal_entries: { analyst: 'required' } },
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-cli-door-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  const raw = { ...sandbox.config, logLevel: 'silent', stateDir: join(dir, 'state'), approvals };
  configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify(raw));
  // The MCP side of the same deployment: same state and audit log as the CLI process.
  app = testApp(parseConfig(raw, 'test', {}));
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

interface AuditRow {
  kind: string;
  principal: string;
  action: string;
  decision: string;
  outcome: string;
  change_set_id: number | null | undefined;
  detail: Record<string, unknown>;
}
const toolCalls = (): AuditRow[] =>
  app.audit
    .query({})
    .filter((r) => r.kind === 'tool_call')
    .map((r) => ({
      kind: r.kind,
      principal: r.principal,
      action: r.action,
      decision: r.decision,
      outcome: r.outcome,
      change_set_id: r.changeSetId,
      detail: r.detail as Record<string, unknown>,
    }));

describe('the CLI is a door of the governor, not a second one', () => {
  it('posts nothing with --yes when the operator’s policy needs an approver (exit 4); an approver approves through MCP', async () => {
    const before = syncedBatches(sandbox);
    const run = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2026-03', '--yes', '--json']);
    expect(run.code).toBe(4);
    const out = JSON.parse(run.stdout) as { status: string; change_set_id: number; digest: string; planned: number; policy: string };
    expect(out.status).toBe('pending_approval');
    expect(out.policy).toBe('approvals.tools.post_journal_entries.analyst');
    expect(syncedBatches(sandbox)).toBe(before);

    const approver = await connect(app, 'approver');
    const approved = await ok(approver, 'approve_change_set', { change_set_id: out.change_set_id, digest: out.digest });
    expect(approved.status).toBe('executed');
    expect(syncedBatches(sandbox)).toBe(before + out.planned);

    // The same shape of record whichever door the call came through.
    const rows = toolCalls();
    const cli = rows.find((r) => r.detail.via === 'cli' && r.action === 'post_journal_entries' && r.outcome === 'ok');
    const mcp = rows.find((r) => r.detail.via === 'memory' && r.action === 'approve_change_set' && r.outcome === 'ok');
    expect(cli).toMatchObject({ principal: 'analyst', decision: 'pending_approval', change_set_id: out.change_set_id });
    expect(mcp).toMatchObject({ principal: 'approver', change_set_id: out.change_set_id });
    expect(Object.keys(cli!).sort()).toEqual(Object.keys(mcp!).sort());
    expect(Object.keys(cli!.detail).sort()).toEqual(Object.keys(mcp!.detail).sort());
  });

  it("never runs an agent's pending change set from the CLI, however the operator answers", async () => {
    const before = syncedBatches(sandbox);
    const agent = await connect(app, 'agent');
    const planned = await ok(agent, 'post_journal_entries', { period: '2026-06' });
    expect(planned.status).toBe('pending_approval');
    const run = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2026-06', '--yes', '--json']);
    expect(run.code).toBe(4);
    expect((JSON.parse(run.stdout) as { change_set_id: number }).change_set_id).toBe(planned.change_set_id);
    expect(syncedBatches(sandbox)).toBe(before);
    expect(app.store.changeSets.get(Number(planned.change_set_id))?.requesters).toEqual(['agent', 'analyst']);
  });

  it('offers every write tool as a command generated from the registry', async () => {
    const help = await runCli(['sync', '--help']);
    expect(help.code).toBe(0);
    for (const name of ['gl', 'ap', 'ar', 'po', 'projects', 'vendors', 'customers']) expect(help.stdout).toContain(`sync ${name}`);
    const po = await runCli(['sync', 'po', '--help']);
    expect(po.code).toBe(0);
    expect(po.stdout).toContain('Usage: sagebridge sync po');
    expect(po.stdout).toContain('--dry-run');
  });

  it('draws the operator’s call budget from the deployment, not from each CLI process', async () => {
    const limited = join(dir, 'limited.json');
    const rateLimits = {
      default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 },
      tools: { sync_purchase_orders: { calls: 1, windowSeconds: 3600, maxConcurrent: 1 } },
    };
    writeFileSync(
      limited,
      JSON.stringify({ ...sandbox.config, logLevel: 'silent', stateDir: join(dir, 'state-limited'), approvals, rateLimits }),
    );
    const first = await runCli(['--config', limited, 'sync', 'po', '--dry-run', '--json']);
    expect(first.code).toBe(0);
    const second = await runCli(['--config', limited, 'sync', 'po', '--dry-run', '--json']);
    expect(second.code).toBe(7);
    expect(second.stderr).toMatch(/rate_limited: analyst has used all 1 calls of sync_purchase_orders/);
  });
});
