import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/spawn-cli.ts';

describe('sagebridge CLI', () => {
  it('prints help with the emulate command and exits 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('emulate intacct');
  });

  it('answers --help for every command and subcommand with exit 0', async () => {
    const commands = [
      ['approvals', 'approve'],
      ['approvals', 'list'],
      ['exceptions', 'resolve'],
      ['exceptions', 'list'],
      ['mappings', 'validate'],
      ['audit', 'verify'],
      ['sync'],
      ['sync', 'ar'],
      ['reconcile'],
      ['serve'],
    ];
    const runs = await Promise.all(commands.map((words) => runCli([...words, '--help'])));
    for (const [i, run] of runs.entries()) {
      expect(run.code, commands[i]!.join(' ')).toBe(0);
      expect(run.stdout, commands[i]!.join(' ')).toMatch(/^Usage: sagebridge /);
    }
  }, 120_000); // ten cold starts of the bin at once: about 1 minute on a loaded 2-core machine

  it('names the unknown flag and exits 2', async () => {
    const run = await runCli(['emulate', 'intacct', '--prot', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--prot');
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('rejects a bad config with every bad field named in one message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'logLevel: loud\nintacct:\n  companies:\n    - key: main\n      endpoint: nope\n');
    const run = await runCli(['--config', file, 'emulate', 'intacct', '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('logLevel');
    expect(run.stderr).toContain('intacct.companies[0].endpoint');
    expect(run.stderr).toContain('intacct.companies[0].senderId');
  });

  it('reads the config path from SAGEBRIDGE_CONFIG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{"stateDir": 5}');
    const run = await runCli(['emulate', 'intacct'], { SAGEBRIDGE_CONFIG: file });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('stateDir');
  });

  it('starts the Intacct emulator, prints one JSON ready line, and stops on SIGTERM', async () => {
    const { child, firstLine } = await startCli(['emulate', 'intacct', '--port', '0', '--json']);
    const ready = JSON.parse(firstLine) as Record<string, unknown>;
    expect(ready.ready).toBe(true);
    expect(ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ia\/xml\/xmlgw\.phtml$/);
    for (const key of ['senderId', 'senderPassword', 'companyId', 'userId', 'userPassword']) {
      expect(typeof ready[key]).toBe('string');
    }
    const res = await fetch(String(ready.endpoint), { method: 'POST', body: '<request>', headers: { 'content-type': 'application/xml' } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('XL03000003');
    child.removeAllListeners('exit');
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
