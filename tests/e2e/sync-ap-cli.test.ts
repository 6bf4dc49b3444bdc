import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let dir: string;
let configPath: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-sync-ap-cli-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ ...sandbox.config, logLevel: 'silent', stateDir: join(dir, 'state') }));
});
afterAll(async () => {
  await sandbox.stop();
});

const bills = (): number => (sandbox.intacct.db.prepare("SELECT COUNT(*) n FROM records WHERE object = 'APBILL'").get() as { n: number }).n;

describe('sagebridge sync ap at the command line', () => {
  it.each([
    [['--period', '2026-3'], /--period: expected a fiscal period as YYYY-MM/],
    [['--period', '2026-03', '--from', '2026-03-01'], /exactly one of/],
  ])('rejects %j with one line, exit 2, and writes nothing', async (flags, message) => {
    const run = await runCli(['--config', configPath, 'sync', 'ap', ...flags, '--yes']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('previews, then creates the bills once with --yes (exit 3: missing vendors queued), and a re-run writes nothing', async () => {
    const before = bills();
    const dry = await runCli(['--config', configPath, 'sync', 'ap', '--period', '2026-01', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const preview = JSON.parse(dry.stdout) as { status: string; planned: number };
    expect(preview.status).toBe('dry_run');
    expect(bills()).toBe(before);

    const run = await runCli(['--config', configPath, 'sync', 'ap', '--period', '2026-01', '--yes', '--json']);
    const summary = JSON.parse(run.stdout) as { status: string; written: number; exceptions: number };
    expect(summary.written).toBe(preview.planned);
    expect(run.code).toBe(summary.exceptions > 0 ? 3 : 0);
    expect(bills()).toBe(before + summary.written);

    const again = await runCli(['--config', configPath, 'sync', 'ap', '--period', '2026-01', '--yes', '--json']);
    expect((JSON.parse(again.stdout) as { written: number }).written).toBe(0);
    expect(bills()).toBe(before + summary.written);

    const audit = new Database(join(dir, 'state', 'audit.db'), { readonly: true });
    const calls = audit
      .prepare(
        "SELECT COUNT(*) n FROM audit_events WHERE kind = 'tool_call' AND action = 'replicate_ap_invoices' AND json_extract(detail, '$.via') = 'cli'",
      )
      .get() as { n: number };
    audit.close();
    expect(calls.n).toBe(6);
    expect(verifyAuditLog(join(dir, 'state', 'audit.db')).ok).toBe(true);
  });

  it('prints its help', async () => {
    const run = await runCli(['sync', 'ap', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Usage: sagebridge sync ap');
  });
});
