/**
 * A password inside a URL (the Intacct endpoint `http://user:pw@host/...`) never leaves the process in the clear
 * (issue 17, item 5): not in log lines at debug level, not in tool results, not in the audit log.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPath, type Config } from '../../src/platform/config.ts';
import { createLogger } from '../../src/platform/logger.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import { createApp, type App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testConfig } from '../helpers/mcp-app.ts';

const PASSWORD = 'Pw-in-the-URL-7731';
let sandbox: Sandbox;
let config: Config;
let app: App;
const lines: string[] = [];

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  const intacct = (sandbox.config as { intacct: { companies: Record<string, unknown>[] } }).intacct.companies[0]!;
  const endpoint = new URL(String(intacct.endpoint));
  endpoint.username = 'gateway-user';
  endpoint.password = PASSWORD;
  config = testConfig(sandbox, started.dir, { logLevel: 'debug', intacct: { companies: [{ ...intacct, endpoint: endpoint.href }] } });
  expect(config.intacct.companies[0]!.endpoint).toContain(PASSWORD);
  app = createApp(config, { log: createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } }) });
});
afterAll(async () => {
  await app?.close();
  await sandbox?.stop();
});

describe('passwords inside URLs', () => {
  it('are masked in debug logs, tool results and the audit log while the endpoint is used', async () => {
    const analyst = await connect(app, 'analyst');
    const checked = await ok(analyst, 'check_connections', {});
    await ok(analyst, 'post_journal_entries', { period: '2026-03', dry_run: true });
    await analyst.close();

    // The endpoint was really used: Intacct answered through it.
    expect(JSON.stringify(checked)).toMatch(/"system":"intacct"[^}]*"ok":true/);
    const requestLines = lines.filter((l) => l.includes('intacct request'));
    expect(requestLines.length).toBeGreaterThan(0);
    expect(requestLines[0]).toContain('gateway-user:[redacted]@');

    expect(lines.join('\n')).not.toContain(PASSWORD);
    expect(JSON.stringify(checked)).not.toContain(PASSWORD);
    expect(readFileSync(auditPath(config)).includes(Buffer.from(PASSWORD))).toBe(false);
  });
});
