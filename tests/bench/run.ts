import { benchAudit } from './audit-bench.ts';
import { benchGenerate } from './demo-data-bench.ts';
import { benchBuildParse, benchCreateEntries } from './intacct-bench.ts';
import { machine } from './machine.ts';
import { benchResolve } from './mapping-bench.ts';
import { benchGlpostExtract, benchPagedReads } from './sage300-sql-bench.ts';

/**
 * `npm run bench`: prints one JSON document with the machine and every result. BENCH_QUICK=1 runs small sizes as a
 * smoke test; BENCH_ONLY=name1,name2 runs a subset (intacct, sage300-sql, demo-data, mapping, gl, lookup, ap, ar, mcp, audit, recon, vendors, customers, po, projects, console).
 */
const quick = process.env.BENCH_QUICK === '1';
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const want = (name: string) => only.size === 0 || only.has(name);
const results: unknown[] = [];
const log = (name: string) => process.stderr.write(`bench: ${name}…\n`);

if (want('intacct')) {
  log('intacct');
  results.push(await benchBuildParse());
  results.push(
    await benchCreateEntries(quick ? { total: 200, naiveSample: 10, latencyMs: 20 } : { total: 2000, naiveSample: 100, latencyMs: 100 }),
  );
}
if (want('mapping')) {
  log('mapping');
  results.push(benchResolve(quick ? 5 : 50));
}
if (want('sage300-sql')) {
  log('sage300-sql');
  results.push(await benchGlpostExtract(quick ? 20_000 : 1_000_000));
  results.push(await benchPagedReads(quick ? { glpostRows: 20_000, otherRows: 10_000 } : { glpostRows: 200_000, otherRows: 50_000 }));
}
if (want('demo-data')) {
  log('demo-data');
  results.push(await benchGenerate(quick ? [1] : [1, 100]));
}
if (want('gl')) {
  log('gl');
  try {
    const { benchGlSync } = await import('./gl-bench.ts');
    results.push(
      await benchGlSync(quick ? { entries: 500, latencyMs: 20, naiveSample: 20 } : { entries: 10_000, latencyMs: 100, naiveSample: 100 }),
    );
  } catch (err) {
    results.push({ name: 'gl_sync', error: (err as Error).message });
  }
}
if (want('lookup')) {
  log('lookup');
  try {
    const { benchLookupBeforeCreate } = await import('./lookup-bench.ts');
    results.push(await benchLookupBeforeCreate(quick ? { entries: 500, latencyMs: 20 } : { entries: 10_000, latencyMs: 100 }));
  } catch (err) {
    results.push({ name: 'gl_lookup_before_create', error: (err as Error).message });
  }
}
if (want('ap')) {
  log('ap');
  try {
    const { benchApSync } = await import('./ap-bench.ts');
    results.push(await benchApSync({ scale: quick ? 2 : 20 }));
  } catch (err) {
    results.push({ name: 'ap_sync', error: (err as Error).message });
  }
}
if (want('ar')) {
  log('ar');
  try {
    const { benchArSync } = await import('./ar-bench.ts');
    results.push(await benchArSync({ scale: quick ? 2 : 20 }));
  } catch (err) {
    results.push({ name: 'ar_sync', error: (err as Error).message });
  }
}
if (want('console')) {
  log('console');
  const { benchConsole } = await import('./console-bench.ts');
  results.push(await benchConsole(quick ? { entries: 1000, rounds: 2, perRound: 5 } : { entries: 10_000, rounds: 5, perRound: 20 }));
}
if (want('mcp')) {
  log('mcp');
  const { benchMcpLatency } = await import('./mcp-bench.ts');
  results.push(await benchMcpLatency(quick ? 100 : 1000));
}
if (want('audit')) {
  log('audit');
  results.push(benchAudit(quick ? 2_000 : 20_000));
  const { benchAuditCheckpoints } = await import('./audit-checkpoint-bench.ts');
  results.push(await benchAuditCheckpoints(quick ? 2_000 : 20_000));
}
if (want('recon')) {
  log('recon');
  const { benchReconcile } = await import('./recon-bench.ts');
  results.push(await benchReconcile(quick ? { accounts: 200, periods: 2 } : { accounts: 5_000, periods: 12 }));
}
if (want('vendors')) {
  log('vendors');
  const { benchVendorSync } = await import('./vendor-bench.ts');
  results.push(await benchVendorSync(quick ? { vendors: 1_000, latencyMs: 20 } : { vendors: 10_000, latencyMs: 100 }));
}
if (want('customers')) {
  log('customers');
  const { benchCustomerSync } = await import('./customer-bench.ts');
  results.push(await benchCustomerSync({ scale: quick ? 2 : 20 }));
}
if (want('po')) {
  log('po');
  try {
    const { benchPoSync } = await import('./po-bench.ts');
    results.push(await benchPoSync({ scale: quick ? 2 : 20 }));
  } catch (err) {
    results.push({ name: 'po_sync', error: (err as Error).message });
  }
}
if (want('projects')) {
  log('projects');
  try {
    const { benchProjectSync } = await import('./projects-bench.ts');
    results.push(await benchProjectSync({ scale: quick ? 2 : 20 }));
  } catch (err) {
    results.push({ name: 'projects_sync', error: (err as Error).message });
  }
}
process.stdout.write(`${JSON.stringify({ machine: machine(), quick, results }, null, 2)}\n`);
