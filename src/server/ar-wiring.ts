import { createIntacctArTarget, createIntacctClient } from '../connectors/intacct/index.ts';
import { createArSource } from '../connectors/sage300/index.ts';
import type { ArDeps } from '../core/ar/ar-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createAlerts, loadEngine, openReader, WiringError } from './gl-wiring.ts';

/** Everything the AR pipeline needs for one Sage 300 company, creating invoices and payments in its Intacct entity. */
export function wireAr(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: ArDeps; close(): Promise<void> } {
  const intacctConfig = config.intacct.companies.find((c) => c.key === company.intacctCompany);
  if (!intacctConfig) throw new WiringError(`sage300 company ${company.key} names intacct company "${company.intacctCompany}", which is not configured`);
  const entityConfig = company.intacctEntityId ? { ...intacctConfig, entityId: company.intacctEntityId } : intacctConfig;
  const engine = loadEngine(config, company);
  const client = createIntacctClient(entityConfig, { log });
  const reader = openReader(company, log);
  const deps: ArDeps = {
    store,
    source: createArSource(reader),
    target: createIntacctArTarget(client, { batchSize: intacctConfig.functionsPerRequest, concurrency: intacctConfig.maxConcurrent }),
    engine,
    alerts: createAlerts(config, log),
    log: log.child({ module: 'ar-pipeline', company: company.key }),
  };
  return {
    deps,
    async close() {
      await client.close();
      await reader.close();
    },
  };
}
