import { createIntacctPoTarget } from '../connectors/intacct/index.ts';
import { createSage300PoSide } from '../connectors/sage300/index.ts';
import type { PoDeps } from '../core/po/po-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { openCompanyConnections } from './company-connections.ts';

/**
 * Everything the PO pipeline needs for one Sage 300 company: its POPORH1/POPORL (SQL) and Web API, and its Intacct
 * entity (purchase orders are entity documents, like bills).
 */
export function wirePo(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: PoDeps; close(): Promise<void> } {
  const c = openCompanyConnections(config, company, log, { module: 'po-pipeline', entity: true, webApi: true });
  const limits = { batchSize: c.intacctConfig.functionsPerRequest, concurrency: c.intacctConfig.maxConcurrent };
  const deps: PoDeps = { store, source: createSage300PoSide(c.reader, c.webApi!), target: createIntacctPoTarget(c.client, limits), engine: c.engine, alerts: c.alerts, log: c.log };
  return { deps, close: () => c.close() };
}
