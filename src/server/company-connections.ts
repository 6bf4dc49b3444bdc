import { createIntacctClient, type IntacctClient } from '../connectors/intacct/index.ts';
import { createSage300WebApiClient, type Sage300Reader, type Sage300WebApiClient } from '../connectors/sage300/index.ts';
import type { MappingEngine } from '../core/mapping/index.ts';
import type { AlertPort } from '../core/ports/gl-ports.ts';
import type { Config, IntacctCompanyConfig, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createAlerts, loadEngine, openReader, WiringError } from './gl-wiring.ts';

/** The upstream connections one pipeline opens for one Sage 300 company, closed together. */
export interface CompanyConnections {
  /** The Intacct company the Sage 300 company posts to (its function and concurrency limits). */
  readonly intacctConfig: IntacctCompanyConfig;
  readonly engine: MappingEngine;
  readonly client: IntacctClient;
  readonly reader: Sage300Reader;
  /** Present when asked for (`webApi: true`). */
  readonly webApi: Sage300WebApiClient | undefined;
  readonly alerts: AlertPort;
  /** A child logger naming the pipeline module and the company. */
  readonly log: Logger;
  close(): Promise<void>;
}

/**
 * Opens what a pipeline needs for one Sage 300 company: the mapping engine, the SQL reader, the Intacct client (in
 * the company's entity for documents, `entity: true`; at the top level for shared master data) and, when asked, the
 * Sage 300 Web API client.
 */
export function openCompanyConnections(
  config: Config,
  company: Sage300CompanyConfig,
  log: Logger,
  options: { readonly module: string; readonly entity: boolean; readonly webApi?: boolean },
): CompanyConnections {
  const intacctConfig = config.intacct.companies.find((c) => c.key === company.intacctCompany);
  if (!intacctConfig) throw new WiringError(`sage300 company ${company.key} names intacct company "${company.intacctCompany}", which is not configured`);
  const engine = loadEngine(config, company);
  const sessionConfig = options.entity && company.intacctEntityId ? { ...intacctConfig, entityId: company.intacctEntityId } : intacctConfig;
  const client = createIntacctClient(sessionConfig, { log });
  const reader = openReader(company, log);
  const webApi = options.webApi
    ? createSage300WebApiClient({ baseUrl: company.webApi.baseUrl, user: company.webApi.user, password: company.webApi.password, timeoutMs: company.webApi.timeoutMs }, { log })
    : undefined;
  return {
    intacctConfig,
    engine,
    client,
    reader,
    webApi,
    alerts: createAlerts(config, log),
    log: log.child({ module: options.module, company: company.key }),
    async close() {
      await client.close();
      await reader.close();
      await webApi?.close();
    },
  };
}
