import { createIntacctClient, createIntacctGlTarget, createIntacctProjectTarget } from '../connectors/intacct/index.ts';
import { createProjectSource } from '../connectors/sage300/index.ts';
import type { ProjectDeps } from '../core/projects/project-pipeline.ts';
import type { StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { createAlerts, loadEngine, openReader, WiringError } from './gl-wiring.ts';

/**
 * Everything the projects pipeline needs for one Sage 300 company. The tagging entries go through the GL pipeline's
 * Intacct target (GLBATCH), into the company's GL journal and state (`gl.journal`, `gl.state`) unless a call names
 * another journal; projects and invoices through the project target; both share one Intacct client.
 */
export function wireProjects(config: Config, company: Sage300CompanyConfig, store: StateStore, log: Logger): { deps: ProjectDeps; close(): Promise<void> } {
  const intacctConfig = config.intacct.companies.find((c) => c.key === company.intacctCompany);
  if (!intacctConfig) throw new WiringError(`sage300 company ${company.key} names intacct company "${company.intacctCompany}", which is not configured`);
  const entityConfig = company.intacctEntityId ? { ...intacctConfig, entityId: company.intacctEntityId } : intacctConfig;
  const engine = loadEngine(config, company);
  const client = createIntacctClient(entityConfig, { log });
  const reader = openReader(company, log);
  const sizing = { batchSize: intacctConfig.functionsPerRequest, concurrency: intacctConfig.maxConcurrent };
  const deps: ProjectDeps = {
    store,
    source: createProjectSource(reader),
    target: createIntacctProjectTarget(client, sizing),
    entries: createIntacctGlTarget(client, sizing),
    engine,
    alerts: createAlerts(config, log),
    log: log.child({ module: 'projects-pipeline', company: company.key }),
    entryOptions: { journal: company.gl.journal, state: company.gl.state },
  };
  return {
    deps,
    async close() {
      await client.close();
      await reader.close();
    },
  };
}
