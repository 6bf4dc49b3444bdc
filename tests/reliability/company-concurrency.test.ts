/**
 * One runtime per company: GL, AP and AR change sets of one Sage 300 company, approved at the same moment, execute
 * concurrently against an Intacct emulator that refuses more than 2 requests in flight (like
 * `sagebridge emulate --max-concurrent 2 --latency-ms 30`), with the Intacct company's `maxConcurrent` 2. The three
 * pipelines share one Intacct client, so together they never exceed the company's limit (no HTTP 429, peak <= 2) and
 * log in once (one API session, in the company's entity, where all three post).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { auditPath, parseConfig, type Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { createCompanyRuntimes } from '../../src/server/company-runtime.ts';
import { WiringError } from '../../src/server/gl-wiring.ts';
import { connect, ok, testApp, testConfig } from '../helpers/mcp-app.ts';

const LIMIT = 2;

let sandbox: Sandbox;
let config: Config;
let app: App;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-concurrency-'));
  sandbox = await startSandbox({
    dataDir: join(dir, 'data'),
    mappingsDir: DEMO_MAPPINGS_DIR,
    intacctEmulator: { maxConcurrent: LIMIT, faults: { latencyMs: 30 } },
  });
  const intacct = (sandbox.config as { intacct: { companies: Record<string, unknown>[] } }).intacct.companies[0]!;
  config = testConfig(sandbox, dir, {
    // Small requests, so each pipeline alone has many requests and wants LIMIT of them in flight at once.
    intacct: { companies: [{ ...intacct, maxConcurrent: LIMIT, functionsPerRequest: 3 }] },
    approvals: { expiresAfterMinutes: 60, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
  });
  app = testApp(config);
  sandbox.intacct.resetStats();
});
afterAll(async () => {
  await app?.close();
  await sandbox?.stop();
});

/** The audit sequence numbers of the Intacct writes made under a change set. */
function writeSeqs(changeSetId: unknown): number[] {
  const audit = new Database(auditPath(config), { readonly: true });
  try {
    const rows = audit
      .prepare("SELECT seq FROM audit_events WHERE kind = 'external_write' AND change_set_id = ? ORDER BY seq")
      .all(changeSetId) as { seq: number }[];
    return rows.map((r) => r.seq);
  } finally {
    audit.close();
  }
}

describe('one runtime per company', () => {
  it('runs GL, AP and AR change sets at once within the company limit, on one API session', async () => {
    const agent = await connect(app, 'agent');
    const plans = {
      gl: await ok(agent, 'post_journal_entries', { period: '2026-03' }),
      ap: await ok(agent, 'replicate_ap_invoices', { period: '2026-02' }),
      ar: await ok(agent, 'sync_ar', { period: '2026-02' }),
    };
    for (const plan of Object.values(plans)) expect(plan.status).toBe('pending_approval');

    const approver = await connect(app, 'approver');
    const approved = await Promise.all(
      Object.values(plans).map((plan) => ok(approver, 'approve_change_set', { change_set_id: plan.change_set_id, digest: plan.digest })),
    );
    for (const a of approved) {
      expect(a.status).toBe('executed');
      expect(Number((a.result as Record<string, unknown>).written)).toBeGreaterThan(0);
    }

    // They really ran at the same time: the Intacct writes of each change set interleave with the others'.
    const spans = Object.values(plans).map((p) => {
      const seqs = writeSeqs(p.change_set_id);
      expect(seqs.length).toBeGreaterThan(LIMIT * 2);
      return { first: seqs[0]!, last: seqs.at(-1)! };
    });
    for (const a of spans) for (const b of spans) expect(a.first).toBeLessThan(b.last);

    const stats = sandbox.intacct.stats();
    expect(stats.rejected429).toBe(0);
    expect(stats.maxInFlight).toBeLessThanOrEqual(LIMIT);
    expect(stats.maxInFlight).toBe(LIMIT);
    // GL entries, bills and invoices all belong to the company's entity, so one entity session serves all three.
    const entity = config.sage300.companies[0]!.intacctEntityId!;
    expect(stats.sessionsIssued).toBe(1);
    expect(stats.sessionsByLocation).toEqual({ [entity]: 1 });
  });

  it("holds the Intacct company's limit across Sage 300 companies posting to it, one session per location", async () => {
    const base = config.sage300.companies[0]!;
    // A second Sage 300 company posting to the same Intacct company at its top level, with broken mapping files.
    const twoCompanies = parseConfig(
      {
        ...JSON.parse(JSON.stringify(config)),
        mappingsDir: join(config.stateDir, 'no-such-mappings'),
        sage300: { companies: [base, { ...base, key: 'SECOND', intacctEntityId: undefined }] },
      },
      'test',
      {},
    );
    const runtimes = createCompanyRuntimes(twoCompanies, silentLogger());
    sandbox.intacct.resetStats();
    try {
      const first = runtimes.get(base.key);
      const second = runtimes.get('SECOND');
      // Nothing a read needs depends on the mapping engine, which opens only when asked (and then names the problem).
      const reads = [
        ...Array.from({ length: 6 }, () => first.intacctEntity()),
        ...Array.from({ length: 6 }, () => second.intacctTopLevel()),
      ].map((c) => c.readAll('GLACCOUNT', '', { fields: ['ACCOUNTNO'] }));
      for (const r of await Promise.all(reads)) expect(r.ok).toBe(true);
      expect(() => second.engine).toThrow(WiringError);
    } finally {
      await runtimes.close();
    }
    const stats = sandbox.intacct.stats();
    expect(stats.rejected429).toBe(0);
    expect(stats.maxInFlight).toBe(LIMIT);
    expect(stats.sessionsByLocation).toEqual({ [base.intacctEntityId!]: 1, '': 1 });
  });
});
