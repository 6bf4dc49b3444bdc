import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { runCli } from '../helpers/spawn-cli.ts';

let sandbox: Sandbox;
let configPath: string;

/** A loopback port nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-cli-unreachable-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  const config = sandbox.config as { intacct: { companies: Record<string, unknown>[] } };
  const port = await closedPort();
  const intacct = { companies: config.intacct.companies.map((c) => ({ ...c, endpoint: `http://127.0.0.1:${port}/ia/xml/xmlgw.phtml` })) };
  configPath = join(dir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ ...sandbox.config, intacct, logLevel: 'silent', stateDir: join(dir, 'state') }));
});
afterAll(async () => {
  await sandbox.stop();
});

describe.concurrent('every command when Sage Intacct does not answer', () => {
  it.each([
    ['sync', 'ap', '--period', '2026-02', '--yes'],
    ['sync', 'ar', '--period', '2026-02', '--yes'],
    ['sync', 'vendors', '--yes'],
    ['sync', 'customers', '--yes'],
    ['sync', 'po', '--yes'],
    ['sync', 'projects', '--yes'],
    ['mappings', 'validate'],
    ['reconcile', '--period', '2026-02'],
  ])('%s %s exits "upstream" (6) with one line naming Intacct, no stack trace', async (...args) => {
    const run = await runCli(['--config', configPath, ...args]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Intacct/);
    expect(run.code).toBe(6); // "an upstream system did not answer" in the exit-code table
  });
});
