import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, runCli, startCli } from '../helpers/spawn-cli.ts';

// One sandbox served by `npm start` (serve --http), and everything else a user starts beside it.
let dir: string;
let owner: ChildProcess;
let ready: { url: string; config: string; intacct: { endpoint: string } };
let configText: string;
let configMtime: number;

async function stop(child: ChildProcess): Promise<string> {
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return `${code}/${signal}`;
}

const unchanged = (): void => {
  expect(readFileSync(ready.config, 'utf8')).toBe(configText);
  expect(statSync(ready.config).mtimeMs).toBe(configMtime);
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sb-owner-'));
  const started = await startCli(['serve', '--http', '--port', '0', '--json', '--data', dir], { env: { SAGEBRIDGE_CONFIG: '' } });
  owner = started.child;
  ready = JSON.parse(started.firstLine) as typeof ready;
  configText = readFileSync(ready.config, 'utf8');
  configMtime = statSync(ready.config).mtimeMs;
});
afterAll(async () => {
  expect(await stop(owner)).toBe('0/null');
});

describe('a sandbox served by one process', () => {
  it('a second serve --http on the taken port fails in one line and leaves the config alone', async () => {
    const port = new URL(ready.url).port;
    const run = await runCli(['serve', '--http', '--port', port, '--data', dir], { SAGEBRIDGE_CONFIG: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`port ${port} is in use`));
    unchanged();
  });

  it('sagebridge sandbox on the same folder is refused, naming the owner', async () => {
    const run = await runCli(['sandbox', '--data', dir], { SAGEBRIDGE_CONFIG: '' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`is served by another sagebridge process (pid ${owner.pid})`);
    unchanged();
  });

  it('a client that spawns serve --stdio from another folder, with SAGEBRIDGE_DATA, works on the same sandbox and leaves it working', async () => {
    const client = new Client({ name: 'spawning-client', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, 'serve', '--stdio'],
      cwd: mkdtempSync(join(tmpdir(), 'sb-elsewhere-')),
      env: { ...(process.env as Record<string, string>), SAGEBRIDGE_CONFIG: '', SAGEBRIDGE_DATA: dir },
      stderr: 'pipe',
    });
    await client.connect(transport);
    const checked = (await client.callTool({ name: 'check_connections', arguments: {} })) as CallToolResult;
    expect(checked.isError).toBeFalsy();
    expect((checked.structuredContent as { ok: boolean }).ok).toBe(true); // both of the owner's emulators answered
    await client.close();
    unchanged();
    // The README's CLI commands still reach the running emulators after the spawned server ended.
    const dry = await runCli(['--config', ready.config, 'sync', 'gl', '--period', '2026-03', '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    // 2026-03 plans 77 journal entries once AP, AR and PM are left to their own pipelines.
    expect((JSON.parse(dry.stdout) as { planned: number }).planned).toBeGreaterThan(50);
  });
});
