/**
 * Customer sync benchmark against the sandbox's HTTP emulators (Intacct XML gateway and Sage 300 Web API on
 * loopback, no injected latency; Sage 300 read through the SQL reader): a scaled demo company (30 customers per
 * scale unit, every tenth missing in Intacct) is linked by the first run, then 1% of customers change on each
 * side (Sage 300 names; Intacct terms, which the bench config lets Intacct own), then a re-run must write nothing.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEMO_MAPPINGS_DIR } from '../../src/sandbox/demo-mappings.ts';
import { customersPipeline, type CustomerSyncSummary } from '../../src/core/customers/index.ts';
import { runChangeSet } from '../../src/core/sync/engine.ts';
import { parseConfig } from '../../src/platform/config.ts';
import { silentLogger } from '../../src/platform/logger.ts';
import { buildDemoMappings } from '../../src/sandbox/demo-data/demo-mappings.ts';
import { formatStamp } from '../../src/sandbox/intacct-emulator/dates.ts';
import { startSandbox } from '../../src/sandbox/sandbox.ts';
import { wireCustomers, pickCompany } from '../helpers/standalone-wiring.ts';
import { openStateStore } from '../../src/server/gl-wiring.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Runs the customer benchmark at a demo scale. */
export async function benchCustomerSync(options: { scale: number }): Promise<Record<string, unknown>> {
  const root = mkdtempSync(join(tmpdir(), 'sb-customer-bench-'));
  const seedT0 = performance.now();
  const sandbox = await startSandbox({ dataDir: join(root, 'data'), mappingsDir: DEMO_MAPPINGS_DIR, scale: options.scale });
  const seedMs = performance.now() - seedT0;
  // The checked-in demo mappings cover the scale-1 company; a scaled company gets its own generated set.
  const mappingsDir = join(root, 'mappings');
  mkdirSync(mappingsDir);
  for (const [file, text] of Object.entries(buildDemoMappings(sandbox.prepared.intacctCompany, sandbox.prepared.truth.intacct)))
    writeFileSync(join(mappingsDir, file), text);
  const config = parseConfig(
    {
      ...sandbox.config,
      logLevel: 'silent',
      mappingsDir,
      sync: { customers: { systemOfRecord: { default: 'sage300', fields: { TERMS: 'intacct' } } } },
    },
    'bench',
    {},
  );
  const state = openStateStore(config);
  const company = pickCompany(config, undefined);
  const wired = wireCustomers(config, company, state.store, silentLogger());
  const s300 = new Database(sandbox.prepared.paths.sage300Db);
  /** Intacct: XML gateway requests (reads and writes); Sage 300: Web API requests (writes; reads go through SQL). */
  const run = async (): Promise<{ ms: number; requests: { intacct: number; sage300WebApi: number }; summary: CustomerSyncSummary }> => {
    const [i0, s0] = [wired.deps.intacct.requests(), wired.deps.sage300.requests()];
    const t0 = performance.now();
    const summary = await runChangeSet(customersPipeline, wired.deps, {
      company: company.key,
      principal: config.operator,
      direction: 'both',
      approve: () => Promise.resolve({ decision: 'approved', by: config.operator, selfConfirmed: true }),
    });
    return {
      ms: Math.round(performance.now() - t0),
      requests: { intacct: wired.deps.intacct.requests() - i0, sage300WebApi: wired.deps.sage300.requests() - s0 },
      summary,
    };
  };
  try {
    const customers = (s300.prepare('SELECT TRIM(IDCUST) AS id FROM ARCUS ORDER BY IDCUST').all() as { id: string }[]).map((r) => r.id);
    const initial = await run();
    const changed = Math.max(1, Math.floor(customers.length / 100));
    const now = new Date(Date.now() + 1000);
    const date = Number(`${now.getUTCFullYear()}${pad2(now.getUTCMonth() + 1)}${pad2(now.getUTCDate())}`);
    const time = Number(`${pad2(now.getUTCHours())}${pad2(now.getUTCMinutes())}${pad2(now.getUTCSeconds())}00`);
    const idb = sandbox.intacct.db;
    for (let i = 0; i < changed; i++) {
      s300
        .prepare("UPDATE ARCUS SET NAMECUST = ?, AUDTDATE = ?, AUDTTIME = ?, AUDTUSER = 'CLERK' WHERE TRIM(IDCUST) = ?")
        .run(`Bench Renamed ${i}`, date, time, customers[i * 2]!);
      const row = idb.prepare("SELECT recordno, data FROM records WHERE object = 'CUSTOMER' AND id = ?").get(customers[i * 2 + 1]!) as {
        recordno: number;
        data: string;
      };
      const data = JSON.parse(row.data) as Record<string, unknown>;
      idb.prepare('UPDATE records SET data = ? WHERE recordno = ?').run(
        JSON.stringify({
          ...data,
          TERMNAME: data.TERMNAME === 'N45' ? 'N15' : 'N45',
          WHENMODIFIED: formatStamp(new Date()),
          MODIFIEDBY: 'jdoe',
        }),
        row.recordno,
      );
    }
    const sync = await run();
    const rerun = await run();
    const written = (r: { summary: CustomerSyncSummary }) => r.summary.execution?.written ?? 0;
    if (written(rerun) !== 0) throw new Error(`customer re-run wrote ${written(rerun)} records`);
    return {
      name: 'customer_sync',
      transport: 'HTTP emulators (loopback) + SQLite SQL reader',
      scale: options.scale,
      customers: customers.length,
      seedMs: Math.round(seedMs),
      initialLinkMs: initial.ms,
      initialWritten: written(initial),
      initialRequests: initial.requests,
      changedPerSide: changed,
      syncMs: sync.ms,
      syncWritten: written(sync),
      syncRequests: sync.requests,
      rerunMs: rerun.ms,
      rerunWritten: written(rerun),
      rerunRequests: rerun.requests,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1e3),
    };
  } finally {
    s300.close();
    await wired.close();
    state.close();
    await sandbox.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
