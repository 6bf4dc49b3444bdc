import { createIntacctCustomerSide } from '../connectors/intacct/index.ts';
import { createSage300CustomerSide, type TermsTranslation } from '../connectors/sage300/index.ts';
import type { CustomerDeps } from '../core/customers/index.ts';
import type { MappingEngine } from '../core/mapping/index.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { openCompanyConnections } from './company-connections.ts';

/** payment-terms.csv both ways (the first row wins when several Sage 300 codes share one Intacct term). */
export function termsOf(engine: MappingEngine): TermsTranslation {
  const toSage300 = new Map<string, string>();
  for (const r of engine.tables.paymentTerms) if (!toSage300.has(r.termName)) toSage300.set(r.termName, r.termsCode);
  return {
    toIntacct: (code) => {
      const r = engine.termName(code);
      return r.ok ? r.value : undefined;
    },
    toSage300: (name) => toSage300.get(name),
  };
}

/**
 * Everything the customer pipeline needs for one Sage 300 company: its ARCUS (SQL) and Web API, and the top-level
 * Intacct company (customers are shared master data, so no entity session).
 */
export function wireCustomers(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: CustomerDeps; close(): Promise<void> } {
  const c = openCompanyConnections(config, company, log, { module: 'customer-pipeline', entity: false, webApi: true });
  const { engine, intacctConfig } = c;
  const deps: CustomerDeps = {
    store,
    sage300: createSage300CustomerSide(c.reader, c.webApi!, { user: company.webApi.user, terms: termsOf(engine) }),
    intacct: createIntacctCustomerSide(c.client, { userId: intacctConfig.userId, batchSize: intacctConfig.functionsPerRequest, concurrency: intacctConfig.maxConcurrent }),
    mapped: (system, id) => {
      const r = system === 'sage300' ? engine.customerId(id) : engine.s300CustomerId(id);
      return r.ok ? r.value : undefined;
    },
    systemOfRecord: config.sync.customers.systemOfRecord,
    alerts: c.alerts,
    log: c.log,
  };
  return { deps, close: () => c.close() };
}
