import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSage300WebApiClient } from '../connectors/sage300/index.ts';
import type { AuditPort } from '../core/ports/audit-port.ts';
import type { StateStore } from '../core/state/index.ts';
import { ToolError } from '../governance/errors.ts';
import { createKeyedLock } from '../governance/keyed-lock.ts';
import type { ConnectionCheck, MappingTableDoc, Services } from '../governance/services.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createCompanyRuntimes, type CompanyRuntime } from './company-runtime.ts';
import { glPostingOptions, loadEngine, WiringError } from './gl-wiring.ts';
import { checkCompanyMappings } from './mapping-check.ts';
import type { ReplicatingPipeline } from '../core/gl/source-ledgers.ts';
import { apDeps, arDeps, customerDeps, glDeps, poDeps, projectDeps, vendorDeps, type PipelineStores } from './pipeline-deps.ts';
import { reconcileService } from './reconcile-service.ts';

/** The services tools use, plus shutdown. */
export interface ServerServices extends Services {
  close(): Promise<void>;
}

const timed = async (system: ConnectionCheck['system'], company: string, probe: () => Promise<string>): Promise<ConnectionCheck> => {
  const t0 = performance.now();
  try {
    const detail = await probe();
    return { system, company, ok: true, latencyMs: Math.round(performance.now() - t0), detail };
  } catch (err) {
    return { system, company, ok: false, latencyMs: Math.round(performance.now() - t0), detail: (err as Error).message };
  }
};

/**
 * Implements the tools' services over the configuration: every pipeline of a company borrows that company's runtime
 * (one Intacct client per Intacct company, one reader, Web API client and mapping engine per Sage 300 company) from
 * one registry; each pipeline's dependencies are built once per company and reused.
 */
export function createServerServices(config: Config, deps: { store: StateStore; audit: AuditPort; log: Logger }): ServerServices {
  const { store, audit, log } = deps;
  const runtimes = createCompanyRuntimes(config, log);
  const stores: PipelineStores = { store, audit };
  const built = new Map<string, unknown>();

  const companyConfig = (key: string): Sage300CompanyConfig => {
    const found = config.sage300.companies.find((c) => c.key === key);
    if (!found)
      throw new ToolError(
        'invalid_arguments',
        `company: "${key}" is not a configured Sage 300 company (have: ${config.sage300.companies.map((c) => c.key).join(', ') || 'none'})`,
      );
    return found;
  };
  const configurationError = (err: unknown): unknown => (err instanceof WiringError ? new ToolError('configuration', err.message) : err);
  const runtimeOf = (company: string): CompanyRuntime => runtimes.get(companyConfig(company).key);
  /** The company, when the pipeline is enabled for it; a disabled one is refused (the GL sync sends its ledger instead). */
  const enabled = (company: string, name: ReplicatingPipeline): string => {
    const c = companyConfig(company);
    if (!c.pipelines[name])
      throw new ToolError(
        'configuration',
        `the ${name} pipeline is disabled for company ${c.key} (sage300.companies[].pipelines.${name}: false), so the GL sync sends its source ledger; set it to true to replicate those documents instead`,
      );
    return company;
  };

  /** A pipeline's dependencies for a company, built on first use from the company's runtime. */
  const pipeline = <D>(name: string, company: string, build: (rt: CompanyRuntime, s: PipelineStores, config: Config) => D): D => {
    const key = `${name}\u0000${company}`;
    let d = built.get(key) as D | undefined;
    if (d === undefined) {
      try {
        d = build(runtimeOf(company), stores, config);
      } catch (err) {
        throw configurationError(err);
      }
      built.set(key, d);
    }
    return d;
  };

  return {
    store,
    audit,
    companies: config.sage300.companies.map((c) => c.key),
    resolveCompany(key) {
      if (key !== undefined) return companyConfig(key).key;
      const all = config.sage300.companies;
      if (all.length === 1) return all[0]!.key;
      throw new ToolError(
        'invalid_arguments',
        all.length === 0
          ? 'no Sage 300 company is configured'
          : `company: several Sage 300 companies are configured; name one of ${all.map((c) => c.key).join(', ')}`,
      );
    },
    gl: (company) => ({
      deps: pipeline('gl', company, glDeps),
      options: { ...glPostingOptions(companyConfig(company)), currency: companyConfig(company).currency },
    }),
    ap: (company) => ({ deps: pipeline('ap', enabled(company, 'apInvoices'), apDeps) }),
    receivables: (company) => ({ deps: pipeline('ar', enabled(company, 'ar'), arDeps) }),
    vendors: (company) => pipeline('vendors', company, vendorDeps),
    customers: (company) => pipeline('customers', company, customerDeps),
    purchaseOrders: (company) => pipeline('po', company, poDeps),
    projects: (company) => pipeline('projects', enabled(company, 'projects'), projectDeps),
    exclusive: createKeyedLock(),
    async checkConnections() {
      const checks: Promise<ConnectionCheck>[] = [];
      for (const c of config.sage300.companies) {
        const rt = runtimes.get(c.key);
        if (config.intacct.companies.some((i) => i.key === c.intacctCompany)) {
          // Through the company's own client: the probe counts against its limit and reuses its session.
          checks.push(
            timed('intacct', c.key, async () => {
              for await (const page of rt.intacctEntity().readByQuery('GLACCOUNT', '', { fields: ['ACCOUNTNO'], pageSize: 1 })) {
                if (!page.ok) throw new Error(page.error.message);
                return `Intacct answers${c.intacctEntityId ? ` at entity ${c.intacctEntityId}` : ''}; ${page.value.totalCount} GL accounts`;
              }
              return 'Intacct answers';
            }),
          );
        }
        checks.push(
          timed('sage300-sql', c.key, async () => {
            let years = 0;
            for await (const y of rt.reader.gl.fiscalYears()) if (y.ok) years++;
            return `${c.sql.backend} database answers; ${years} fiscal years`;
          }),
        );
        checks.push(
          timed('sage300-webapi', c.key, async () => {
            // A probe of its own with a short timeout: the pipelines' client would wait out webApi.timeoutMs and retry.
            const client = createSage300WebApiClient(
              {
                baseUrl: c.webApi.baseUrl,
                user: c.webApi.user,
                password: c.webApi.password,
                timeoutMs: Math.min(c.webApi.timeoutMs, 15_000),
              },
              { log },
            );
            try {
              const page = await client.listPage('GL/GLAccounts', { top: 1, select: ['UnformattedAccount'] });
              if (!page.ok) throw new Error(page.error.message);
              return `Web API answers for company ${client.companyId}`;
            } finally {
              await client.close();
            }
          }),
        );
      }
      return Promise.all(checks);
    },
    async validateMappings(company, asOf) {
      try {
        // The files as they are on disk now (the check is of the files), over the company's shared connections.
        const c = companyConfig(company);
        return await checkCompanyMappings(runtimeOf(c.key), loadEngine(config, c), asOf);
      } catch (err) {
        throw configurationError(err);
      }
    },
    glSourceLedgers: (company) => glPostingOptions(companyConfig(company)).sourceLedgers,
    pipelineEnabled: (company, name) => companyConfig(company).pipelines[name],
    mappingTables(): MappingTableDoc[] {
      let files: string[];
      try {
        files = readdirSync(config.mappingsDir)
          .filter((f) => f.endsWith('.csv'))
          .sort();
      } catch {
        return [];
      }
      return files.map((name) => ({ name, mimeType: 'text/csv', text: readFileSync(join(config.mappingsDir, name), 'utf8') }));
    },
    reconcile: reconcileService(runtimeOf, store, config.stateDir),
    async close() {
      built.clear();
      await runtimes.close();
    },
  };
}
