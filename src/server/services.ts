import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createIntacctClient } from '../connectors/intacct/index.ts';
import { createSage300WebApiClient } from '../connectors/sage300/index.ts';
import type { ApDeps } from '../core/ap/ap-pipeline.ts';
import type { ArDeps } from '../core/ar/ar-pipeline.ts';
import type { GlDeps } from '../core/gl/gl-pipeline.ts';
import type { AuditPort } from '../core/ports/audit-port.ts';
import type { StateStore } from '../core/state/index.ts';
import { ToolError } from '../governance/errors.ts';
import type { ConnectionCheck, MappingTableDoc, Services } from '../governance/services.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { wireAp } from './ap-wiring.ts';
import { wireAr } from './ar-wiring.ts';
import { openReader, WiringError, wireGl } from './gl-wiring.ts';
import { checkMappings } from './mapping-check.ts';
import { reconcileService } from './reconcile-service.ts';
import { wireVendors } from './vendor-wiring.ts';
import type { VendorDeps } from '../core/vendors/index.ts';
import { wireCustomers } from './customer-wiring.ts';
import type { CustomerDeps } from '../core/customers/index.ts';
import type { PoDeps } from '../core/po/po-pipeline.ts';
import { wirePo } from './po-wiring.ts';
import type { ProjectDeps } from '../core/projects/project-pipeline.ts';
import { wireProjects } from './project-wiring.ts';

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

/** Implements the tools' services over the configuration and the connectors; GL wiring is built once per company. */
export function createServerServices(config: Config, deps: { store: StateStore; audit: AuditPort; log: Logger }): ServerServices {
  const { store, audit, log } = deps;
  const wired = new Map<string, { deps: GlDeps; close(): Promise<void> }>();
  const wiredAp = new Map<string, { deps: ApDeps; close(): Promise<void> }>();
  const wiredAr = new Map<string, { deps: ArDeps; close(): Promise<void> }>();
  const locks = new Map<string, Promise<unknown>>();
  const vendorWired = new Map<string, { deps: VendorDeps; close(): Promise<void> }>();
  const customerWired = new Map<string, { deps: CustomerDeps; close(): Promise<void> }>();
  const poWired = new Map<string, { deps: PoDeps; close(): Promise<void> }>();
  const projectWired = new Map<string, { deps: ProjectDeps; close(): Promise<void> }>();

  const companyConfig = (key: string): Sage300CompanyConfig => {
    const found = config.sage300.companies.find((c) => c.key === key);
    if (!found) throw new ToolError('invalid_arguments', `company: "${key}" is not a configured Sage 300 company (have: ${config.sage300.companies.map((c) => c.key).join(', ') || 'none'})`);
    return found;
  };

  const wrap = <T>(fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof WiringError) throw new ToolError('configuration', err.message);
      throw err;
    }
  };

  return {
    store,
    audit,
    companies: config.sage300.companies.map((c) => c.key),
    resolveCompany(key) {
      if (key !== undefined) return companyConfig(key).key;
      const all = config.sage300.companies;
      if (all.length === 1) return all[0]!.key;
      throw new ToolError('invalid_arguments', all.length === 0 ? 'no Sage 300 company is configured' : `company: several Sage 300 companies are configured; name one of ${all.map((c) => c.key).join(', ')}`);
    },
    gl(company) {
      const c = companyConfig(company);
      let w = wired.get(company);
      if (!w) {
        const made = wrap(() => wireGl(config, c, store, log));
        w = { deps: { ...made.deps, audit }, close: () => made.close() };
        wired.set(company, w);
      }
      return { deps: w.deps, options: c.gl };
    },
    ap(company) {
      const c = companyConfig(company);
      let w = wiredAp.get(company);
      if (!w) {
        const made = wrap(() => wireAp(config, c, store, log));
        w = { deps: { ...made.deps, audit }, close: () => made.close() };
        wiredAp.set(company, w);
      }
      return { deps: w.deps };
    },
    receivables(company) {
      const c = companyConfig(company);
      let w = wiredAr.get(company);
      if (!w) {
        const made = wrap(() => wireAr(config, c, store, log));
        w = { deps: { ...made.deps, audit }, close: () => made.close() };
        wiredAr.set(company, w);
      }
      return { deps: w.deps };
    },
    vendors(company) {
      const c = companyConfig(company);
      let w = vendorWired.get(company);
      if (!w) {
        const made = wrap(() => wireVendors(config, c, store, log));
        w = { deps: { ...made.deps, audit }, close: () => made.close() };
        vendorWired.set(company, w);
      }
      return w.deps;
    },
    customers(company) {
      const c = companyConfig(company);
      let w = customerWired.get(company);
      if (!w) {
        const made = wrap(() => wireCustomers(config, c, store, log));
        w = { deps: { ...made.deps, audit }, close: () => made.close() };
        customerWired.set(company, w);
      }
      return w.deps;
    },
    purchaseOrders(company) {
      const c = companyConfig(company);
      let w = poWired.get(company);
      if (!w) {
        const made = wrap(() => wirePo(config, c, store, log));
        w = { deps: { ...made.deps, audit }, close: () => made.close() };
        poWired.set(company, w);
      }
      return w.deps;
    },
    projects(company) {
      const c = companyConfig(company);
      let w = projectWired.get(company);
      if (!w) {
        const made = wrap(() => wireProjects(config, c, store, log));
        w = { deps: { ...made.deps, audit }, close: () => made.close() };
        projectWired.set(company, w);
      }
      return w.deps;
    },
    exclusive<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = locks.get(key) ?? Promise.resolve();
      const next = previous.catch(() => undefined).then(task);
      const settled = next.catch(() => undefined);
      locks.set(key, settled);
      void settled.then(() => {
        if (locks.get(key) === settled) locks.delete(key);
      });
      return next;
    },
    async checkConnections() {
      const checks: Promise<ConnectionCheck>[] = [];
      for (const c of config.sage300.companies) {
        const intacct = config.intacct.companies.find((i) => i.key === c.intacctCompany);
        if (intacct) {
          checks.push(
            timed('intacct', c.key, async () => {
              const client = createIntacctClient(c.intacctEntityId ? { ...intacct, entityId: c.intacctEntityId } : intacct, { log });
              try {
                for await (const page of client.readByQuery('GLACCOUNT', '', { fields: ['ACCOUNTNO'], pageSize: 1 })) {
                  if (!page.ok) throw new Error(page.error.message);
                  return `session opened${c.intacctEntityId ? ` at entity ${c.intacctEntityId}` : ''}; ${page.value.totalCount} GL accounts`;
                }
                return 'session opened';
              } finally {
                await client.close();
              }
            }),
          );
        }
        checks.push(
          timed('sage300-sql', c.key, async () => {
            const reader = openReader(c, log);
            try {
              let years = 0;
              for await (const y of reader.gl.fiscalYears()) if (y.ok) years++;
              return `${c.sql.backend} database answers; ${years} fiscal years`;
            } finally {
              await reader.close();
            }
          }),
        );
        checks.push(
          timed('sage300-webapi', c.key, async () => {
            const client = createSage300WebApiClient({ baseUrl: c.webApi.baseUrl, user: c.webApi.user, password: c.webApi.password, timeoutMs: Math.min(c.webApi.timeoutMs, 15_000) }, { log });
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
        return await checkMappings(config, companyConfig(company), asOf, log);
      } catch (err) {
        if (err instanceof WiringError) throw new ToolError('configuration', err.message);
        throw err;
      }
    },
    mappingTables(): MappingTableDoc[] {
      let files: string[];
      try {
        files = readdirSync(config.mappingsDir).filter((f) => f.endsWith('.csv')).sort();
      } catch {
        return [];
      }
      return files.map((name) => ({ name, mimeType: 'text/csv', text: readFileSync(join(config.mappingsDir, name), 'utf8') }));
    },
    reconcile: reconcileService(config, companyConfig, store, log),
    async close() {
      await Promise.all([...wired.values(), ...wiredAp.values(), ...vendorWired.values(), ...wiredAr.values(), ...poWired.values(), ...projectWired.values()].map((w) => w.close()));
      poWired.clear();
      projectWired.clear();
      wired.clear();
      wiredAp.clear();
      vendorWired.clear();
      await Promise.all([...customerWired.values()].map((w) => w.close()));
      customerWired.clear();
    },
  };
}
