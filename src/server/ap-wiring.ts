import { createIntacctApTarget } from '../connectors/intacct/index.ts';
import { createApSource } from '../connectors/sage300/index.ts';
import type { ApDeps } from '../core/ap/ap-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { openCompanyConnections } from './company-connections.ts';

/** Everything the AP pipeline needs for one Sage 300 company, creating bills in its Intacct entity. */
export function wireAp(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: ApDeps; close(): Promise<void> } {
  const c = openCompanyConnections(config, company, log, { module: 'ap-pipeline', entity: true });
  const limits = { batchSize: c.intacctConfig.functionsPerRequest, concurrency: c.intacctConfig.maxConcurrent };
  const deps: ApDeps = { store, source: createApSource(c.reader), target: createIntacctApTarget(c.client, limits), engine: c.engine, alerts: c.alerts, log: c.log };
  return { deps, close: () => c.close() };
}
