/**
 * Cost of the lookup-before-create (issue 14): a period of N fixture entries synced with `runChangeSet(glPipeline, …)`
 * against the Intacct emulator at a fixed latency and Intacct's concurrency limit, with the natural-key lookup (the
 * default) and without it (`lookupInTarget: false`), in the same run on fresh companies; then the same period again on
 * an empty state directory (a lost state store): everything is found in Intacct, nothing is created.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { glPipeline, type GlSyncSummary } from '../../src/core/gl/gl-pipeline.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import type { Config } from '../../src/platform/config.ts';
import { glPostingOptions, openStateStore } from '../../src/server/gl-wiring.ts';
import { buildGlFixture, type GlFixture } from '../fixtures/gl-fixture.ts';
import { pickCompany, wireGl } from '../helpers/standalone-wiring.ts';

const MAX_CONCURRENT = 2;
const FUNCTIONS_PER_REQUEST = 50;

interface Measured {
  readonly summary: GlSyncSummary;
  readonly wallMs: number;
  readonly requests: number;
}

async function measure(fx: GlFixture, config: Config, lookupInTarget: boolean): Promise<Measured> {
  const state = openStateStore(config);
  const company = pickCompany(config, undefined);
  const wired = wireGl(config, company, state.store, silentLogger());
  try {
    fx.emulator.resetStats();
    const t0 = performance.now();
    const summary = await runChangeSet(
      glPipeline,
      { ...wired.deps, lookupInTarget },
      {
        company: company.key,
        principal: config.operator,
        selection: { kind: 'period', year: 2026, period: 6 },
        options: glPostingOptions(company),
        approve: () => Promise.resolve({ decision: 'approved', by: config.operator, selfConfirmed: true, note: 'bench' }),
      },
    );
    const wallMs = performance.now() - t0;
    return { summary, wallMs, requests: fx.emulator.stats().requests };
  } finally {
    await wired.close();
    state.close();
  }
}

/** The lookup's extra requests and wall time as ratios to the same sync without it, and the cost of a lost-state re-run. */
export async function benchLookupBeforeCreate(options: { entries: number; latencyMs: number }) {
  const root = mkdtempSync(join(tmpdir(), 'sagebridge-lookup-bench-'));
  const fixture = (name: string, companyId: string, seed: number) =>
    buildGlFixture(join(root, name), {
      entries: options.entries,
      linesPerEntry: 4,
      latencyMs: options.latencyMs,
      maxConcurrent: MAX_CONCURRENT,
      functionsPerRequest: FUNCTIONS_PER_REQUEST,
      companyId,
      seed,
    });
  try {
    const withoutFx = await fixture('without', 'LKUP0', 3031);
    let without: Measured;
    try {
      without = await measure(withoutFx, withoutFx.config, false);
    } finally {
      await withoutFx.close();
    }
    const withFx = await fixture('with', 'LKUP1', 3031);
    let withLookup: Measured;
    let lostState: Measured;
    try {
      withLookup = await measure(withFx, withFx.config, true);
      // The same period again with an empty state directory: every entry is found by REFERENCENO and linked.
      lostState = await measure(withFx, { ...withFx.config, stateDir: join(root, 'with', 'state-lost') }, true);
    } finally {
      await withFx.close();
    }
    for (const [name, m] of [
      ['without lookup', without],
      ['with lookup', withLookup],
    ] as const)
      if (m.summary.status !== 'completed' || m.summary.written !== options.entries)
        throw new Error(`${name}: the sync did not complete: ${JSON.stringify(m.summary)}`);
    if (lostState.summary.written !== 0 || lostState.summary.foundInIntacct !== options.entries)
      throw new Error(`lost-state re-run created entries or missed some: ${JSON.stringify(lostState.summary)}`);
    return {
      name: 'gl_lookup_before_create',
      entries: options.entries,
      latencyMs: options.latencyMs,
      maxConcurrent: MAX_CONCURRENT,
      functionsPerRequest: FUNCTIONS_PER_REQUEST,
      withoutLookup: { wallMs: Math.round(without.wallMs), requests: without.requests },
      withLookup: { wallMs: Math.round(withLookup.wallMs), requests: withLookup.requests },
      extraRequests: withLookup.requests - without.requests,
      requestsRatio: Number((withLookup.requests / without.requests).toFixed(3)),
      wallRatio: Number((withLookup.wallMs / without.wallMs).toFixed(3)),
      lostStateRerun: {
        wallMs: Math.round(lostState.wallMs),
        requests: lostState.requests,
        foundInIntacct: lostState.summary.foundInIntacct,
        written: lostState.summary.written,
        wallRatioToFirstSync: Number((lostState.wallMs / withLookup.wallMs).toFixed(3)),
      },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
