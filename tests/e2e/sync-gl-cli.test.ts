import { cpSync, existsSync, mkdtempSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let dir: string;
let configPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-sync-cli-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  // A state folder of its own, so "writes nothing" can be checked by its absence.
  configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ ...sandbox.config, stateDir: join(dir, 'state') }));
});
afterAll(async () => {
  await sandbox.stop();
});

describe('sagebridge sync gl at the command line', () => {
  it.each([
    [['--period', '2026-3'], /--period: expected a fiscal period as YYYY-MM/],
    [['--from', '2026-02-30', '--to', '2026-03-01'], /--from: expected a real date/],
    [['--period', '2026-03', '--incremental'], /exactly one of/],
  ])('rejects %j with one line, exit 2, and writes nothing', async (flags, message) => {
    const run = await runCli(['--config', configPath, 'sync', 'gl', ...flags, '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('refuses to run without a configuration', async () => {
    const run = await runCli(['sync', 'gl', '--period', '2026-03', '--yes'], { SAGEBRIDGE_CONFIG: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no configuration: pass --config FILE/);
  });

  it('rejects an invalid configuration in one line naming the fields', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ ...sandbox.config, stateDir: join(dir, 'state'), operator: '', sage300: { companies: [{ key: 'X' }] } }),
    );
    const run = await runCli(['--config', bad, 'sync', 'gl', '--period', '2026-03', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('operator');
    expect(run.stderr).toContain('sage300.companies[0].companyId');
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('refuses a period outside the fiscal calendar through the governor: exit 2, one line, nothing posted, the refusal audited', async () => {
    const before = sandbox.intacct.counts().GLBATCH;
    const run = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2025-03', '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/invalid_arguments: --period: 2025-03 is not an open fiscal period/);
    expect(sandbox.intacct.counts().GLBATCH).toBe(before);
    const audit = new Database(join(dir, 'state', 'audit.db'), { readonly: true });
    const last = audit.prepare('SELECT principal, action, outcome, detail FROM audit_events ORDER BY seq DESC LIMIT 1').get() as {
      principal: string;
      action: string;
      outcome: string;
      detail: string;
    };
    audit.close();
    expect(last).toMatchObject({ principal: 'analyst', action: 'post_journal_entries', outcome: 'error:invalid_arguments' });
    expect(JSON.parse(last.detail)).toMatchObject({ via: 'cli' });
  });

  it('waits for approval when not confirmed and nobody is at a terminal', async () => {
    const before = sandbox.intacct.counts().GLBATCH;
    const run = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2026-04', '--json']);
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'pending_approval', written: 0 });
    expect(run.stderr).toContain('--yes');
    expect(sandbox.intacct.counts().GLBATCH).toBe(before);
  });

  it('posts with --yes and prints one JSON summary', async () => {
    const run = await runCli(['--config', configPath, 'sync', 'gl', '--period', '2026-04', '--yes', '--json']);
    expect(run.code).toBe(3); // the demo's planted unmapped accounts leave exceptions
    const summary = JSON.parse(run.stdout) as Record<string, unknown>;
    for (const key of ['planned', 'written', 'skipped', 'exceptions', 'api_requests', 'totals_by_currency'])
      expect(summary).toHaveProperty(key);
    expect(summary.written).toBe(summary.planned);
    expect(summary.exceptions).toBe(3);
    expect(Number(summary.api_requests)).toBeGreaterThan(0);
    expect((summary.totals_by_currency as Record<string, string>).USD).toMatch(/^\d+\.\d{2}$/);

    // The operator's --yes is audited as their confirmation, and each Intacct request as an external write.
    const audit = new Database(join(dir, 'state', 'audit.db'), { readonly: true });
    const rows = audit.prepare('SELECT kind, principal, action, decision, outcome, detail FROM audit_events ORDER BY seq').all() as {
      kind: string;
      principal: string;
      action: string;
      decision: string;
      outcome: string;
      detail: string;
    }[];
    audit.close();
    const confirmed = rows.find((r) => r.kind === 'approval');
    expect(confirmed).toMatchObject({ principal: 'analyst', decision: 'confirmed' });
    expect(JSON.parse(confirmed!.detail)).toMatchObject({ note: 'confirmed by analyst at the CLI' });
    expect(rows.filter((r) => r.kind === 'external_write' && r.outcome === 'result').length).toBeGreaterThan(0);
    expect(rows.at(-1)).toMatchObject({
      kind: 'tool_call',
      principal: 'analyst',
      action: 'post_journal_entries',
      decision: 'confirmed',
      outcome: 'ok',
    });
    expect(JSON.parse(rows.at(-1)!.detail)).toMatchObject({ via: 'cli', arguments: { period: '2026-04' } });
    expect(verifyAuditLog(join(dir, 'state', 'audit.db'))).toMatchObject({ ok: true });
  });
});

describe('sagebridge mappings validate', () => {
  it('reports exactly the planted unmapped accounts and the planted unmapped PO item against both live charts', async () => {
    const run = await runCli(['--config', configPath, 'mappings', 'validate', '--as-of', '2026-06-30', '--json']);
    expect(run.code).toBe(3);
    const report = JSON.parse(run.stdout) as { ok: boolean; errors: { code: string; subject: string }[] };
    const traps = sandbox.prepared.truth.sage300.traps.unmappedAccounts.map((a) => a.formatted).sort();
    const accounts = report.errors.filter((e) => e.code.startsWith('account_'));
    expect(accounts.map((e) => e.code)).toEqual(['account_unmapped', 'account_unmapped', 'account_unmapped']);
    expect(accounts.map((e) => e.subject).sort()).toEqual(traps);
    const others = report.errors.filter((e) => !e.code.startsWith('account_'));
    expect(others.map((e) => `${e.code} ${e.subject}`)).toEqual([
      `item_unmapped ${sandbox.prepared.truth.sage300.docTraps.unmappedItemPo.item}`,
    ]);
  });

  it('names file and line of a broken mapping row, exit 2', async () => {
    const mappings = join(dir, 'broken-mappings');
    cpSync(DEMO_MAPPINGS_DIR, mappings, { recursive: true });
    appendFileSync(join(mappings, 'accounts.csv'), 'ten,6990-ADM-EA,6900,,,,,,,\n');
    const cfg = join(dir, 'broken.json');
    writeFileSync(cfg, JSON.stringify({ ...sandbox.config, stateDir: join(dir, 'state-broken'), mappingsDir: mappings }));
    const run = await runCli(['--config', cfg, 'mappings', 'validate']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/accounts\.csv:\d+ priority/);
  });
});

describe('sagebridge exceptions', () => {
  it('lists the queue with fixes, resolves only with a reason, and marks for retry', async () => {
    const list = await runCli(['--config', configPath, 'exceptions', 'list', '--json']);
    expect(list.code).toBe(0);
    const open = JSON.parse(list.stdout) as { id: number; class: string; fix: string }[];
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((e) => e.fix.length > 0)).toBe(true);
    const id = String(open[0]!.id);
    const noReason = await runCli(['--config', configPath, 'exceptions', 'resolve', id]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    const retry = await runCli(['--config', configPath, 'exceptions', 'retry', id]);
    expect(retry.code).toBe(0);
    const resolved = await runCli(['--config', configPath, 'exceptions', 'resolve', id, '--reason', 'stays in Sage 300']);
    expect(resolved.code).toBe(0);
    const after = JSON.parse((await runCli(['--config', configPath, 'exceptions', 'list', '--status', 'resolved', '--json'])).stdout) as {
      id: number;
      resolution: string;
    }[];
    expect(after.find((e) => String(e.id) === id)?.resolution).toBe('stays in Sage 300');

    // The queue is worked through the governor: each change is a tool call of the operator, audited as such.
    const audit = new Database(join(dir, 'state', 'audit.db'), { readonly: true });
    const calls = audit
      .prepare(
        "SELECT action, principal, outcome FROM audit_events WHERE kind = 'tool_call' AND action IN ('resolve_exception', 'retry_exceptions') AND outcome <> 'started' ORDER BY seq",
      )
      .all();
    audit.close();
    expect(calls).toEqual([
      { action: 'retry_exceptions', principal: 'analyst', outcome: 'ok' },
      { action: 'resolve_exception', principal: 'analyst', outcome: 'ok' },
    ]);
  });
});
