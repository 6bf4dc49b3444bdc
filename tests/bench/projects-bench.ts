/**
 * Projects sync benchmark: every contract, project, PMTRAN row and milestone of a scaled demo company planned and
 * executed in-process (planChangeSet + executeChangeSet with projectsPipeline, self-approved) against the sandbox's Intacct
 * emulator over loopback HTTP, then a re-run that must write nothing. Reports wall time, Intacct requests and
 * writes (emulator counters) and the peak RSS of the process.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import {
  projectsPipeline,
  type ProjectExecution,
  type ProjectPreview,
  type ProjectSyncSummary,
} from '../../src/core/projects/project-pipeline.ts';
import { executeChangeSet, planChangeSet, type Planned } from '../../src/core/sync/engine.ts';
import { parseConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { buildDemoMappings } from '../../src/sandbox/demo-data/demo-mappings.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';
import { wireProjects, pickCompany } from '../helpers/standalone-wiring.ts';

const MiB = 1024 * 1024;

/** Runs the projects benchmark at a demo scale. */
export async function benchProjectSync(options: { scale: number }) {
  const root = mkdtempSync(join(tmpdir(), 'sb-projects-bench-'));
  const sandbox = await startSandbox({ dataDir: join(root, 'data'), mappingsDir: DEMO_MAPPINGS_DIR, scale: options.scale });
  // The demo Intacct company keeps January closed for the GL period tests; the bench tags every period.
  sandbox.intacct.db.prepare("UPDATE periods SET status = 'open'").run();
  sandbox.intacct.db.prepare("INSERT OR IGNORE INTO periods (period, status) VALUES ('2026-01', 'open')").run();
  const mappingsDir = join(root, 'mappings');
  mkdirSync(mappingsDir);
  for (const [file, text] of Object.entries(buildDemoMappings(sandbox.prepared.intacctCompany, sandbox.prepared.truth.intacct)))
    writeFileSync(join(mappingsDir, file), text);
  const config = parseConfig({ ...sandbox.config, logLevel: 'silent', mappingsDir }, 'bench', {});
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const state = openStateStore(config);
  const once = async (): Promise<{
    planned: Planned<ProjectPreview, ProjectSyncSummary>;
    done: ProjectExecution | null;
    wallMs: number;
    planMs: number;
    requests: number;
    writes: number;
  }> => {
    const company = pickCompany(config, undefined);
    const wired = wireProjects(config, company, state.store, silentLogger());
    const stats0 = sandbox.intacct.stats();
    const writes = (s: ReturnType<typeof sandbox.intacct.stats>) =>
      (s.byFunction.create ?? 0) + (s.byFunction.update ?? 0) + (s.byFunction.create_invoice ?? 0);
    try {
      const t0 = performance.now();
      const planned = await planChangeSet(projectsPipeline, wired.deps, { company: company.key, principal: config.operator });
      const planMs = performance.now() - t0;
      let done: ProjectExecution | null = null;
      if (planned.kind === 'planned') {
        const cs = planned.changeSet;
        const approved = state.store.changeSets.approve(cs.id, {
          by: config.operator,
          digest: cs.digest,
          selfConfirmed: true,
          note: 'bench',
        });
        if (!approved.ok) throw new Error(approved.error.message);
        done = await executeChangeSet(projectsPipeline, wired.deps, cs.id, { principal: config.operator, runId: planned.runId });
      }
      const stats = sandbox.intacct.stats();
      return {
        planned,
        done,
        wallMs: performance.now() - t0,
        planMs,
        requests: stats.requests - stats0.requests,
        writes: writes(stats) - writes(stats0),
      };
    } finally {
      await wired.close();
    }
  };
  try {
    const first = await once();
    const rerun = await once();
    if (rerun.writes !== 0) throw new Error(`projects re-run made ${rerun.writes} Intacct writes`);
    const p = first.planned.preview;
    return {
      name: 'projects_sync',
      scale: options.scale,
      contracts: p.contracts,
      projects: p.projects,
      transactions: p.transactions,
      milestonesReached: p.milestonesReached,
      planned: p.toSend,
      written: first.done?.written ?? 0,
      failed: first.done?.failed ?? 0,
      exceptions: p.exceptions,
      intacctRequests: first.requests,
      intacctWrites: first.writes,
      wallMs: Math.round(first.wallMs),
      planMs: Math.round(first.planMs),
      rerunMs: Math.round(rerun.wallMs),
      rerunIntacctRequests: rerun.requests,
      rerunIntacctWrites: rerun.writes,
      peakRssMiB: Math.round(Math.max(peakRss, process.memoryUsage().rss) / MiB),
    };
  } finally {
    clearInterval(sampler);
    state.close();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
