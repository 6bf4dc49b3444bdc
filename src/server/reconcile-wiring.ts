import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntacctTrialBalanceTarget } from '../connectors/intacct/index.ts';
import { createSage300TrialBalanceSource } from '../connectors/sage300/index.ts';
import { reconcileTrialBalance, reconciliationCsv, reconciliationText, type ReconciliationReport } from '../core/reconcile/index.ts';
import type { StateStore } from '../core/state/index.ts';
import { type CompanyRuntime } from './company-runtime.ts';
import { glPostingOptions } from './gl-wiring.ts';

/** Where a reconciliation's report files were written. */
export interface ReconciliationPaths {
  readonly json: string;
  readonly csv: string;
  readonly text: string;
  /** The copy the MCP resource sagebridge://reports/reconciliation/latest serves. */
  readonly latest: string;
}

/** Where the latest reconciliation report is kept (must match the MCP resource). */
const latestReconciliationFile = (stateDir: string): string => join(stateDir, 'reports', 'reconciliation-latest.json');

const writeAtomic = (path: string, text: string): void => {
  // Write-then-rename: a reader of the resource never sees half a report.
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};

/** Saves the JSON, CSV and text forms under STATEDIR/reports and makes the JSON the latest report. */
function saveReconciliationReport(stateDir: string, report: ReconciliationReport): ReconciliationPaths {
  const dir = join(stateDir, 'reports');
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `reconciliation-${report.company}-${report.period}`);
  const paths = { json: `${base}.json`, csv: `${base}.csv`, text: `${base}.txt`, latest: latestReconciliationFile(stateDir) };
  writeAtomic(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  writeAtomic(paths.csv, reconciliationCsv(report));
  writeAtomic(paths.text, reconciliationText(report));
  copyFileSync(paths.json, `${paths.latest}.tmp`);
  renameSync(`${paths.latest}.tmp`, paths.latest);
  return paths;
}

/** Reconciles one company's fiscal period over its runtime (Sage 300 and the company's Intacct entity) and saves the report. */
export async function reconcileCompany(
  rt: CompanyRuntime,
  store: StateStore,
  stateDir: string,
  req: { year: number; period: number; now?: string },
): Promise<{ report: ReconciliationReport; paths: ReconciliationPaths }> {
  const report = await reconcileTrialBalance(
    {
      sage300: createSage300TrialBalanceSource(rt.reader),
      intacct: createIntacctTrialBalanceTarget(rt.intacctEntity()),
      store,
      engine: rt.engine,
      ledgers: glPostingOptions(rt.company).sourceLedgers,
    },
    { company: rt.company.key, year: req.year, period: req.period, now: req.now ?? new Date().toISOString() },
  );
  return { report, paths: saveReconciliationReport(stateDir, report) };
}
