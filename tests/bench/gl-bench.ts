/**
 * Period-end GL sync benchmark: N fixture entries (4 lines each) synced in-process with `runGlSync` against the
 * Intacct emulator at a fixed latency and Intacct's concurrency limit, compared with the latency bound
 * (requests x latency / concurrency) and with a naive one-entry-per-request, one-at-a-time sync.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGlSync, type GlSyncSummary } from '../../src/core/gl/gl-pipeline.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { openStateStore, pickCompany, wireGl } from '../../src/server/gl-wiring.ts';
import { buildGlFixture, emulatorBatches, type GlFixture } from '../fixtures/gl-fixture.ts';

const MAX_CONCURRENT = 2;
const FUNCTIONS_PER_REQUEST = 50;
const LINES_PER_ENTRY = 4;

interface Measured {
  summary: GlSyncSummary;
  wallMs: number;
  /** Start of the run until the approval step is reached: extract, map, validate, plan (change set written). */
  planMs: number;
  cpuMicros: number;
  requests: number;
  rejected429: number;
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
    const summary = await runGlSync(wired.deps, {
      company: company.key,
      principal: config.operator,
      selection: { kind: 'period', year: 2026, period: 6 },
      options: company.gl,
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
    return { summary, wallMs, planMs: approvedAt - t0, cpuMicros: cpu.user + cpu.system, requests: stats.requests, rejected429: stats.rejected429 };
  } finally {
    await wired.close();
    state.close();
  }
}

/**
 * Wall time of a period-end sync of `entries` entries at `latencyMs` per request and max-concurrent 2 (emulator and
 * config), against the bound and against a naive serial sync measured on `naiveSample` entries and extrapolated.
 */
export async function benchGlSync(options: { entries: number; latencyMs: number; naiveSample: number }) {
  const root = mkdtempSync(join(tmpdir(), 'sagebridge-gl-bench-'));
  try {
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
      wallMs: Math.round(batched.wallMs),
      boundMs: Math.round(boundMs),
      boundFormula: 'latency-delayed requests x latencyMs / maxConcurrent',
      wallOverBound: Number((batched.wallMs / boundMs).toFixed(3)),
      /** Of wallMs: extract + map + plan before the approval step, then delivery (requests and confirmations). */
      phases: { extractAndPlanMs: Math.round(batched.planMs), deliveryMs: Math.round(batched.wallMs - batched.planMs) },
      deliveryOverBound: Number(((batched.wallMs - batched.planMs) / boundMs).toFixed(3)),
      boundOverWall: Number((boundMs / batched.wallMs).toFixed(3)),
      withinTarget: boundMs / batched.wallMs >= 0.8,
      intacctRequests: batched.requests,
      rejected429: batched.rejected429,
      pipelineApiRequests: batched.summary.apiRequests,
      localCpuMicrosPerEntry: Math.round(batched.cpuMicros / options.entries),
      cpuIncludesEmulator: true,
      cpuNote: 'process.cpuUsage over runGlSync; the Intacct emulator runs in the same process, so its request handling (XML parse, validation, SQLite writes) is included',
      naiveSerial: {
        measuredEntries: options.naiveSample,
        functionsPerRequest: 1,
        maxConcurrent: 1,
        requests: naive.requests,
        wallMs: Math.round(naive.wallMs),
        perEntryMs: Number(naivePerEntryMs.toFixed(1)),
        extrapolatedWallMs: Math.round(naiveExtrapolatedMs),
      },
      speedupOverNaive: Number((naiveExtrapolatedMs / batched.wallMs).toFixed(1)),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
