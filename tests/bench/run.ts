import { benchBuildParse, benchCreateEntries } from './intacct-bench.ts';
import { machine } from './machine.ts';
import { benchGlpostExtract } from './sage300-sql-bench.ts';

/** `npm run bench`: prints one JSON document with the machine and every result. Set BENCH_QUICK=1 for a smoke run. */
const quick = process.env.BENCH_QUICK === '1';
const results = [];
results.push(await benchBuildParse());
results.push(await benchCreateEntries(quick ? { total: 200, naiveSample: 10, latencyMs: 20 } : { total: 2000, naiveSample: 100, latencyMs: 100 }));
results.push(await benchGlpostExtract(quick ? 20_000 : 1_000_000));
process.stdout.write(`${JSON.stringify({ machine: machine(), quick, results }, null, 2)}\n`);
