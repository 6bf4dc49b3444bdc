import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIntacctClient } from '../../src/connectors/intacct/index.ts';
import { createSage300Reader, createSqliteBackend } from '../../src/connectors/sage300/index.ts';
import { loadConfigFile } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { runCli, startCli } from '../helpers/spawn-cli.ts';

async function stop(child: ChildProcess): Promise<string> {
  child.removeAllListeners('exit');
  child.kill('SIGTERM');
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return `${code}/${signal}`;
}

describe('sagebridge emulate sage300', () => {
  it('serves a freshly seeded demo company with Basic auth and stops on SIGTERM', async () => {
    const { child, firstLine } = await startCli(['emulate', 'sage300', '--port', '0', '--json']);
    const ready = JSON.parse(firstLine) as {
      ready: boolean;
      baseUrl: string;
      company: string;
      user: string;
      password: string;
      database: string;
    };
    expect(ready.ready).toBe(true);
    expect(ready.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/Sage300WebApi\/v1\.0\/-\/SAMINC$/);
    expect(existsSync(ready.database)).toBe(true);
    const auth = `Basic ${Buffer.from(`${ready.user}:${ready.password}`).toString('base64')}`;
    const ok = await fetch(`${ready.baseUrl}/AP/APVendors?$top=2`, {
      headers: { authorization: auth, 'content-type': 'application/json' },
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { value: unknown[] }).value).toHaveLength(2);
    const denied = await fetch(`${ready.baseUrl}/AP/APVendors`, { headers: { 'content-type': 'application/json' } });
    expect(denied.status).toBe(401);
    expect(await stop(child)).toBe('0/null');
  });

  it('rejects a bad company id with a one-line usage error', async () => {
    const run = await runCli(['emulate', 'sage300', '--company', 'TOO-LONG-ID']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('--company');
  });
});

describe('sagebridge sandbox', () => {
  it('seeds both companies once, serves them, and writes a config other code can use unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-sandbox-'));
    const first = await startCli(['sandbox', '--data', dir, '--json']);
    const ready = JSON.parse(first.firstLine) as {
      ready: boolean;
      config: string;
      intacct: { endpoint: string };
      sage300: { baseUrl: string; database: string };
    };
    expect(ready.ready).toBe(true);
    const config = loadConfigFile(ready.config, {});
    expect(config.intacct.companies[0]!.endpoint).toBe(ready.intacct.endpoint);
    expect(config.principals.map((p) => p.name).sort()).toEqual(['agent', 'analyst', 'approver', 'approver2', 'auditor']);
    expect(JSON.stringify(config)).not.toMatch(/sbx_/); // tokens are stored hashed only

    const s300 = config.sage300.companies[0]!;
    const intacct = createIntacctClient(
      { ...config.intacct.companies[0]!, ...(s300.intacctEntityId ? { entityId: s300.intacctEntityId } : {}) },
      { log: silentLogger() },
    );
    const vendors = await intacct.readAll('VENDOR', '', { fields: ['VENDORID'] });
    await intacct.close();
    expect(vendors.ok && vendors.value.length).toBeGreaterThan(40);

    if (s300.sql.backend !== 'sqlite') throw new Error('sandbox config should use the sqlite backend');
    const reader = createSage300Reader(createSqliteBackend(s300.sql.path, { readonly: true }), {
      log: silentLogger(),
      companyId: s300.companyId,
    });
    let count = 0;
    for await (const v of reader.ap.vendors()) if (v.ok) count++;
    await reader.close();
    // 50 generated vendors, the planted hostile-named one (sage300-console-plants.ts) and the EUR one (sage300-fx-ap.ts).
    expect(count).toBe(52);
    const mtime = statSync(ready.sage300.database).mtimeMs;
    expect(await stop(first.child), first.stderr()).toBe('0/null');

    // A second start reuses the data; asking for another scale needs --reset.
    const second = await startCli(['sandbox', '--data', dir, '--json']);
    expect(statSync(ready.sage300.database).mtimeMs).toBe(mtime);
    expect(await stop(second.child), second.stderr()).toBe('0/null');
    const rescale = await runCli(['sandbox', '--data', dir, '--scale', '2', '--json']);
    expect(rescale.code).toBe(2);
    expect(rescale.stderr).toContain('--reset');
  });
});
