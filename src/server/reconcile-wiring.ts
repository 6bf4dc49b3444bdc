import { copyFileSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntacctClient, createIntacctTrialBalanceTarget } from '../connectors/intacct/index.ts';
import { createSage300TrialBalanceSource } from '../connectors/sage300/index.ts';
import { reconcileTrialBalance, reconciliationCsv, reconciliationText, type ReconciliationReport } from '../core/reconcile/index.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { loadEngine, openReader, WiringError } from './gl-wiring.ts';

/** Where a reconciliation's report files were written. */
export interface ReconciliationPaths {
  readonly json: string;
  readonly csv: string;
  readonly text: string;
  /** The copy the MCP resource sagebridge://reports/reconciliation/latest serves. */
  readonly latest: string;
}

/** Where the latest reconciliation report is kept (must match the MCP resource). */
export const latestReconciliationFile = (stateDir: string): string => join(stateDir, 'reports', 'reconciliation-latest.json');

const writeAtomic = (path: string, text: string): void => {
  // Write-then-rename: a reader of the resource never sees half a report.
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
};

/** Saves the JSON, CSV and text forms under STATEDIR/reports and makes the JSON the latest report. */
export function saveReconciliationReport(stateDir: string, report: ReconciliationReport): ReconciliationPaths {
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

/** Reconciles one company's fiscal period (reads Sage 300 and the company's Intacct entity) and saves the report. */
export async function runReconciliation(
  config: Config,
  company: Sage300CompanyConfig,
  store: StateStore,
  log: Logger,
  req: { year: number; period: number; now?: string },
): Promise<{ report: ReconciliationReport; paths: ReconciliationPaths }> {
  const intacctConfig = config.intacct.companies.find((c) => c.key === company.intacctCompany);
  if (!intacctConfig) throw new WiringError(`sage300 company ${company.key} names intacct company "${company.intacctCompany}", which is not configured`);
  const engine = loadEngine(config, company);
  const client = createIntacctClient(company.intacctEntityId ? { ...intacctConfig, entityId: company.intacctEntityId } : intacctConfig, { log });
  const reader = openReader(company, log);
  try {
    const report = await reconcileTrialBalance(
      { sage300: createSage300TrialBalanceSource(reader), intacct: createIntacctTrialBalanceTarget(client), store, engine },
      { company: company.key, year: req.year, period: req.period, now: req.now ?? new Date().toISOString() },
    );
    return { report, paths: saveReconciliationReport(config.stateDir, report) };
  } finally {
    await client.close();
    await reader.close();
  }
}

