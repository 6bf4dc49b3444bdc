/**
 * Issue acceptance for the GL pipeline: a 2,000-entry period sync through the REAL CLI, SIGKILLed at seeded random
 * points at least 10 times and restarted each time, ends with every entry in Intacct exactly once, totals equal to
 * the Sage 300 source to the cent, and a consistent state store. A final re-run writes nothing. Each restart
 * recovers what the killed process left and resumes the same change set: afterwards no change set is executing, no
 * run is running, and the item table holds one copy of the plan. tests/reliability/gl-crash-mcp.test.ts does the
 * same through the MCP approve path.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/sandbox/intacct-emulator/faults.ts';
import { buildGlFixture, emulatorBatches, emulatorTotals, sameAmount, type GlFixture } from '../fixtures/gl-fixture.ts';
import { countXrefs, inspectState } from '../helpers/crash-state.ts';
import { BIN } from '../helpers/spawn-cli.ts';

const ENTRIES = 2000;
const KILLS = 10;
const MAX_ATTEMPTS = 16;
const SEED = 0x6c5eed;

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/**
 * Where a kill is aimed. `spawn`: that long after the process starts (startup, extract, planning, approval or early
 * delivery). `progress`: once the state store holds `xrefs` GLBATCH cross-references (polled read-only), plus a
 * jitter, so kills are spread over the whole delivery, from the first batches to the last ones.
 */
type KillPlan = { anchor: 'spawn'; ms: number } | { anchor: 'progress'; xrefs: number; jitterMs: number } | undefined;

function runSync(fx: GlFixture, kill: KillPlan): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, '--config', fx.configPath, 'sync', 'gl', '--period', '2026-06', '--yes', '--json']);
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    let poll: NodeJS.Timeout | undefined;
    let db: Database.Database | undefined;
    const arm = (ms: number) => {
      timer ??= setTimeout(() => child.kill('SIGKILL'), ms);
    };
    if (kill?.anchor === 'spawn') arm(kill.ms);
    if (kill?.anchor === 'progress') {
      poll = setInterval(() => {
        if (!db && existsSync(fx.stateDb)) db = new Database(fx.stateDb, { readonly: true, fileMustExist: true });
        const n = countXrefs(db);
        if (n !== undefined && n >= kill.xrefs) {
          clearInterval(poll);
          arm(kill.jitterMs);
        }
      }, 25);
    }
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      clearInterval(poll);
      db?.close();
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

describe('GL sync under SIGKILL through the real CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sagebridge-gl-crash-'));
  let fx: GlFixture;

  beforeAll(async () => {
    // 2 lines per entry keeps each restart's extract short; 30 ms latency makes delivery span a few seconds.
    fx = await buildGlFixture(dir, { entries: ENTRIES, linesPerEntry: 2, latencyMs: 30, seed: SEED, logLevel: 'info' });
  });
  afterAll(async () => {
    await fx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`posts all ${ENTRIES} entries exactly once across ${KILLS}+ random SIGKILLs, with totals equal to Sage 300`, async () => {
    const rng = seededRandom(SEED);
    // Progress targets spread uniformly over the delivery (sorted, so each restart has work left before its kill),
    // with two kills aimed by time from process start mixed in at random positions.
    const targets = Array.from({ length: KILLS - 2 }, () => Math.floor(20 + rng() * (ENTRIES - 40))).sort((a, b) => a - b);
    const plans: NonNullable<KillPlan>[] = targets.map((xrefs) => ({ anchor: 'progress', xrefs, jitterMs: Math.round(rng() * 120) }));
    for (let k = 0; k < 2; k++)
      plans.splice(Math.floor(rng() * (plans.length + 1)), 0, { anchor: 'spawn', ms: Math.round(300 + rng() * 3500) });
    const log: { plan: string; ms: number; result: string; xrefs: number; sending: number }[] = [];
    let kills = 0;
    for (let attempt = 0; kills < KILLS && attempt < MAX_ATTEMPTS; attempt++) {
      const plan: NonNullable<KillPlan> = plans[attempt] ?? { anchor: 'spawn', ms: Math.round(300 + rng() * 3500) };
      const out = await runSync(fx, plan);
      const state = inspectState(fx.stateDb);
      log.push({
        plan: plan.anchor === 'spawn' ? `spawn+${plan.ms}ms` : `xrefs>=${plan.xrefs}+${plan.jitterMs}ms`,
        ms: out.ms,
        result: out.signal ?? `exit ${out.code}`,
        xrefs: state?.xrefs ?? 0,
        sending: state?.byState.sending ?? 0,
      });
      if (out.signal === 'SIGKILL') kills++;
      else expect(out.code, `an unkilled run must complete: ${out.stderr.slice(-2000)}`).toBe(0);
      if (state) {
        expect(state.integrity).toBe('ok');
        expect(state.violations).toEqual([]);
        expect(state.confirmedWithoutXref).toBe(0);
        expect(state.xrefs).toBe(state.confirmedSources);
      }
    }
    console.log(`gl-crash kills: ${JSON.stringify(log)}`);
    expect(kills, JSON.stringify(log)).toBeGreaterThanOrEqual(KILLS);
    // The kills must have landed mid-delivery, or this test proved nothing.
    const midRun = log.filter((l) => l.result === 'SIGKILL' && l.xrefs > 0 && l.xrefs < ENTRIES);
    expect(midRun.length, JSON.stringify(log)).toBeGreaterThanOrEqual(3);
    expect(new Set(midRun.map((l) => l.xrefs)).size, 'mid-run kills at distinct points').toBeGreaterThanOrEqual(3);

    const final = await runSync(fx, undefined);
    expect(final.code, final.stderr.slice(-2000)).toBe(0);
    const summary = JSON.parse(final.stdout) as {
      status: string;
      written: number;
      alreadyApplied: number;
      unknown: number;
      exceptions: number;
    };
    expect(['completed', 'nothing_to_do']).toContain(summary.status);
    expect(summary.unknown).toBe(0);
    expect(summary.exceptions).toBe(0);

    // Intacct: exactly the 2,000 entries, each REFERENCENO once, totals equal to the source to the cent.
    const batches = emulatorBatches(fx.emulator, fx.referencePrefix);
    const totals = emulatorTotals(batches);
    expect(totals.duplicates).toEqual([]);
    expect(totals.entries).toBe(ENTRIES);
    expect(totals.distinctReferences).toBe(ENTRIES);
    expect(new Set(batches.map((b) => b.reference))).toEqual(new Set(fx.expected.sourceKeys.map((k) => `S300:${k}`)));
    expect(sameAmount(totals.debitTotal, fx.expected.debitTotal), `${totals.debitTotal} vs ${fx.expected.debitTotal}`).toBe(true);
    expect(Object.keys(totals.byAccount).sort()).toEqual(Object.keys(fx.expected.byAccount).sort());
    for (const [account, net] of Object.entries(fx.expected.byAccount))
      expect(sameAmount(totals.byAccount[account]!, net), `account ${account}`).toBe(true);
    for (const b of batches) expect(b.lines.length).toBe(2);
    const stats = fx.emulator.stats();
    // Kills with batches in flight force same-key resends: more create functions than records, yet no duplicate.
    expect(stats.byFunction.create!).toBeGreaterThan(ENTRIES);

    // State: 2,000 xrefs pointing at the very records Intacct holds, every confirmation linked, nothing in flight.
    const state = inspectState(fx.stateDb)!;
    expect(state.integrity).toBe('ok');
    expect(state.violations).toEqual([]);
    expect(state.xrefs).toBe(ENTRIES);
    expect(state.confirmedSources).toBe(ENTRIES);
    expect(state.byState.confirmed).toBe(ENTRIES);
    expect(state.confirmedWithoutXref).toBe(0);
    expect(state.byState.sending ?? 0).toBe(0);
    expect(state.byState.unknown ?? 0).toBe(0);
    expect(state.byState.approved ?? 0).toBe(0);
    for (const b of batches) expect(state.xrefRecordNos.get(b.reference.slice('S300:'.length))).toBe(b.recordNo);
    // No debris: every restart resumed the one change set (no copy of the plan per retry), and every run a kill
    // cut short was closed as interrupted when the next process opened the store.
    expect(state.changeSets).toEqual({ executed: 1 });
    expect(state.runs.running ?? 0).toBe(0);
    // (A kill during start-up, before the run was recorded, leaves no run; one during delivery leaves one.)
    expect(state.runs.interrupted ?? 0, JSON.stringify(state.runs)).toBeGreaterThanOrEqual(1);
    expect(state.runs.interrupted ?? 0, JSON.stringify(state.runs)).toBeLessThanOrEqual(kills);
    expect({ rows: state.itemRows, keys: state.itemKeys }).toEqual({ rows: ENTRIES, keys: ENTRIES });

    // A re-run finds everything cross-referenced and writes nothing.
    const createsBefore = stats.byFunction.create;
    const again = await runSync(fx, undefined);
    expect(again.code, again.stderr.slice(-2000)).toBe(0);
    const againSummary = JSON.parse(again.stdout) as { status: string; written: number; skipped: number };
    expect(againSummary).toMatchObject({ status: 'nothing_to_do', written: 0, skipped: ENTRIES });
    expect(fx.emulator.stats().byFunction.create).toBe(createsBefore);
    expect(emulatorBatches(fx.emulator, fx.referencePrefix)).toHaveLength(ENTRIES);
    console.log(
      `gl-crash: ${kills} kills (${midRun.length} mid-delivery), ${stats.byFunction.create} create functions for ${ENTRIES} records, final run ${final.ms} ms ${JSON.stringify(summary)}`,
    );
  }, 170_000);
});
