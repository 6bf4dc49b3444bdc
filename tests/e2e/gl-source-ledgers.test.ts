import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/platform/config.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { call, connect, errorOf, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

/**
 * The GL sync's source ledgers follow the company's configuration: a disabled pipeline's ledger goes to the GL, and an
 * explicit override that sends a replicated ledger is shown to the approver, warned about and audited.
 */

let sandbox: Sandbox;
let config: Config;
let app: App;
let plain: App;

interface Ledgers {
  left_out: { ledger: string; replicated_by: string | null; reason: string }[];
  overridden: { ledger: string; replicated_by: string; warning: string }[];
}

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  const company = (sandbox.config as { sage300: { companies: Record<string, unknown>[] } }).sage300.companies[0]!;
  const gl = { ...(company.gl as Record<string, unknown>), sourceLedgers: { include: ['AP'], exclude: [] } };
  // AR replicated elsewhere (sync_ar disabled here), AP forced into the GL although replicate_ap_invoices is enabled.
  config = testConfig(sandbox, started.dir, {
    sage300: { companies: [{ ...company, gl, pipelines: { apInvoices: true, ar: false, projects: true } }] },
  });
  app = testApp(config);
  plain = testApp(testConfig(sandbox, started.dir));
}, 60_000);
afterAll(async () => {
  await app.close();
  await plain.close();
  await sandbox.stop();
});

describe('the GL sync source ledgers, derived from the configuration', () => {
  it('validate_mappings shows the derived exclusion by default, structured and in its text', async () => {
    const client = await connect(plain, 'analyst');
    const result = await call(client, 'validate_mappings', {});
    const out = result.structuredContent as { gl_source_ledgers: Ledgers; warnings: { code: string }[] };
    expect(out.gl_source_ledgers.left_out.map((l) => [l.ledger, l.replicated_by])).toEqual([
      ['AP', 'replicate_ap_invoices'],
      ['AR', 'sync_ar'],
      ['PM', 'sync_projects'],
    ]);
    expect(out.gl_source_ledgers.overridden).toEqual([]);
    expect(out.warnings.map((w) => w.code)).not.toContain('gl_source_ledger_override');
    const text = (result.content as { type: string; text: string }[]).map((c) => c.text).join('\n');
    expect(text).toContain('Left out of the GL sync: AP (replicated by replicate_ap_invoices), AR (replicated by sync_ar), PM');
  });

  it('validate_mappings warns that an override may post documents twice', async () => {
    const out = (await ok(await connect(app, 'analyst'), 'validate_mappings', {})) as unknown as {
      gl_source_ledgers: Ledgers;
      warnings: { code: string; subject: string; message: string; fix: string }[];
    };
    expect(out.gl_source_ledgers.left_out.map((l) => l.ledger)).toEqual(['PM']);
    expect(out.gl_source_ledgers.overridden.map((o) => [o.ledger, o.replicated_by])).toEqual([['AP', 'replicate_ap_invoices']]);
    const warning = out.warnings.find((w) => w.code === 'gl_source_ledger_override');
    expect(warning).toMatchObject({ subject: 'gl.sourceLedgers.include AP' });
    expect(warning!.message).toContain('may be posted to Intacct twice');
    expect(warning!.fix).toContain('remove AP from gl.sourceLedgers.include');
  });

  it('the pending GL change set shows the override to the approver, and the audit log records it', async () => {
    const planned = await ok(await connect(app, 'agent'), 'post_journal_entries', { period: '2026-04' });
    expect(planned.status).toBe('pending_approval');
    const ledgers = planned.source_ledgers as { overridden: { ledger: string; entries: number }[]; left_out: { ledger: string }[] };
    expect(ledgers.left_out.map((l) => l.ledger)).toEqual(['PM']);
    expect(ledgers.overridden).toEqual([expect.objectContaining({ ledger: 'AP', replicated_by: 'replicate_ap_invoices' })]);
    expect(ledgers.overridden[0]!.entries).toBeGreaterThan(0);
    expect(String(planned.message)).toContain('Override: gl.sourceLedgers.include sends source ledger AP');

    const approver = await connect(app, 'approver');
    const shown = await ok(approver, 'get_change_set', { change_set_id: planned.change_set_id, items_limit: 0 });
    const summary = shown.summary as { sourceLedgers: { overridden: { ledger: string }[] } };
    expect(summary.sourceLedgers.overridden.map((o) => o.ledger)).toEqual(['AP']);

    const audit = (await ok(await connect(app, 'auditor'), 'query_audit_log', { action: 'gl.source_ledgers_override' })) as {
      events: { principal: string; detail: { company: string; overridden: { ledger: string }[] } }[];
    };
    expect(audit.events).toHaveLength(1);
    expect(audit.events[0]).toMatchObject({ principal: 'agent', detail: { company: 'SAMINC', overridden: [{ ledger: 'AP' }] } });
  });

  it('refuses a disabled pipeline for the company, naming the config key', async () => {
    const result = await call(await connect(app, 'analyst'), 'sync_ar', { period: '2026-04', dry_run: true });
    const error = errorOf(result);
    expect(error.code).toBe('configuration');
    expect(error.message).toContain('pipelines.ar');
    // state rebuild still runs, over the pipelines that are enabled.
    const rebuilt = (await ok(await connect(app, 'admin'), 'rebuild_state', {})) as { counts: { pipeline: string }[] };
    expect(rebuilt.counts.map((c) => c.pipeline)).toContain('gl');
    expect(rebuilt.counts.map((c) => c.pipeline)).not.toContain('ar');
  });
});
