import { createIntacctArTarget } from '../connectors/intacct/index.ts';
import { createArSource } from '../connectors/sage300/index.ts';
import type { ArDeps } from '../core/ar/ar-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { openCompanyConnections } from './company-connections.ts';

/** Everything the AR pipeline needs for one Sage 300 company, creating invoices and payments in its Intacct entity. */
export function wireAr(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: ArDeps; close(): Promise<void> } {
  const c = openCompanyConnections(config, company, log, { module: 'ar-pipeline', entity: true });
  const limits = { batchSize: c.intacctConfig.functionsPerRequest, concurrency: c.intacctConfig.maxConcurrent };
  const deps: ArDeps = { store, source: createArSource(c.reader), target: createIntacctArTarget(c.client, limits), engine: c.engine, alerts: c.alerts, log: c.log };
  return { deps, close: () => c.close() };
}
