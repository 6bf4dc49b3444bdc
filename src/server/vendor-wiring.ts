import { createIntacctVendorSide } from '../connectors/intacct/index.ts';
import { createSage300VendorSide } from '../connectors/sage300/index.ts';
import type { StateStore } from '../core/state/index.ts';
import type { VendorDeps } from '../core/vendors/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { openCompanyConnections } from './company-connections.ts';

/**
 * Everything the vendor pipeline needs for one Sage 300 company: its APVEN (SQL) and Web API, and the top-level
 * Intacct company (vendors are shared master data, so no entity session).
 */
export function wireVendors(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: VendorDeps; close(): Promise<void> } {
  const c = openCompanyConnections(config, company, log, { module: 'vendor-pipeline', entity: false, webApi: true });
  const { engine, intacctConfig } = c;
  const deps: VendorDeps = {
    store,
    sage300: createSage300VendorSide(c.reader, c.webApi!, { user: company.webApi.user }),
    intacct: createIntacctVendorSide(c.client, { userId: intacctConfig.userId, batchSize: intacctConfig.functionsPerRequest, concurrency: intacctConfig.maxConcurrent }),
    mapped: (system, id) => {
      const r = system === 'sage300' ? engine.vendorId(id) : engine.s300VendorId(id);
      return r.ok ? r.value : undefined;
    },
    systemOfRecord: config.sync.vendors.systemOfRecord,
    alerts: c.alerts,
    log: c.log,
  };
  return { deps, close: () => c.close() };
}
