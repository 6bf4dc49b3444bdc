import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { auditPath, type Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  config = testConfig(sandbox, dir, {
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
  });
  app = testApp(config);
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

const syncedBills = (): number =>
  (
    sandbox.intacct.db
      .prepare("SELECT COUNT(*) n FROM records WHERE object = 'APBILL' AND json_extract(data, '$.DOCNUMBER') LIKE 'S300:%'")
      .get() as { n: number }
  ).n;
const names = async (client: Client): Promise<string[]> => (await client.listTools()).tools.map((t) => t.name);

describe('replicate_ap_invoices over MCP', () => {
  it('is offered to analyst, agent and admin with explicit write annotations, not to approvers or auditors', async () => {
    const agent = await connect(app, 'agent');
    const tool = (await agent.listTools()).tools.find((t) => t.name === 'replicate_ap_invoices');
    expect(tool?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true });
    expect(await names(await connect(app, 'analyst'))).toContain('replicate_ap_invoices');
    expect(await names(await connect(app, 'approver'))).not.toContain('replicate_ap_invoices');
    expect(await names(await connect(app, 'auditor'))).not.toContain('replicate_ap_invoices');
  });

  it('names the bad field when the selection is missing', async () => {
    const agent = await connect(app, 'agent');
    const refused = errorOf(await call(agent, 'replicate_ap_invoices', {}));
    expect(refused.code).toBe('invalid_arguments');
    expect(refused.message).toContain('period');
  });

  it("parks an agent's call for an approver, whose approval creates the bills once", async () => {
    const agent = await connect(app, 'agent');
    const before = syncedBills();
    const preview = await ok(agent, 'replicate_ap_invoices', { period: '2026-02', dry_run: true });
    expect(preview.status).toBe('dry_run');
    const planned = await ok(agent, 'replicate_ap_invoices', { period: '2026-02' });
    expect(planned.status).toBe('pending_approval');
    expect(planned.planned).toBe(preview.planned);
    expect(Number(planned.planned)).toBeGreaterThan(5);
    expect((planned.totals_by_vendor as unknown[]).length).toBeGreaterThan(3);
    expect(Number(planned.exceptions)).toBeGreaterThanOrEqual(0);
    expect(syncedBills()).toBe(before);

    const again = await ok(agent, 'replicate_ap_invoices', { period: '2026-02' });
    expect(again.change_set_id).toBe(planned.change_set_id);
    expect(errorOf(await call(agent, 'approve_change_set', { change_set_id: planned.change_set_id })).code).toBe('forbidden');

    const approver = await connect(app, 'approver');
    const approved = await ok(approver, 'approve_change_set', {
      change_set_id: planned.change_set_id,
      digest: planned.digest,
      comment: 'vendor totals checked',
    });
    expect(approved.status).toBe('executed');
    expect((approved.result as Record<string, unknown>).written).toBe(planned.planned);
    expect(syncedBills()).toBe(before + Number(planned.planned));

    // Each Intacct request was recorded before and after it was sent, under the approval's change set.
    const audit = new Database(auditPath(config), { readonly: true });
    const rows = audit
      .prepare("SELECT outcome FROM audit_events WHERE kind = 'external_write' AND action = 'intacct.create APBILL' AND change_set_id = ?")
      .all(planned.change_set_id) as { outcome: string }[];
    audit.close();
    expect(rows.filter((r) => r.outcome === 'intent').length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.outcome === 'result').length).toBe(rows.filter((r) => r.outcome === 'intent').length);

    const rerun = await ok(agent, 'replicate_ap_invoices', { period: '2026-02' });
    expect(['nothing_to_do', 'partial']).toContain(rerun.status);
    expect(rerun.planned).toBe(0);
    expect(syncedBills()).toBe(before + Number(planned.planned));
  });
});
