/**
 * One pipeline of one company in a process of its own (a CLI command, a test, a bench): the company's runtime opened
 * for it and closed with it. The server borrows the same builders from its shared registry instead (services.ts).
 */
import type { ApDeps } from '../core/ap/ap-pipeline.ts';
import type { ArDeps } from '../core/ar/ar-pipeline.ts';
import type { CustomerDeps } from '../core/customers/index.ts';
import type { GlDeps } from '../core/gl/gl-pipeline.ts';
import type { PoDeps } from '../core/po/po-pipeline.ts';
import type { ProjectDeps } from '../core/projects/project-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { VendorDeps } from '../core/vendors/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { openCompanyRuntime, type CompanyRuntime } from './company-runtime.ts';
import { apDeps, arDeps, customerDeps, glDeps, poDeps, projectDeps, vendorDeps, type PipelineStores } from './pipeline-deps.ts';

/** A pipeline's dependencies and the close of the connections opened for them. */
export interface Wired<D> {
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
/** Everything the vendor pipeline needs for one Sage 300 company. */
export const wireVendors: Wire<VendorDeps> = standalone(vendorDeps);
/** Everything the customer pipeline needs for one Sage 300 company. */
export const wireCustomers: Wire<CustomerDeps> = standalone(customerDeps);
