// `npm run fuzz [-- --runs N] [-- --seed S]`: the fuzz suite at length (default 10,000 calls, a random seed), printing
// the seed and the figures. Exit 1 when any call broke a property; rerun with the printed seed to reproduce.
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { fuzzCase } from './fuzz-cases.ts';
import { count, emptyTally, runCase } from './fuzz-check.ts';
import { openFuzzWorld } from './fuzz-world.ts';

const { values } = parseArgs({ options: { seed: { type: 'string' }, runs: { type: 'string' } } });
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const runs = values.runs === undefined ? 10_000 : Number(values.runs);
if (!Number.isSafeInteger(seed) || !Number.isSafeInteger(runs) || runs < 1) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] (whole numbers)');
  process.exit(2);
}

console.log(`fuzz: seed ${seed}, ${runs} calls`);
const world = await openFuzzWorld();
const tally = emptyTally();
const started = performance.now();
try {
  await fc.assert(
    fc.asyncProperty(fuzzCase(world), async (c) => {
      const t0 = performance.now();
      const verdict = await runCase(world, c);
      count(tally, c, verdict, performance.now() - t0);
      if (tally.cases % 1000 === 0) console.log(`  ${tally.cases} calls, ${tally.failing} failing`);
    }),
    { seed, numRuns: runs },
  );
} finally {
  await world.close();
}
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify(
    {
      seed,
      cases: tally.cases,
      seconds: Number(seconds.toFixed(1)),
      internal: tally.internal,
      writes: tally.writes,
      calls_without_audit_row: tally.unaudited,
      failing: tally.failing,
      valid_succeeded: tally.validSucceeded,
      by_kind: tally.byLabel,
      ms_by_kind: tally.msByLabel,
    },
    null,
    2,
  ),
);
for (const example of tally.examples) console.log(`- ${example}`);
process.exitCode = tally.failing > 0 ? 1 : 0;
