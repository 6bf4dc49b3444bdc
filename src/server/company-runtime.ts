/**
 * One runtime per company: every pipeline of a Sage 300 company borrows the same connections from a registry instead
 * of opening its own, so the limits of the systems behind them hold however many pipelines run at once.
 *
 * - Intacct: ONE client per Intacct company (its `maxConcurrent` limiter, retry budget, transport and API session
 *   cache), shared by every Sage 300 company posting to it, since the limit is the Intacct company's. Pipelines get
 *   facades of it (entity-level or top-level), each counting its own requests. An Intacct session belongs to one
 *   location (getAPISession with or without `locationid`; `<sessionid>` authentication has no per-request location),
 *   so entity documents and shared master data use two sessions of the one client, one per location, never one per
 *   pipeline.
 * - Sage 300: one SQL reader, one Web API client (with the company's own `webApi.maxConcurrent`) and one mapping
 *   engine per company, each opened on first use, all closed together with the registry.
 */
import { createIntacctClient, type IntacctClient } from '../connectors/intacct/index.ts';
import { createSage300WebApiClient, type Sage300Reader, type Sage300WebApiClient } from '../connectors/sage300/index.ts';
import type { MappingEngine } from '../core/mapping/index.ts';
import type { AlertPort } from '../core/ports/gl-ports.ts';
import type { Config, IntacctCompanyConfig, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createAlerts, loadEngine, openReader, WiringError } from './gl-wiring.ts';

/** The shared connections of one Sage 300 company; properties open on first use (and throw WiringError when misconfigured). */
export interface CompanyRuntime {
  readonly company: Sage300CompanyConfig;
  /** The Intacct company it posts to: its function batch size and concurrency limit. */
  readonly intacctConfig: IntacctCompanyConfig;
  /** A facade of the Intacct company's client in the company's entity (journal entries, bills, invoices, POs, projects). */
  intacctEntity(): IntacctClient;
  /** A facade of the same client at the Intacct company's own level (shared master data: vendors, customers). */
  intacctTopLevel(): IntacctClient;
  /** Functions per request and requests a target may start at once; beyond the limit they queue on the shared limiter. */
  readonly intacctSizing: { readonly batchSize: number; readonly concurrency: number };
  readonly reader: Sage300Reader;
  readonly webApi: Sage300WebApiClient;
  readonly engine: MappingEngine;
  readonly alerts: AlertPort;
  /** A child logger naming the module and the company. */
  log(module: string): Logger;
}

/** The registry: one runtime per configured Sage 300 company, closed together. */
export interface CompanyRuntimes {
  /** The runtime of a configured Sage 300 company, created on first use. */
  get(companyKey: string): CompanyRuntime;
  close(): Promise<void>;
}

/** A value opened on first use; a failed open is not remembered, so a fixed configuration is picked up next time. */
interface Lazy<T> {
  get(): T;
  readonly opened: T | undefined;
}

function lazy<T>(open: () => T): Lazy<T> {
  let value: T | undefined;
  return {
    get: () => (value ??= open()),
    get opened() {
      return value;
    },
  };
}

interface CompanyParts {
  readonly runtime: CompanyRuntime;
  close(): Promise<void>;
}

/** Creates the registry over the configuration; nothing is opened until a pipeline asks for it. */
export function createCompanyRuntimes(config: Config, log: Logger): CompanyRuntimes {
  const intacctClients = new Map<string, IntacctClient>();
  const companies = new Map<string, CompanyParts>();
  let closed = false;

  const intacctConfigOf = (company: Sage300CompanyConfig): IntacctCompanyConfig => {
    const found = config.intacct.companies.find((c) => c.key === company.intacctCompany);
    if (!found)
      throw new WiringError(`sage300 company ${company.key} names intacct company "${company.intacctCompany}", which is not configured`);
    return found;
  };
  const intacctClientOf = (intacct: IntacctCompanyConfig): IntacctClient => {
    let client = intacctClients.get(intacct.key);
    if (!client) {
      client = createIntacctClient(intacct, { log });
      intacctClients.set(intacct.key, client);
    }
    return client;
  };

  const open = (company: Sage300CompanyConfig): CompanyParts => {
    const intacctConfig = lazy(() => intacctConfigOf(company));
    const reader = lazy(() => openReader(company, log));
    const webApi = lazy(() =>
      createSage300WebApiClient(
        {
          baseUrl: company.webApi.baseUrl,
          user: company.webApi.user,
          password: company.webApi.password,
          maxConcurrent: company.webApi.maxConcurrent,
          timeoutMs: company.webApi.timeoutMs,
        },
        { log },
      ),
    );
    const engine = lazy(() => loadEngine(config, company));
    const alerts = createAlerts(config, log);
    const runtime: CompanyRuntime = {
      company,
      get intacctConfig() {
        return intacctConfig.get();
      },
      intacctEntity() {
        const client = intacctClientOf(intacctConfig.get());
        return company.intacctEntityId ? client.withEntity(company.intacctEntityId) : client.view();
      },
      intacctTopLevel: () => intacctClientOf(intacctConfig.get()).view(),
      get intacctSizing() {
        const c = intacctConfig.get();
        return { batchSize: c.functionsPerRequest, concurrency: c.maxConcurrent };
      },
      get reader() {
        return reader.get();
      },
      get webApi() {
        return webApi.get();
      },
      get engine() {
        return engine.get();
      },
      alerts,
      log: (module) => log.child({ module, company: company.key }),
    };
    return {
      runtime,
      async close() {
        await Promise.all([reader.opened?.close(), webApi.opened?.close()]);
      },
    };
  };

  return {
    get(companyKey) {
      if (closed) throw new Error('the company runtimes are closed');
      let parts = companies.get(companyKey);
      if (!parts) {
        const company = config.sage300.companies.find((c) => c.key === companyKey);
        if (!company)
          throw new WiringError(
            `"${companyKey}" is not a key in sage300.companies (have: ${config.sage300.companies.map((c) => c.key).join(', ') || 'none'})`,
          );
        parts = open(company);
        companies.set(companyKey, parts);
      }
      return parts.runtime;
    },
    async close() {
      closed = true;
      const all = [...companies.values()];
      companies.clear();
      await Promise.all(all.map((p) => p.close()));
      const clients = [...intacctClients.values()];
      intacctClients.clear();
      await Promise.all(clients.map((c) => c.close()));
    },
  };
}

/** A registry used by one company in a process of its own (a CLI command, a test): its runtime and the registry's close. */
export function openCompanyRuntime(
  config: Config,
  company: Sage300CompanyConfig,
  log: Logger,
): { runtime: CompanyRuntime; close(): Promise<void> } {
  // The registry holds exactly the company given, as given (a caller may have adjusted it).
  const runtimes = createCompanyRuntimes({ ...config, sage300: { ...config.sage300, companies: [company] } }, log);
  return { runtime: runtimes.get(company.key), close: () => runtimes.close() };
}
