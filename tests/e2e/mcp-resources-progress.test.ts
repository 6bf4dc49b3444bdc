import type { CallToolResult, ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { TOOLS } from '../../tools/index.ts';
import { connect, ok, startTestSandbox, syncedBatches, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let dir: string;
let config: Config;
let app: App;
const accept = () => ({ action: 'accept' as const, content: { confirm: true } });

/** The text of a resource read (the server only returns text contents). */
const textOf = (r: ReadResourceResult): string => {
  const first = r.contents[0];
  if (!first || !('text' in first)) throw new Error('expected a text resource');
  return first.text;
};

beforeAll(async () => {
  ({ sandbox, dir } = await startTestSandbox());
  // Small requests, so a cancellation lands between chunks with many still to send.
  const intacct = (sandbox.config as { intacct: { companies: Record<string, unknown>[] } }).intacct;
  config = testConfig(sandbox, dir, { intacct: { companies: intacct.companies.map((c) => ({ ...c, functionsPerRequest: 10 })) } });
  app = testApp(config);
});
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

describe('resources and the month_end_close prompt', () => {
  it('lists and reads the mapping tables and change sets as resources', async () => {
    const client = await connect(app, 'agent');
    await ok(client, 'post_journal_entries', { period: '2026-01' });
    const { resources } = await client.listResources();
    const uris = resources.map((r) => r.uri);
    expect(uris).toContain('sagebridge://mappings/accounts.csv');
    expect(uris).toContain('sagebridge://reports/reconciliation/latest');
    const csUri = uris.find((u) => u.startsWith('sagebridge://change-sets/'));
    expect(csUri).toBeDefined();
    const accounts = await client.readResource({ uri: 'sagebridge://mappings/accounts.csv' });
    expect(textOf(accounts).split('\n')[0]).toMatch(/pattern|account/i);
    const cs = JSON.parse(textOf(await client.readResource({ uri: csUri! }))) as {
      digest: string;
      items: { payload: { REFERENCENO: string } }[];
    };
    expect(cs.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(cs.items[0]!.payload.REFERENCENO).toMatch(/^S300:SAMINC:/);
    const report = JSON.parse(textOf(await client.readResource({ uri: 'sagebridge://reports/reconciliation/latest' }))) as {
      available: boolean;
    };
    expect(report.available).toBe(false);
  });

  it('offers a month_end_close prompt that walks every pipeline in order and runs the reconciliation', async () => {
    const client = await connect(app, 'analyst');
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toContain('month_end_close');
    const prompt = await client.getPrompt({ name: 'month_end_close', arguments: { period: '2026-05' } });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    for (const tool of ['check_connections', 'validate_mappings', 'list_exceptions', 'approve_change_set', 'query_audit_log'])
      expect(text).toContain(tool);
    // Every write tool the server offers has its step, masters before documents, GL before the project tagging.
    const { tools } = await client.listTools();
    const writeTools = TOOLS.filter((t) => t.kind === 'write' && t.cli?.startsWith('sync ')).map((t) => t.name);
    expect(writeTools.length).toBeGreaterThanOrEqual(7);
    for (const name of writeTools) {
      expect(tools.map((t) => t.name)).toContain(name);
      expect(text, name).toMatch(new RegExp(`call ${name} \\(`));
    }
    const at = (name: string) => text.indexOf(`call ${name} (`);
    expect(at('sync_vendors')).toBeLessThan(at('replicate_ap_invoices'));
    expect(at('sync_customers')).toBeLessThan(at('sync_ar'));
    expect(at('replicate_ap_invoices')).toBeLessThan(at('post_journal_entries'));
    expect(at('post_journal_entries')).toBeLessThan(at('sync_projects'));
    // The reconciliation is run, for the period, after the last write step (not read from an old report).
    expect(text).toContain('reconcile_trial_balance with period "2026-05"');
    expect(at('sync_projects')).toBeLessThan(text.indexOf('reconcile_trial_balance'));
    expect(text).toContain('period: "2026-05", dry_run: true');
  });
});

describe('progress and cancellation', () => {
  it('reports increasing progress while a confirmed write executes', async () => {
    const client = await connect(app, 'analyst', accept);
    const seen: number[] = [];
    const result = (await client.callTool({ name: 'post_journal_entries', arguments: { period: '2026-05' } }, undefined, {
      onprogress: (p) => seen.push(p.progress),
    })) as CallToolResult;
    const out = result.structuredContent as { written: number; planned: number };
    expect(out.written).toBe(out.planned);
    expect(seen.length).toBeGreaterThanOrEqual(2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(out.planned);
  });

  it('stops between chunks when the client cancels, leaving the rest unsent and approved', async () => {
    sandbox.intacct.setFaults({ latencyMs: 400 });
    const client = await connect(app, 'analyst', accept);
    const controller = new AbortController();
    const before = syncedBatches(sandbox);
    const call = client.callTool({ name: 'post_journal_entries', arguments: { period: '2026-07' } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort(),
    });
    await expect(call).rejects.toThrow();
    // The server finishes the requests already in flight, then stops; wait for it to settle.
    await new Promise((r) => setTimeout(r, 1500));
    sandbox.intacct.setFaults({ latencyMs: 0 });
    // Nobody delivers it any more, so it is back to approved (not left executing), and a re-run resumes it.
    const cs = app.store.changeSets.list({ pipeline: 'gl' }).find((c) => c.status === 'approved');
    expect(cs).toBeDefined();
    const pending = app.store.outbox.pendingFor(cs!.id);
    expect(pending.length).toBeGreaterThan(0);
    expect(pending.every((e) => e.state === 'approved')).toBe(true);
    const sent = syncedBatches(sandbox) - before;
    expect(sent).toBeGreaterThan(0);
    expect(sent + pending.length).toBe(app.store.changeSets.items(cs!.id).length);

    // The same call again resumes that change set under its approval: no second change set, no copy of the plan.
    const setsBefore = app.store.changeSets.list({ pipeline: 'gl' }).length;
    const again = await ok(client, 'post_journal_entries', { period: '2026-07' });
    expect(again).toMatchObject({ change_set_id: cs!.id });
    expect(app.store.changeSets.list({ pipeline: 'gl' })).toHaveLength(setsBefore);
    expect(app.store.changeSets.get(cs!.id)?.status).toBe('executed');
    expect(syncedBatches(sandbox) - before).toBe(app.store.changeSets.items(cs!.id).length);
    expect(app.store.runs.list({ pipeline: 'gl', status: 'running' })).toEqual([]);
    // The audit log says the call resumed an approved change set (no new confirmation was asked for).
    const calls = app.audit
      .query({ kind: 'tool_call', action: 'post_journal_entries', changeSetId: cs!.id })
      .filter((e) => e.outcome === 'ok');
    expect(calls.at(-1)?.decision).toBe('resumed');
  });
});
