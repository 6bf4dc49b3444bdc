/** Sage 300 demo-company generation benchmark: seconds, file size and memory per scale, into a temp file DB. */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCompanyDb } from '../../src/sandbox/sage300-db/schema.ts';
import { generateSage300Company } from '../../src/sandbox/demo-data/sage300-company.ts';

export interface DemoDataBenchResult {
  readonly scale: number;
  /** GLJEH rows over the fiscal year. */
  readonly journalEntries: number;
  readonly maxEntriesInOnePeriod: number;
  /** `generateSage300Company` only: schema creation and closing the file are outside the clock. */
  readonly seconds: number;
  /** Database file plus any -wal / -journal left beside it after close. */
  readonly dbMiB: number;
  /** Peak resident set size of the whole process so far (getrusage maxrss): monotonic across scales. */
  readonly peakRssMiB: number;
}

const MiB = 2 ** 20;
const round = (n: number, digits: number): number => Number(n.toFixed(digits));

function fileMiB(path: string): number {
  return [path, `${path}-wal`, `${path}-journal`].reduce((sum, p) => sum + (existsSync(p) ? statSync(p).size : 0), 0) / MiB;
}

/** Generates the demo company (seed 300) at each scale into its own temp file database via `openCompanyDb`. */
export async function benchGenerate(scales: number[]): Promise<{ name: string; results: DemoDataBenchResult[] }> {
  const results: DemoDataBenchResult[] = [];
  for (const scale of scales) {
    const dir = mkdtempSync(join(tmpdir(), 'sage300-demo-bench-'));
    try {
      const path = join(dir, 'SAMINC.sqlite');
      const db = openCompanyDb(path);
      globalThis.gc?.();
      const started = performance.now();
      const truth = generateSage300Company(db, { seed: 300, scale });
      const seconds = (performance.now() - started) / 1000;
      db.close();
      const perPeriod = Object.values(truth.gl.entriesPerPeriod);
      results.push({
        scale,
        journalEntries: perPeriod.reduce((a, b) => a + b, 0),
        maxEntriesInOnePeriod: Math.max(...perPeriod),
        seconds: round(seconds, 2),
        dbMiB: round(fileMiB(path), 1),
        peakRssMiB: Math.round((process.resourceUsage().maxRSS * 1024) / MiB),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await new Promise((resolve) => setImmediate(resolve)); // let the event loop breathe between scales
  }
  return { name: 'sage300-demo-generate', results };
}
