import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { createMappingEngine, loadMappings } from '../../src/core/mapping/index.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';
import { createSage300Schema } from '../../src/sandbox/sage300-db/schema.ts';

const SEGMENTS = { segmentNames: ['account', 'department', 'region'] };

function cpuMicros(work: () => void): number {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return used.user + used.system;
}

/**
 * CPU per resolveAccount call over the demo company's posted GL lines with the committed mappings/ set: `microsPerCall`
 * is the steady state (per-account cache warm), `coldMicrosPerCall` a first lookup through the rule index.
 */
export function benchResolve(passes = 50): {
  name: string;
  calls: number;
  microsPerCall: number;
  coldCalls: number;
  coldMicrosPerCall: number;
} {
  const loaded = loadMappings(fileURLToPath(new URL('../../mappings', import.meta.url)));
  if (!loaded.ok) throw new Error(`mappings/ does not load: ${loaded.error[0]?.message ?? ''}`);
  const db = new Database(':memory:');
  createSage300Schema(db);
  generateSage300Company(db, {});
  const lines = (
    db.prepare('SELECT RTRIM(m.ACCTFMTTD) f, p.JRNLDATE d FROM GLPOST p JOIN GLAMF m ON m.ACCTID = p.ACCTID').all() as {
      f: string;
      d: number;
    }[]
  ).map(({ f, d }) => [f, `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6, 8)}`] as const);
  db.close();

  const engine = createMappingEngine(loaded.value, SEGMENTS);
  let sink = 0;
  const resolveAll = () => {
    for (const [account, date] of lines) if (engine.resolveAccount(account, date).ok) sink++;
  };
  resolveAll(); // warm the JIT and the cache
  const warmUs = cpuMicros(() => {
    for (let p = 0; p < passes; p++) resolveAll();
  });

  // Cold: every call is the first for its account on a fresh engine, so it goes through the index.
  const distinct = [...new Map(lines.map(([a, d]) => [a, d])).entries()];
  const coldPass = (n: number) => {
    const engines = Array.from({ length: n }, () => createMappingEngine(loaded.value, SEGMENTS));
    return cpuMicros(() => {
      for (const e of engines) for (const [account, date] of distinct) if (e.resolveAccount(account, date).ok) sink++;
    });
  };
  coldPass(passes); // warm the JIT on the uncached path
  const engineCount = passes * 4;
  const coldUs = coldPass(engineCount);
  if (sink === 0) throw new Error('nothing resolved');

  const calls = lines.length * passes;
  const coldCalls = distinct.length * engineCount;
  return {
    name: 'mapping resolveAccount (demo GLPOST lines, committed mappings/)',
    calls,
    microsPerCall: Number((warmUs / calls).toFixed(3)),
    coldCalls,
    coldMicrosPerCall: Number((coldUs / coldCalls).toFixed(3)),
  };
}
