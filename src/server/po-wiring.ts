import { createIntacctClient, createIntacctPoTarget } from '../connectors/intacct/index.ts';
import { createSage300PoSide, createSage300WebApiClient } from '../connectors/sage300/index.ts';
import type { PoDeps } from '../core/po/po-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createAlerts, loadEngine, openReader, WiringError } from './gl-wiring.ts';

/**
 * Everything the PO pipeline needs for one Sage 300 company: its POPORH1/POPORL (SQL) and Web API, and its Intacct
 * entity (purchase orders are entity documents, like bills).
 */
export function wirePo(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: PoDeps; close(): Promise<void> } {
  const intacctConfig = config.intacct.companies.find((c) => c.key === company.intacctCompany);
  if (!intacctConfig) throw new WiringError(`sage300 company ${company.key} names intacct company "${company.intacctCompany}", which is not configured`);
  const entityConfig = company.intacctEntityId ? { ...intacctConfig, entityId: company.intacctEntityId } : intacctConfig;
  const engine = loadEngine(config, company);
  const client = createIntacctClient(entityConfig, { log });
  const reader = openReader(company, log);
  const webApi = createSage300WebApiClient({ baseUrl: company.webApi.baseUrl, user: company.webApi.user, password: company.webApi.password, timeoutMs: company.webApi.timeoutMs }, { log });
  const deps: PoDeps = {
    store,
    source: createSage300PoSide(reader, webApi),
    target: createIntacctPoTarget(client, { batchSize: intacctConfig.functionsPerRequest, concurrency: intacctConfig.maxConcurrent }),
    engine,
    alerts: createAlerts(config, log),
    log: log.child({ module: 'po-pipeline', company: company.key }),
  };
  return {
    deps,
    async close() {
      await client.close();
      await reader.close();
      await webApi.close();
    },
  };
}
