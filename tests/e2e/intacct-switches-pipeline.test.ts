/**
 * The GL pipeline and the reconciliation through MCP against a sandbox whose Intacct emulator takes the other
 * position of every pipeline-relevant switch (the rest of the e2e suite runs the defaults): STATE as codes, the
 * other closed-period wording, the other replay wording.
 */
import { appendFileSync, cpSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { connect, ok, startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let app: App;
const confirm = () => ({ action: 'accept' as const, content: { confirm: true } });

beforeAll(async () => {
  let dir: string;
  ({ sandbox, dir } = await startTestSandbox({
    intacct: { stateFormat: 'codes', periodClosedError: 'closed-accounting-period', replayError: 'duplicate-control-id' },
  }));
  // The demo's unmapped-account traps mapped, so a plant-free period can reconcile to zero.
  const mappings = mkdtempSync(join(dir, 'maps-'));
  cpSync(DEMO_MAPPINGS_DIR, mappings, { recursive: true });
  for (const t of sandbox.prepared.truth.sage300.traps.unmappedAccounts)
    appendFileSync(join(mappings, 'accounts.csv'), `5,${t.formatted},6900,,,,,,,switch test maps the trap\n`);
  // ... and the company replicating the GL only (AP and AR pipelines disabled), so the GL sync sends every ledger and
  // the Intacct GL carries every Sage 300 posting (the emulator posts no bills or invoices to its GL).
  const company = (sandbox.config as { sage300: { companies: Record<string, unknown>[] } }).sage300.companies[0]!;
  app = testApp(
    testConfig(sandbox, dir, {
      sage300: { companies: [{ ...company, pipelines: { apInvoices: false, ar: false, projects: true } }] },
      mappingsDir: mappings,
      rateLimits: { default: { calls: 1000, windowSeconds: 60, maxConcurrent: 4 }, tools: {} },
      approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
    }),
  );
}, 120_000);
afterAll(async () => {
  await app.close();
  await sandbox.stop();
});

describe('the GL pipeline under the other Intacct positions', () => {
  it('reconciles a synced period to zero when Intacct answers STATE as codes', async () => {
    expect(sandbox.intacct.behaviours().stateFormat).toBe('codes');
    const period = sandbox.prepared.truth.recon!.plantFreePeriods.find((p) => p !== '2026-06')!;
    const analyst = await connect(app, 'analyst', confirm);
    const posted = await ok(analyst, 'post_journal_entries', { period });
    expect(Number(posted.written)).toBeGreaterThan(0);
    const out = await ok(analyst, 'reconcile_trial_balance', { period });
    expect(out.variances).toEqual([]);
    expect(out.reconciled).toBe(true);
    // Re-running writes nothing new.
    expect(Number((await ok(analyst, 'post_journal_entries', { period })).written ?? 0)).toBe(0);
  });

  it('queues entries of a closed period as period exceptions under the other closed-period wording', async () => {
    sandbox.intacct.closePeriod('2026-07');
    const analyst = await connect(app, 'analyst', confirm);
    const run = await ok(analyst, 'post_journal_entries', { period: '2026-07' });
    expect(Number(run.written ?? 0)).toBe(0);
    const listed = (await ok(analyst, 'list_exceptions', { pipeline: 'gl', class: 'period' })).exceptions as { message: string }[];
    expect(Number(run.exceptions)).toBe(sandbox.prepared.truth.sage300.gl.entriesPerPeriod['7']);
    expect(listed.length).toBeGreaterThan(0); // the tool lists a capped number; the run counted them all
    for (const e of listed) expect(e.message).toMatch(/closed accounting period/);
  });
});
