/**
 * AR sync benchmark: every posted AR document and receipt of a scaled demo company (one fiscal year) synced
 * in-process with `runChangeSet(arPipeline, …)` against the sandbox's Intacct emulator (loopback, no injected latency), then the
 * open-balance comparison, then a re-run that must write nothing. Reports wall time, Intacct requests and peak RSS.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { arPipeline, compareArBalances, type ArSyncSummary } from '../../src/core/ar/ar-pipeline.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { parseConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { buildDemoMappings } from '../../src/sandbox/demo-data/demo-mappings.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { wireAr, pickCompany } from '../helpers/standalone-wiring.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';

/** Runs the AR benchmark at a demo scale. */
export async function benchArSync(options: { scale: number }) {
  const root = mkdtempSync(join(tmpdir(), 'sb-ar-bench-'));
  const seedT0 = performance.now();
  const sandbox = await startSandbox({ dataDir: join(root, 'data'), mappingsDir: DEMO_MAPPINGS_DIR, scale: options.scale });
  const seedMs = performance.now() - seedT0;
  const mappingsDir = join(root, 'mappings');
  mkdirSync(mappingsDir);
  for (const [file, text] of Object.entries(buildDemoMappings(sandbox.prepared.intacctCompany, sandbox.prepared.truth.intacct)))
    writeFileSync(join(mappingsDir, file), text);
  const config = parseConfig({ ...sandbox.config, logLevel: 'silent', mappingsDir }, 'bench', {});
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const once = async () => {
    const state = openStateStore(config);
    const company = pickCompany(config, undefined);
    const wired = wireAr(config, company, state.store, silentLogger());
    try {
      const t0 = performance.now();
      const summary: ArSyncSummary = await runChangeSet(arPipeline, wired.deps, {
        company: company.key,
        principal: config.operator,
        selection: { kind: 'all' },
        approve: () => Promise.resolve({ decision: 'approved', by: config.operator, selfConfirmed: true, note: 'bench' }),
      });
      const syncMs = performance.now() - t0;
      const c0 = performance.now();
      const requests0 = wired.deps.target.requests();
      const comparison = await compareArBalances(wired.deps, company.key);
      return { summary, syncMs, compareMs: performance.now() - c0, compareRequests: wired.deps.target.requests() - requests0, comparison };
    } finally {
      await wired.close();
      state.close();
    }
  };
  try {
    const first = await once();
    const rerun = await once();
    if (rerun.summary.written !== 0) throw new Error(`AR re-run wrote ${rerun.summary.written} records`);
    const s = first.summary;
    return {
      name: 'ar_sync',
      scale: options.scale,
      seedMs: Math.round(seedMs),
      documents: s.documents,
      receipts: s.receipts,
      invoicesPlanned: s.invoicesPlanned,
      paymentsPlanned: s.paymentsPlanned,
      written: s.written,
      exceptions: s.exceptions,
      intacctRequests: s.apiRequests,
      wallMs: Math.round(first.syncMs),
      recordsPerSecond: Math.round((s.written / first.syncMs) * 1000),
      compareMs: Math.round(first.compareMs),
      compareIntacctRequests: first.compareRequests,
      customersCompared: first.comparison.customers.length,
      unexplained: first.comparison.unexplained,
      rerunMs: Math.round(rerun.syncMs),
      rerunWritten: rerun.summary.written,
      peakRssMiB: Math.round(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20),
    };
  } finally {
    clearInterval(sampler);
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
