/**
 * What each pipeline needs, built from its company's runtime: sources and targets over the shared connections. Each
 * build takes its own Intacct client facade, so the pipeline reports its own requests while sharing the company's
 * limiter and session.
 */
import {
  createIntacctApTarget,
  createIntacctArTarget,
  createIntacctCustomerSide,
  createIntacctGlTarget,
  createIntacctPoTarget,
  createIntacctPreviewReads,
  createIntacctProjectTarget,
  createIntacctVendorSide,
} from '../connectors/intacct/index.ts';
import {
  createApSource,
  createArSource,
  createGlSource,
  createProjectSource,
  createSage300CustomerSide,
  createSage300PoSide,
  createSage300VendorSide,
  type TermsTranslation,
} from '../connectors/sage300/index.ts';
import type { ApDeps } from '../core/ap/ap-pipeline.ts';
import type { ArDeps } from '../core/ar/ar-pipeline.ts';
import type { CustomerDeps } from '../core/customers/index.ts';
import type { GlDeps } from '../core/gl/gl-pipeline.ts';
import type { MappingEngine } from '../core/mapping/index.ts';
import type { AuditPort } from '../core/ports/audit-port.ts';
import type { PoDeps } from '../core/po/po-pipeline.ts';
import type { ProjectDeps } from '../core/projects/project-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { VendorDeps } from '../core/vendors/index.ts';
import type { Config } from '../platform/config.ts';
import type { CompanyRuntime } from './company-runtime.ts';

/** The deployment's stores every pipeline records into; `audit` is absent where a caller adds it itself. */
export interface PipelineStores {
  readonly store: StateStore;
  readonly audit?: AuditPort | undefined;
}

const stores = (s: PipelineStores): { store: StateStore; audit?: AuditPort } =>
  s.audit ? { store: s.store, audit: s.audit } : { store: s.store };

/** GL: GLPOST (SQL) to GLBATCH in the company's entity. */
export function glDeps(rt: CompanyRuntime, s: PipelineStores): GlDeps {
  const client = rt.intacctEntity();
  return {
    ...stores(s),
    source: createGlSource(rt.reader),
    target: createIntacctGlTarget(client, rt.intacctSizing),
    periods: createIntacctPreviewReads(client),
    names: createIntacctPreviewReads(client),
    engine: rt.engine,
    alerts: rt.alerts,
    log: rt.log('gl-pipeline'),
  };
}

/** AP: Sage 300 AP invoices (SQL) to bills in the company's entity. */
export function apDeps(rt: CompanyRuntime, s: PipelineStores): ApDeps {
  return {
    ...stores(s),
    source: createApSource(rt.reader),
    target: createIntacctApTarget(rt.intacctEntity(), rt.intacctSizing),
    names: createIntacctPreviewReads(rt.intacctEntity()),
    engine: rt.engine,
    currency: rt.company.currency,
    payments: rt.company.apPayments,
    alerts: rt.alerts,
    log: rt.log('ap-pipeline'),
  };
}

/** AR: Sage 300 invoices and receipts (SQL) to invoices and payments in the company's entity. */
export function arDeps(rt: CompanyRuntime, s: PipelineStores): ArDeps {
  return {
    ...stores(s),
    source: createArSource(rt.reader),
    target: createIntacctArTarget(rt.intacctEntity(), rt.intacctSizing),
    names: createIntacctPreviewReads(rt.intacctEntity()),
    engine: rt.engine,
    currency: rt.company.currency,
    alerts: rt.alerts,
    log: rt.log('ar-pipeline'),
  };
}

/** Purchase orders: POPORH1/POPORL (SQL) and the Web API, to PO transactions in the company's entity. */
export function poDeps(rt: CompanyRuntime, s: PipelineStores): PoDeps {
  return {
    ...stores(s),
    source: createSage300PoSide(rt.reader, rt.webApi),
    target: createIntacctPoTarget(rt.intacctEntity(), rt.intacctSizing),
    names: createIntacctPreviewReads(rt.intacctEntity()),
    engine: rt.engine,
    alerts: rt.alerts,
    log: rt.log('po-pipeline'),
  };
}

/**
 * Projects: projects and invoices through the project target; the tagging entries through the GL target, into the
 * company's GL journal and state unless a call names another journal. Both targets share one facade.
 */
export function projectDeps(rt: CompanyRuntime, s: PipelineStores): ProjectDeps {
  const client = rt.intacctEntity();
  return {
    ...stores(s),
    source: createProjectSource(rt.reader),
    target: createIntacctProjectTarget(client, rt.intacctSizing),
    entries: createIntacctGlTarget(client, rt.intacctSizing),
    periods: createIntacctPreviewReads(client),
    engine: rt.engine,
    alerts: rt.alerts,
    log: rt.log('projects-pipeline'),
    entryOptions: { journal: rt.company.gl.journal, state: rt.company.gl.state },
  };
}

/** Vendors: APVEN (SQL) and the Web API, both ways with the top-level Intacct company (shared master data). */
export function vendorDeps(rt: CompanyRuntime, s: PipelineStores, config: Config): VendorDeps {
  const { engine, intacctConfig } = rt;
  return {
    ...stores(s),
    sage300: createSage300VendorSide(rt.reader, rt.webApi, { user: rt.company.webApi.user }),
    intacct: createIntacctVendorSide(rt.intacctTopLevel(), { userId: intacctConfig.userId, ...rt.intacctSizing }),
    mapped: (system, id) => {
      const r = system === 'sage300' ? engine.vendorId(id) : engine.s300VendorId(id);
      return r.ok ? r.value : undefined;
    },
    systemOfRecord: config.sync.vendors.systemOfRecord,
    alerts: rt.alerts,
    log: rt.log('vendor-pipeline'),
  };
}

/** payment-terms.csv both ways (the first row wins when several Sage 300 codes share one Intacct term). */
function termsOf(engine: MappingEngine): TermsTranslation {
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

/** Customers: ARCUS (SQL) and the Web API, both ways with the top-level Intacct company (shared master data). */
export function customerDeps(rt: CompanyRuntime, s: PipelineStores, config: Config): CustomerDeps {
  const { engine, intacctConfig } = rt;
  return {
    ...stores(s),
    sage300: createSage300CustomerSide(rt.reader, rt.webApi, { user: rt.company.webApi.user, terms: termsOf(engine) }),
    intacct: createIntacctCustomerSide(rt.intacctTopLevel(), { userId: intacctConfig.userId, ...rt.intacctSizing }),
    mapped: (system, id) => {
      const r = system === 'sage300' ? engine.customerId(id) : engine.s300CustomerId(id);
      return r.ok ? r.value : undefined;
    },
    systemOfRecord: config.sync.customers.systemOfRecord,
    alerts: rt.alerts,
    log: rt.log('customer-pipeline'),
  };
}
