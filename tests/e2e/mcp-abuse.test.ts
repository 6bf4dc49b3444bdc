/**
 * Refused calls cost the caller (issue 17, item 3): forbidden and invalid calls count against the principal's
 * rateLimits.refused budget, and beyond it every call of that principal is answered rate_limited; arguments over
 * server.maxArgumentBytes are refused naming the limit, and their audit row records the size, not the bulk.
 */
import Database from 'better-sqlite3';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPath, type Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let config: Config;
let app: App;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  config = testConfig(sandbox, started.dir, { server: { maxArgumentBytes: 4096 } });
  app = testApp(config);
});
afterAll(async () => {
  await app?.close();
  await sandbox?.stop();
});

/** Audit rows of the principal's tool calls: decision, outcome and the recorded arguments. */
function auditRows(principal: string): { decision: string; outcome: string; detail: { arguments: unknown } }[] {
  const db = new Database(auditPath(config), { readonly: true });
  try {
    return (
      db
        .prepare("SELECT decision, outcome, detail FROM audit_events WHERE kind = 'tool_call' AND principal = ? ORDER BY seq")
        .all(principal) as { decision: string; outcome: string; detail: string }[]
    ).map((r) => ({ ...r, detail: JSON.parse(r.detail) as { arguments: unknown } }));
  } finally {
    db.close();
  }
}

describe('refused calls cost the caller', () => {
  let agent: Client;
  beforeAll(async () => {
    agent = await connect(app, 'agent');
  });

  it('answers a burst of 1,000 forbidden calls rate_limited after the refused budget, for every tool, and records each', async () => {
    const budget = config.rateLimits.refused.calls;
    const codes = new Map<string, number>();
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        // Alternate a tool the agent may not call and invalid arguments: both are refusals.
        i % 2 === 0 ? call(agent, 'approve_change_set', { change_set_id: 1 }) : call(agent, 'get_sync_status', { runs: 'many' }),
      ),
    );
    for (const r of results) {
      const code = errorOf(r).code;
      codes.set(code, (codes.get(code) ?? 0) + 1);
    }
    expect((codes.get('forbidden') ?? 0) + (codes.get('invalid_arguments') ?? 0)).toBe(budget);
    expect(codes.get('rate_limited')).toBe(1000 - budget);
    const limited = errorOf(results.at(-1)!);
    expect(limited.message).toMatch(/rateLimits\.refused/);
    expect(limited.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(config.rateLimits.refused.windowSeconds);

    // Over budget, even a valid call of the same principal is refused; another principal is not affected.
    expect(errorOf(await call(agent, 'get_sync_status', {})).code).toBe('rate_limited');
    const analyst = await connect(app, 'analyst');
    await ok(analyst, 'get_sync_status', {});
    await analyst.close();

    const rows = auditRows('agent');
    expect(rows).toHaveLength(1001);
    expect(rows.filter((r) => r.decision === 'rate_limited')).toHaveLength(1001 - budget);
  });
});

describe('argument size limit', () => {
  it('refuses arguments over server.maxArgumentBytes naming the limit, and records only their size', async () => {
    const auditor = await connect(app, 'auditor');
    const hugeKey = 'k'.repeat(10_000);
    const r = await call(auditor, 'query_audit_log', { [hugeKey]: 1 });
    const error = errorOf(r);
    expect(error.code).toBe('invalid_arguments');
    expect(error.message).toMatch(/over the limit of 4096 bytes \(server\.maxArgumentBytes\)/);
    const row = auditRows('auditor').at(-1)!;
    expect(row.outcome).toBe('error:invalid_arguments');
    expect(row.detail.arguments).toEqual({ omitted: 'over server.maxArgumentBytes', bytes: 10_000 + 6 });
    expect(JSON.stringify(row.detail)).not.toContain(hugeKey);
    // Under the limit the same tool runs.
    await ok(auditor, 'query_audit_log', { limit: 1 });
    await auditor.close();
  });
});
