import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzCase, MCP_TOOLS, type FuzzCase } from './fuzz-cases.ts';
import { count, describeCase, emptyTally, runCase } from './fuzz-check.ts';
import { openFuzzWorld, type FuzzWorld } from './fuzz-world.ts';

/** The CI run's seed and size; `npm run fuzz` runs 10,000 calls with a random or given seed (tests/fuzz/run.ts). */
const CI_SEED = 20261207;
const CI_RUNS = 2_000;

let world: FuzzWorld;

beforeAll(async () => {
  world = await openFuzzWorld();
});
afterAll(async () => {
  await world.close();
});

describe('fuzzed tool calls through the MCP client', () => {
  it(`${CI_RUNS} calls (seed ${CI_SEED}): no internal error, invalid calls named and without effect, every call audited`, async () => {
    const tally = emptyTally();
    const reached = new Map<string, Set<string>>();
    await fc.assert(
      fc.asyncProperty(fuzzCase(world), async (c) => {
        const t0 = performance.now();
        const verdict = await runCase(world, c);
        count(tally, c, verdict, performance.now() - t0);
        const labels = reached.get(c.tool) ?? new Set<string>();
        reached.set(c.tool, labels.add(c.label));
        if (verdict.problems.length > 0) throw new Error(`${describeCase(c)}\n  ${verdict.problems.join('\n  ')}`);
      }),
      { seed: CI_SEED, numRuns: CI_RUNS, endOnFailure: true },
    );
    expect({ internal: tally.internal, writes: tally.writes, unaudited: tally.unaudited }).toEqual({
      internal: 0,
      writes: 0,
      unaudited: 0,
    });
    expect(tally.cases).toBe(CI_RUNS);
    // The valid calls were mostly answered, not refused: the generator knows what the fields mean.
    expect(tally.validSucceeded, `${tally.validSucceeded} of ${tally.byLabel.valid ?? 0}`).toBeGreaterThan((tally.byLabel.valid ?? 0) / 2);
    // Every broken approval and rejection aimed at these: none of them was executed, rejected or superseded.
    for (const id of world.pendingChangeSets) expect(world.app.store.changeSets.get(id)?.status, `change set ${id}`).toBe('planned');
    // The run reached every tool both with calls its schema accepts and with calls that break it.
    for (const tool of MCP_TOOLS) {
      const labels = [...(reached.get(tool.name) ?? [])];
      expect(labels, tool.name).toContain('valid');
      expect(labels.filter((l) => l !== 'valid').length, tool.name).toBeGreaterThan(0);
    }
    for (const label of ['wrong_type', 'out_of_range', 'missing', 'selection', 'extra_key', 'wrong_principal', 'unknown_tool'])
      expect(tally.byLabel[label] ?? 0, label).toBeGreaterThan(10);
  }, 240_000);
});

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const invalid = (principal: string, tool: string, args: Record<string, unknown>, names: string, code = 'invalid_arguments'): FuzzCase => ({
  label: 'known',
  principal,
  tool,
  args,
  expect: { kind: 'invalid', code, names },
});
const valid = (principal: string, tool: string, args: Record<string, unknown>): FuzzCase => ({
  label: 'known',
  principal,
  tool,
  args,
  expect: { kind: 'valid' },
});

describe('inputs the fuzz suite found', () => {
  it.each([
    // Each of these came back `internal`, was accepted, or echoed a 900 KB text before the fix.
    ['as_of 2026-02-30', invalid('agent', 'validate_mappings', { as_of: '2026-02-30' }, 'as_of')],
    ['as_of 2026-02-29', invalid('agent', 'validate_mappings', { as_of: '2026-02-29' }, 'as_of')],
    ['after_seq at the largest safe integer', invalid('auditor', 'query_audit_log', { after_seq: MAX_SAFE }, 'after_seq')],
    ['from "1"', invalid('auditor', 'query_audit_log', { from: '1' }, 'from')],
    ['to "99999"', invalid('auditor', 'query_audit_log', { to: '99999' }, 'to')],
    ['from in year 275760', invalid('auditor', 'query_audit_log', { from: '+275760-09-13T00:00:00.000Z' }, 'from')],
    ['to on February 30th', invalid('auditor', 'query_audit_log', { to: '2026-02-30T00:00:00Z' }, 'to')],
    ['a 900 KB unknown key', invalid('agent', 'get_sync_status', { ['k'.repeat(900_000)]: 1 }, 'k'.repeat(900_000))],
    ['a 900 KB tool name', invalid('agent', 'x'.repeat(900_000), {}, 'x'.repeat(900_000), 'forbidden')],
    // Found by `npm run fuzz` (seed 2066974848): the vendor and customer syncs took a company of any length and echoed it.
    ['a 100 KB company (customers)', invalid('agent', 'sync_customers', { company: 'é'.repeat(100_000), dry_run: true }, 'company')],
    ['a 100 KB company (vendors)', invalid('agent', 'sync_vendors', { company: 'é'.repeat(100_000), dry_run: true }, 'company')],
  ])('%s is refused, naming it, with a short message', async (_title, c) => {
    const verdict = await runCase(world, c);
    expect(verdict.problems).toEqual([]);
  });

  it.each([
    ['after_seq one below the largest safe integer', valid('auditor', 'query_audit_log', { after_seq: MAX_SAFE - 1 })],
    ['a date and an instant in Z', valid('auditor', 'query_audit_log', { from: '2026-11-01', to: '2026-11-01T08:00:00Z' })],
    [
      'instants with offsets, without seconds, with fractions',
      valid('auditor', 'query_audit_log', { from: '2026-11-01T08:00+02:00', to: '2026-11-01T08:00:00.123456-05:30' }),
    ],
    ['as_of on a leap day', valid('agent', 'validate_mappings', { as_of: '2028-02-29' })],
  ])('%s still works', async (_title, c) => {
    const verdict = await runCase(world, c);
    expect(verdict.problems).toEqual([]);
    expect(verdict.succeeded).toBe(true);
  });

  it('an invalid approval of a real pending change set leaves it pending and sends nothing', async () => {
    const id = world.pendingChangeSets[0]!;
    for (const args of [
      { change_set_id: id, comment: 5 },
      { change_set_id: id, digest: 'F'.repeat(64) },
      { change_set_id: id, comment: 'y'.repeat(1001) },
      { change_set_id: id, yes: true },
    ]) {
      const verdict = await runCase(world, invalid('approver', 'approve_change_set', args, Object.keys(args)[1]!));
      expect(verdict.problems, JSON.stringify(args).slice(0, 80)).toEqual([]);
    }
    expect(world.app.store.changeSets.get(id)?.status).toBe('planned');
  });
});
