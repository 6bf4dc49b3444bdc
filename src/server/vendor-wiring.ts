import { createIntacctClient, createIntacctVendorSide } from '../connectors/intacct/index.ts';
import { createSage300VendorSide, createSage300WebApiClient } from '../connectors/sage300/index.ts';
import type { StateStore } from '../core/state/index.ts';
import type { VendorDeps } from '../core/vendors/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createAlerts, loadEngine, openReader, WiringError } from './gl-wiring.ts';

/**
 * Everything the vendor pipeline needs for one Sage 300 company: its APVEN (SQL) and Web API, and the top-level
 * Intacct company (vendors are shared master data, so no entity session).
 */
export function wireVendors(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: VendorDeps; close(): Promise<void> } {
  const intacctConfig = config.intacct.companies.find((c) => c.key === company.intacctCompany);
  if (!intacctConfig) throw new WiringError(`sage300 company ${company.key} names intacct company "${company.intacctCompany}", which is not configured`);
  const engine = loadEngine(config, company);
  const client = createIntacctClient(intacctConfig, { log });
  const reader = openReader(company, log);
  const webApi = createSage300WebApiClient({ baseUrl: company.webApi.baseUrl, user: company.webApi.user, password: company.webApi.password, timeoutMs: company.webApi.timeoutMs }, { log });
  const deps: VendorDeps = {
    store,
    sage300: createSage300VendorSide(reader, webApi, { user: company.webApi.user }),
    intacct: createIntacctVendorSide(client, { userId: intacctConfig.userId, batchSize: intacctConfig.functionsPerRequest, concurrency: intacctConfig.maxConcurrent }),
    mapped: (system, id) => {
      const r = system === 'sage300' ? engine.vendorId(id) : engine.s300VendorId(id);
      return r.ok ? r.value : undefined;
    },
    systemOfRecord: config.sync.vendors.systemOfRecord,
    alerts: createAlerts(config, log),
    log: log.child({ module: 'vendor-pipeline', company: company.key }),
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
