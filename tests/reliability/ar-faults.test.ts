/**
 * The AR pipeline against a misbehaving Intacct: a write request that commits and never answers (client timeout =
 * unknown outcome), 5xx answers and a 429 storm. Every invoice and payment must land exactly once, confirmed by
 * read-back, and the open balances must still compare with nothing unexplained.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { arPipeline, compareArBalances } from '../../src/core/ar/ar-pipeline.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { parseConfig, type Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { wireAr, pickCompany } from '../helpers/standalone-wiring.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';

let sandbox: Sandbox;
let config: Config;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-ar-faults-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'data'), mappingsDir: DEMO_MAPPINGS_DIR });
  const base = sandbox.config as { intacct: { companies: Record<string, unknown>[] } };
  const intacct = {
    companies: [
      { ...base.intacct.companies[0], timeoutMs: 1500, functionsPerRequest: 5, retry: { maxRetries: 6, baseDelayMs: 5, maxDelayMs: 50 } },
    ],
  };
  config = parseConfig({ ...sandbox.config, logLevel: 'silent', intacct }, 'test', {});
});
afterAll(async () => {
  await sandbox.stop();
});

const refs = (sql: string): string[] => (sandbox.intacct.db.prepare(sql).all() as { ref: string }[]).map((r) => r.ref);

describe('AR sync under Intacct faults', () => {
  it('lands every invoice and payment exactly once when a committed write never answers and the gateway throws 5xx and 429s', async () => {
    const state = openStateStore(config);
    const company = pickCompany(config, undefined);
    const wired = wireAr(config, company, state.store, silentLogger());
    let summary;
    let comparison;
    try {
      sandbox.intacct.setFaults({ hangAfterCommit: 2, storm429: 3, error5xxRate: 0.1 });
      try {
        summary = await runChangeSet(arPipeline, wired.deps, {
          company: company.key,
          principal: 'analyst',
          selection: { kind: 'range', from: '2026-03-01', to: '2026-05-31' },
          approve: () => Promise.resolve({ decision: 'approved', by: 'analyst', selfConfirmed: true }),
        });
      } finally {
        sandbox.intacct.setFaults({ hangAfterCommit: 0, storm429: 0, error5xxRate: 0 });
      }
      comparison = await compareArBalances(wired.deps, company.key);
    } finally {
      await wired.close();
      state.close();
    }
    expect(summary.unknown).toBe(0);
    expect(summary.alreadyApplied).toBeGreaterThan(0);
    expect(summary.paymentsPlanned).toBeGreaterThan(0);
    const invoices = refs(
      "SELECT json_extract(data, '$.CUSTOMERID') || ':' || json_extract(data, '$.RECORDID') ref FROM records WHERE object = 'ARINVOICE'",
    );
    const payments = refs("SELECT json_extract(data, '$.DOCNUMBER') ref FROM records WHERE object = 'ARPYMT'");
    expect(new Set(invoices).size).toBe(invoices.length);
    expect(new Set(payments).size).toBe(payments.length);
    expect(invoices.length + payments.length).toBe(summary.written + summary.alreadyApplied);
    expect(invoices.length).toBe(summary.invoicesPlanned);
    const db = new Database(join(config.stateDir, 'state.db'), { readonly: true });
    const xrefs = db
      .prepare(
        "SELECT object_type o, COUNT(*) n FROM xrefs WHERE object_type IN ('ARINVOICE', 'ARPYMT') GROUP BY object_type ORDER BY object_type",
      )
      .all() as { o: string; n: number }[];
    db.close();
    expect(xrefs).toEqual([
      { o: 'ARINVOICE', n: invoices.length },
      { o: 'ARPYMT', n: payments.length },
    ]);
    expect(comparison.unexplained).toBe('0.00');
  });
});
