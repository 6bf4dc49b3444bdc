import { createIntacctGlTarget, createIntacctProjectTarget } from '../connectors/intacct/index.ts';
import { createProjectSource } from '../connectors/sage300/index.ts';
import type { ProjectDeps } from '../core/projects/project-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { openCompanyConnections } from './company-connections.ts';

/**
 * Everything the projects pipeline needs for one Sage 300 company. The tagging entries go through the GL pipeline's
 * Intacct target (GLBATCH), into the company's GL journal and state (`gl.journal`, `gl.state`) unless a call names
 * another journal; projects and invoices through the project target; both share one Intacct client.
 */
export function wireProjects(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: ProjectDeps; close(): Promise<void> } {
  const c = openCompanyConnections(config, company, log, { module: 'projects-pipeline', entity: true });
  const sizing = { batchSize: c.intacctConfig.functionsPerRequest, concurrency: c.intacctConfig.maxConcurrent };
  const deps: ProjectDeps = {
    store,
    source: createProjectSource(c.reader),
    target: createIntacctProjectTarget(c.client, sizing),
    entries: createIntacctGlTarget(c.client, sizing),
    engine: c.engine,
    alerts: c.alerts,
    log: c.log,
    entryOptions: { journal: company.gl.journal, state: company.gl.state },
  };
  return { deps, close: () => c.close() };
}
