import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
/**
 * Period-end GL sync benchmark: N fixture entries (4 lines each) synced with `runChangeSet(glPipeline, …)` against the Intacct
 * emulator at a fixed latency and Intacct's concurrency limit, compared with the latency bound (requests x latency /
 * concurrency) and with a naive one-entry-per-request, one-at-a-time sync. The headline runs the emulator in its own
 * process; it is measured in a fresh process first (cold) and again after the other runs (warm, the server's case).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glPipeline, type GlSyncSummary } from '../../src/core/gl/gl-pipeline.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { glPostingOptions, openStateStore } from '../../src/server/gl-wiring.ts';
import { wireGl, pickCompany } from '../helpers/standalone-wiring.ts';
import { buildGlFixture, emulatorBatches, type GlFixture } from '../fixtures/gl-fixture.ts';

const MAX_CONCURRENT = 2;
const FUNCTIONS_PER_REQUEST = 50;
const BIN = fileURLToPath(new URL('../../bin/sagebridge.mjs', import.meta.url));
const LINES_PER_ENTRY = 4;

interface Measured {
  summary: GlSyncSummary;
  wallMs: number;
  /** Start of the run until the approval step is reached: extract, map, validate, plan (change set written). */
  planMs: number;
  cpuMicros: number;
  requests: number;
  rejected429: number;
  /** The emulator's own processing per answered request (counted inside the latency, not added to it). */
  emulatorProcessingMsPerRequest: number;
}

/** One full period sync of the fixture (extract, map, plan, approve, deliver, confirm), timed and CPU-measured. */
async function measureSync(fx: GlFixture): Promise<Measured> {
  const { config } = fx;
  const state = openStateStore(config);
  const company = pickCompany(config, undefined);
  const wired = wireGl(config, company, state.store, silentLogger());
  try {
    fx.emulator.resetStats();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let approvedAt = t0;
    const summary = await runChangeSet(glPipeline, wired.deps, {
      company: company.key,
      principal: config.operator,
      selection: { kind: 'period', year: 2026, period: 6 },
      options: glPostingOptions(company),
      approve: () => {
        approvedAt = performance.now();
        return Promise.resolve({ decision: 'approved', by: config.operator, selfConfirmed: true, note: 'bench' });
      },
    });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const stats = fx.emulator.stats();
    if (summary.status !== 'completed' || summary.written !== fx.expected.entries) {
      throw new Error(`bench sync did not complete cleanly: ${JSON.stringify(summary)}`);
    }
    const landed = emulatorBatches(fx.emulator, fx.referencePrefix).length;
    if (landed !== fx.expected.entries) throw new Error(`bench sync left ${landed} entries in Intacct, expected ${fx.expected.entries}`);
    const answered = Math.max(1, stats.requests - stats.rejected429);
    return {
      summary,
      wallMs,
      planMs: approvedAt - t0,
      cpuMicros: cpu.user + cpu.system,
      requests: stats.requests,
      rejected429: stats.rejected429,
      emulatorProcessingMsPerRequest: Number((stats.processingMs / answered).toFixed(1)),
    };
  } finally {
    await wired.close();
    state.close();
  }
}

/** CPU time (user + system, µs) a process has used so far, from /proc on Linux; undefined elsewhere. */
function processCpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime (fields 14 and 15 of stat, 12 and 13 after the command name) in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return undefined;
  }
}

/**
 * The same sync with the emulator in its own process (`sagebridge emulate intacct --db FILE`), as Intacct would be:
 * the CPU figure is then the pipeline's alone, and the event loop is not shared with the emulator's work.
 */
async function measureOutOfProcess(
  root: string,
  options: { entries: number; latencyMs: number },
  run: { name: string; companyId: string; seed: number },
) {
  const dbPath = join(root, `${run.name}-intacct.db`);
  const fx = await buildGlFixture(join(root, run.name), {
    entries: options.entries,
    linesPerEntry: LINES_PER_ENTRY,
    maxConcurrent: MAX_CONCURRENT,
    functionsPerRequest: FUNCTIONS_PER_REQUEST,
    companyId: run.companyId,
    seed: run.seed,
    emulatorDbPath: dbPath,
  });
  await fx.close(); // the seeded company stays in dbPath for the emulator process
  const child = spawn(
    process.execPath,
    [
      BIN,
      'emulate',
      'intacct',
      '--db',
      dbPath,
      '--port',
      '0',
      '--json',
      '--latency-ms',
      String(options.latencyMs),
      '--max-concurrent',
      String(MAX_CONCURRENT),
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const nl = buf.indexOf('\n');
        if (nl >= 0) resolve((JSON.parse(buf.slice(0, nl)) as { endpoint: string }).endpoint);
      });
      child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
    });
    const base = fx.config.intacct.companies[0]!;
    const config = { ...fx.config, intacct: { companies: [{ ...base, endpoint }] } };
    const state = openStateStore(config);
    const company = pickCompany(config, undefined);
    const wired = wireGl(config, company, state.store, silentLogger());
    try {
      await fetch(new URL('/_emulator/reset-stats', endpoint), { method: 'POST' });
      const emulatorCpu0 = processCpuMicros(child.pid);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      let approvedAt = t0;
      const summary = await runChangeSet(glPipeline, wired.deps, {
        company: company.key,
        principal: config.operator,
        selection: { kind: 'period', year: 2026, period: 6 },
        options: glPostingOptions(company),
        approve: () => {
          approvedAt = performance.now();
          return Promise.resolve({ decision: 'approved', by: config.operator, selfConfirmed: true, note: 'bench' });
        },
      });
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      const emulatorCpu1 = processCpuMicros(child.pid);
      const stats = (await (await fetch(new URL('/_emulator/stats', endpoint))).json()) as {
        requests: number;
        rejected429: number;
        processingMs: number;
      };
      if (summary.status !== 'completed' || summary.written !== fx.expected.entries)
        throw new Error(`out-of-process bench sync did not complete: ${JSON.stringify(summary)}`);
      const counts = (await (await fetch(new URL('/_emulator/counts', endpoint))).json()) as Record<string, number>;
      if (counts.GLBATCH !== fx.expected.entries)
        throw new Error(`out-of-process bench sync left ${counts.GLBATCH} entries in Intacct, expected ${fx.expected.entries}`);
      // Every request the emulator answered with its latency, the session request included (429s cost no latency).
      const delayed = stats.requests - stats.rejected429;
      const boundMs = (delayed * options.latencyMs) / MAX_CONCURRENT;
      return {
        wallMs: Math.round(wallMs),
        boundMs: Math.round(boundMs),
        boundOverWall: Number((boundMs / wallMs).toFixed(3)),
        withinTarget: boundMs / wallMs >= 0.8,
        requests: stats.requests,
        pipelineApiRequests: summary.apiRequests,
        extractAndPlanMs: Math.round(approvedAt - t0),
        deliveryMs: Math.round(wallMs - (approvedAt - t0)),
        rejected429: stats.rejected429,
        /** Inside latencyMs, not added to it: the emulator answers latencyMs after arrival unless processing took longer. */
        emulatorProcessingMsPerRequest: Number((stats.processingMs / Math.max(1, delayed)).toFixed(1)),
        pipelineCpuMicrosPerEntry: Math.round((cpu.user + cpu.system) / options.entries),
        /** The emulator process's own CPU over the sync (Linux /proc; null elsewhere): it is single-threaded, so this bounds it. */
        emulatorCpuMicrosPerEntry:
          emulatorCpu0 !== undefined && emulatorCpu1 !== undefined ? Math.round((emulatorCpu1 - emulatorCpu0) / options.entries) : null,
      };
    } finally {
      await wired.close();
      state.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Wall time of a period-end sync of `entries` entries at `latencyMs` per request and max-concurrent 2 (emulator and
 * config), against the bound and against a naive serial sync measured on `naiveSample` entries and extrapolated.
 */
export async function benchGlSync(options: { entries: number; latencyMs: number; naiveSample: number }) {
  const root = mkdtempSync(join(tmpdir(), 'sagebridge-gl-bench-'));
  try {
    // First, before this process has run any sync code: what a one-shot CLI run sees (code not yet optimised).
    const cold = await measureOutOfProcess(root, options, { name: 'cold', companyId: 'REMOT0', seed: 2029 });
    const batchedFx = await buildGlFixture(join(root, 'batched'), {
      entries: options.entries,
      linesPerEntry: LINES_PER_ENTRY,
      latencyMs: options.latencyMs,
      maxConcurrent: MAX_CONCURRENT,
      functionsPerRequest: FUNCTIONS_PER_REQUEST,
      companyId: 'BENCH1',
      seed: 2026,
    });
    let batched: Measured;
    try {
      batched = await measureSync(batchedFx);
    } finally {
      await batchedFx.close();
    }

    // The naive baseline: one entry per request, one request at a time, same emulator limit and latency.
    const naiveFx = await buildGlFixture(join(root, 'naive'), {
      entries: options.naiveSample,
      linesPerEntry: LINES_PER_ENTRY,
      latencyMs: options.latencyMs,
      maxConcurrent: 1,
      emulatorMaxConcurrent: MAX_CONCURRENT,
      functionsPerRequest: 1,
      companyId: 'NAIVE1',
      seed: 2027,
    });
    let naive: Measured;
    try {
      naive = await measureSync(naiveFx);
    } finally {
      await naiveFx.close();
    }

    const outOfProcess = await measureOutOfProcess(root, options, { name: 'warm', companyId: 'REMOT1', seed: 2028 });

    // Requests answered with the injected latency (429s are refused at once and cost no latency).
    const delayed = batched.requests - batched.rejected429;
    const boundMs = (delayed * options.latencyMs) / MAX_CONCURRENT;
    const naivePerEntryMs = naive.wallMs / options.naiveSample;
    const naiveExtrapolatedMs = naivePerEntryMs * options.entries;
    return {
      name: 'gl_sync_period_end',
      entries: options.entries,
      linesPerEntry: LINES_PER_ENTRY,
      latencyMs: options.latencyMs,
      maxConcurrent: MAX_CONCURRENT,
      functionsPerRequest: FUNCTIONS_PER_REQUEST,
      boundFormula: 'latency-delayed requests x latencyMs / maxConcurrent',
      targetBoundOverWall: 0.8,
      /**
       * The headline: the emulator in its own process, as Intacct is a separate server, and the pipeline in a process
       * that has run syncs before (as the long-running MCP server does): measured after the runs below.
       */
      ...outOfProcess,
      /** The same measurement as the very first sync of a fresh process (a one-shot `sagebridge sync gl`). */
      coldProcess: {
        wallMs: cold.wallMs,
        boundOverWall: cold.boundOverWall,
        withinTarget: cold.withinTarget,
        extractAndPlanMs: cold.extractAndPlanMs,
        deliveryMs: cold.deliveryMs,
        rejected429: cold.rejected429,
      },
      speedupOverNaive: Number((naiveExtrapolatedMs / outOfProcess.wallMs).toFixed(1)),
      /** The same sync with the emulator on the pipeline's own event loop: its request handling competes with the pipeline's. */
      emulatorInProcess: {
        wallMs: Math.round(batched.wallMs),
        boundMs: Math.round(boundMs),
        boundOverWall: Number((boundMs / batched.wallMs).toFixed(3)),
        withinTarget: boundMs / batched.wallMs >= 0.8,
        /** Of wallMs: extract + map + plan before the approval step, then delivery (requests and confirmations). */
        extractAndPlanMs: Math.round(batched.planMs),
        deliveryMs: Math.round(batched.wallMs - batched.planMs),
        requests: batched.requests,
        rejected429: batched.rejected429,
        emulatorProcessingMsPerRequest: batched.emulatorProcessingMsPerRequest,
        cpuMicrosPerEntryWithEmulator: Math.round(batched.cpuMicros / options.entries),
      },
      naiveSerial: {
        measuredEntries: options.naiveSample,
        functionsPerRequest: 1,
        maxConcurrent: 1,
        requests: naive.requests,
        wallMs: Math.round(naive.wallMs),
        perEntryMs: Number(naivePerEntryMs.toFixed(1)),
        extrapolatedWallMs: Math.round(naiveExtrapolatedMs),
      },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
