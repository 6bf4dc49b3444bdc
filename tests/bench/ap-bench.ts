/**
 * AP bill sync benchmark: every posted AP document of a scaled demo company (one fiscal year) replicated
 * in-process with `runApSync` against the sandbox's Intacct emulator (loopback, no injected latency), then a
 * re-run that must write nothing. Reports documents and bills per second and the Intacct requests made.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { apPipeline, type ApSyncSummary } from '../../src/core/ap/ap-pipeline.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { parseConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { buildDemoMappings } from '../../src/sandbox/demo-data/demo-mappings.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { wireAp, pickCompany } from '../helpers/standalone-wiring.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';

/** Runs the AP benchmark at a demo scale. */
export async function benchApSync(options: { scale: number }) {
  const root = mkdtempSync(join(tmpdir(), 'sb-ap-bench-'));
  const seedT0 = performance.now();
  const sandbox = await startSandbox({ dataDir: join(root, 'data'), mappingsDir: DEMO_MAPPINGS_DIR, scale: options.scale });
  const seedMs = performance.now() - seedT0;
  // The checked-in demo mappings cover the scale-1 company; a scaled company gets its own generated set.
  const mappingsDir = join(root, 'mappings');
  mkdirSync(mappingsDir);
  for (const [file, text] of Object.entries(buildDemoMappings(sandbox.prepared.intacctCompany, sandbox.prepared.truth.intacct)))
    writeFileSync(join(mappingsDir, file), text);
  const config = parseConfig({ ...sandbox.config, logLevel: 'silent', mappingsDir }, 'bench', {});
  const once = async (): Promise<{ summary: ApSyncSummary; wallMs: number; planMs: number; cpuMicros: number }> => {
    const state = openStateStore(config);
    const company = pickCompany(config, undefined);
    const wired = wireAp(config, company, state.store, silentLogger());
    try {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let approvedAt = t0;
      const summary = await runChangeSet(apPipeline, wired.deps, {
        company: company.key,
        principal: config.operator,
        selection: { kind: 'range', from: '2026-01-01', to: '2026-12-31' },
        approve: () => {
          approvedAt = performance.now();
          return Promise.resolve({ decision: 'approved', by: config.operator, selfConfirmed: true, note: 'bench' });
        },
      });
      const cpu = process.cpuUsage(cpu0);
      return { summary, wallMs: performance.now() - t0, planMs: approvedAt - t0, cpuMicros: cpu.user + cpu.system };
    } finally {
      await wired.close();
      state.close();
    }
  };
  try {
    const first = await once();
    const rerun = await once();
    if (rerun.summary.written !== 0) throw new Error(`AP re-run wrote ${rerun.summary.written} bills`);
    const s = first.summary;
    return {
      name: 'ap_sync',
      scale: options.scale,
      seedMs: Math.round(seedMs),
      documents: s.documents,
      billsWritten: s.written,
      exceptions: s.exceptions,
      intacctRequests: s.apiRequests,
      wallMs: Math.round(first.wallMs),
      planMs: Math.round(first.planMs),
      documentsPerSecond: Math.round((s.documents / first.wallMs) * 1000),
      billsPerSecond: Math.round((s.written / first.wallMs) * 1000),
      cpuMicrosPerDocument: Math.round(first.cpuMicros / Math.max(1, s.documents)),
      rerunMs: Math.round(rerun.wallMs),
      rerunWritten: rerun.summary.written,
    };
  } finally {
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
