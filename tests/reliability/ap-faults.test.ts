/**
 * The AP pipeline against a misbehaving Intacct: a write request that commits and never answers (client timeout =
 * unknown outcome), 5xx answers and a 429 storm. Every document must land exactly once, confirmed by read-back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { apPipeline } from '../../src/core/ap/ap-pipeline.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { parseConfig, type Config } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import { wireAp, pickCompany } from '../helpers/standalone-wiring.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';

let sandbox: Sandbox;
let config: Config;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sb-ap-faults-'));
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

describe('AP sync under Intacct faults', () => {
  it('lands every bill exactly once when a committed write never answers and the gateway throws 5xx and 429s', async () => {
    sandbox.intacct.setFaults({ hangAfterCommit: 1, storm429: 3, error5xxRate: 0.1 });
    const state = openStateStore(config);
    const company = pickCompany(config, undefined);
    const wired = wireAp(config, company, state.store, silentLogger());
    let summary;
    try {
      summary = await runChangeSet(apPipeline, wired.deps, {
        company: company.key,
        principal: 'analyst',
        selection: { kind: 'period', year: 2026, period: 5 },
        approve: () => Promise.resolve({ decision: 'approved', by: 'analyst', selfConfirmed: true }),
      });
    } finally {
      sandbox.intacct.setFaults({ hangAfterCommit: 0, storm429: 0, error5xxRate: 0 });
      await wired.close();
      state.close();
    }
    expect(summary.unknown).toBe(0);
    expect(summary.alreadyApplied).toBeGreaterThan(0);
    const refs = (
      sandbox.intacct.db.prepare("SELECT json_extract(data, '$.DOCNUMBER') ref FROM records WHERE object = 'APBILL'").all() as {
        ref: string;
      }[]
    ).map((r) => r.ref);
    expect(new Set(refs).size).toBe(refs.length);
    expect(refs.length).toBe(summary.written + summary.alreadyApplied);
    const db = new Database(join(config.stateDir, 'state.db'), { readonly: true });
    const xrefs = db.prepare("SELECT COUNT(*) n FROM xrefs WHERE object_type = 'APBILL'").get() as { n: number };
    db.close();
    expect(xrefs.n).toBe(refs.length);
  });
});
