import type { ApDeps } from '../core/ap/ap-pipeline.ts';
import type { ArDeps } from '../core/ar/ar-pipeline.ts';
import type { GlDeps } from '../core/gl/gl-pipeline.ts';
import type { GlPostingOptions } from '../core/gl/gl-transform.ts';
import type { GlLedgerPlan, ReplicatingPipeline } from '../core/gl/source-ledgers.ts';
import type { MappingReport } from '../core/mapping/index.ts';
import type { AuditPort } from '../core/ports/audit-port.ts';
import type { ReconciliationReport } from '../core/reconcile/index.ts';
import type { StateStore } from '../core/state/index.ts';
import type { VendorDeps } from '../core/vendors/index.ts';
import type { CustomerDeps } from '../core/customers/index.ts';
import type { PoDeps } from '../core/po/po-pipeline.ts';
import type { ProjectDeps } from '../core/projects/project-pipeline.ts';

/** The result of probing one upstream connection. */
export interface ConnectionCheck {
  readonly system: 'intacct' | 'sage300-sql' | 'sage300-webapi';
  readonly company: string;
  readonly ok: boolean;
  readonly latencyMs: number;
  readonly detail: string;
}

/** A mapping table as a readable document (MCP resource). */
export interface MappingTableDoc {
  readonly name: string;
  readonly mimeType: string;
  readonly text: string;
}

/** What tools use of the deployment; the composition root (src/server) implements it over config and connectors. */
export interface Services {
  readonly store: StateStore;
  readonly audit: AuditPort;
  /** Sage 300 company keys, in config order. */
  readonly companies: readonly string[];
  /** The company key to use: the given one (validated) or the only one; throws ToolError otherwise. */
  resolveCompany(key: string | undefined): string;
  /** GL pipeline dependencies for a company (wired once, reused). */
  gl(company: string): { deps: GlDeps; options: GlPostingOptions };
  /** AP bill pipeline dependencies for a company (wired once, reused). */
  ap(company: string): { deps: ApDeps };
  /** The AR pipeline (sync_ar: invoices, payments, open-balance comparison) of one company. */
  receivables(company: string): { deps: ArDeps };
  /** Vendor sync pipeline dependencies for a company (wired once, reused). */
  vendors(company: string): VendorDeps;
  /** Customer sync pipeline dependencies for a company (wired once, reused). */
  customers(company: string): CustomerDeps;
  /** Purchase-order sync pipeline dependencies for a company (wired once, reused). */
  purchaseOrders(company: string): PoDeps;
  /** Projects sync pipeline dependencies for a company (wired once, reused). */
  projects(company: string): ProjectDeps;
  /** Runs tasks one at a time per key: change-set tools plan and execute under `<pipeline>:<company>` (governance/change-set-tool.ts). */
  exclusive<T>(key: string, task: () => Promise<T>): Promise<T>;
  checkConnections(): Promise<ConnectionCheck[]>;
  validateMappings(company: string, asOf: string): Promise<MappingReport>;
  /** The source ledgers a company's GL sync leaves out (derived from its enabled pipelines) and any override. */
  glSourceLedgers(company: string): GlLedgerPlan;
  /** Whether a replicating pipeline (AP, AR, projects) is enabled for the company; a disabled one refuses to run. */
  pipelineEnabled(company: string, pipeline: ReplicatingPipeline): boolean;
  mappingTables(): MappingTableDoc[];
  /** Reconciles a Sage 300 fiscal period against Intacct and saves the report files (STATEDIR/reports). */
  reconcile(
    company: string,
    year: number,
    period: number,
  ): Promise<{ report: ReconciliationReport; paths: { json: string; csv: string; text: string; latest: string } }>;
}
