/**
 * One pipeline of one company outside the server (a test, a bench): the company's runtime opened for it and closed
 * with it. The server borrows the same builders from its shared registry instead (src/server/services.ts).
 */
import type { ApDeps } from '../../src/core/ap/ap-pipeline.ts';
import type { ArDeps } from '../../src/core/ar/ar-pipeline.ts';
import type { CustomerDeps } from '../../src/core/customers/index.ts';
import type { GlDeps } from '../../src/core/gl/gl-pipeline.ts';
import type { PoDeps } from '../../src/core/po/po-pipeline.ts';
import type { ProjectDeps } from '../../src/core/projects/project-pipeline.ts';
import type { StateStore } from '../../src/core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../../src/platform/config.ts';
import type { Logger } from '../../src/platform/logger.ts';
import { openCompanyRuntime, type CompanyRuntime } from '../../src/server/company-runtime.ts';
import { apDeps, arDeps, customerDeps, glDeps, poDeps, projectDeps, type PipelineStores } from '../../src/server/pipeline-deps.ts';

/** A pipeline's dependencies and the close of the connections opened for them. */
interface Wired<D> {
  readonly deps: D;
  close(): Promise<void>;
}

type Wire<D> = (config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger) => Wired<D>;

const standalone =
  <D>(build: (rt: CompanyRuntime, s: PipelineStores, config: Config) => D): Wire<D> =>
  (config, company, store, log) => {
    const opened = openCompanyRuntime(config, company, log);
    try {
      return { deps: build(opened.runtime, { store }, config), close: () => opened.close() };
    } catch (err) {
      void opened.close();
      throw err;
    }
  };

/** Everything the GL pipeline needs for one Sage 300 company, posting into its Intacct entity. */
export const wireGl: Wire<GlDeps> = standalone(glDeps);
/** Everything the AP pipeline needs for one Sage 300 company, creating bills in its Intacct entity. */
export const wireAp: Wire<ApDeps> = standalone(apDeps);
/** Everything the AR pipeline needs for one Sage 300 company, creating invoices and payments in its Intacct entity. */
export const wireAr: Wire<ArDeps> = standalone(arDeps);
/** Everything the PO pipeline needs for one Sage 300 company. */
export const wirePo: Wire<PoDeps> = standalone(poDeps);
/** Everything the projects pipeline needs for one Sage 300 company. */
export const wireProjects: Wire<ProjectDeps> = standalone(projectDeps);
/** Everything the customer pipeline needs for one Sage 300 company. */
export const wireCustomers: Wire<CustomerDeps> = standalone(customerDeps);

/** Picks the Sage 300 company by key, or the only one configured. */
export function pickCompany(config: Config, key: string | undefined): Sage300CompanyConfig {
  const all = config.sage300.companies;
  if (key === undefined) {
    if (all.length === 1) return all[0]!;
    throw new Error(
      all.length === 0
        ? 'no Sage 300 company is configured (sage300.companies is empty)'
        : `several Sage 300 companies are configured; choose one with --company (${all.map((c) => c.key).join(', ')})`,
    );
  }
  const found = all.find((c) => c.key === key);
  if (!found) throw new Error(`--company "${key}" is not a key in sage300.companies (have: ${all.map((c) => c.key).join(', ')})`);
  return found;
}
