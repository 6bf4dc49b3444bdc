import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let configPath: string;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-streams-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  configPath = join(dir, 'config.json');
  // The configured level is info, as in the sandbox config a user gets.
  writeFileSync(configPath, JSON.stringify({ ...sandbox.config, logLevel: 'info', stateDir: join(dir, 'state') }));
});
afterAll(async () => {
  await sandbox.stop();
});

const jsonLines = (text: string): string[] => text.split('\n').filter((l) => l.startsWith('{'));

describe('what a one-shot command prints where', () => {
  it('keeps routine log lines off the terminal: stdout is the result, stderr has no info lines', async () => {
    const run = await runCli(['--config', configPath, 'sync', 'ap', '--period', '2026-02', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^dry_run: /);
    expect(jsonLines(run.stdout)).toEqual([]);
    expect(jsonLines(run.stderr).filter((l) => (JSON.parse(l) as { level: number }).level < 40)).toEqual([]);
  });

  it('prints only the structured result on stdout with --json', async () => {
    const run = await runCli(['--config', configPath, 'sync', 'ap', '--period', '2026-02', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { status: string }).status).toBe('dry_run');
  });

  it('logs at the configured level, on stderr only, with --verbose', async () => {
    const run = await runCli(['--config', configPath, '--verbose', 'sync', 'ap', '--period', '2026-02', '--dry-run', '--json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { status: string }).status).toBe('dry_run');
    const info = jsonLines(run.stderr).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(info.some((l) => l.level === 30 && l.msg === 'intacct session opened')).toBe(true);
  });
});
