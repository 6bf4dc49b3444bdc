import type { StateStore } from '../core/state/index.ts';
import { createApprovalService, type ApprovalService } from '../governance/approvals.ts';
import { createGovernor, type Governor } from '../governance/governor.ts';
import { createPrincipalDirectory, type PrincipalDirectory } from '../governance/principals.ts';
import { createRateLimits, type RateLimits } from '../governance/rate-limits.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { checkToolReferences } from '../platform/config-references.ts';
import type { Logger } from '../platform/logger.ts';
import { TOOLS } from '../../tools/index.ts';
import { openAuditLog, type AuditLog } from './audit-log.ts';
import { openStateStore } from './gl-wiring.ts';
import { createServerServices, type ServerServices } from './services.ts';

/** The assembled server: governance over the tools, with the stores and connectors behind it. */
export interface App {
  readonly config: Config;
  readonly log: Logger;
  readonly store: StateStore;
  readonly audit: AuditLog;
  readonly principals: PrincipalDirectory;
  readonly services: ServerServices;
  readonly approvals: ApprovalService;
  readonly limits: RateLimits;
  readonly governor: Governor;
  close(): Promise<void>;
}

/** Composition root: opens the state store and the audit log, wires services, approvals, rate limits and tools. */
export function createApp(config: Config, deps: { log: Logger }): App {
  const { log } = deps;
  // The schema cannot know the tools: a misspelt tool name in approvals, rateLimits or schedules fails here.
  checkToolReferences(config, TOOLS);
  // Opening recovers what dead processes left: `sending` rows become `unknown` (resent with the same key),
  // change sets left `executing` go back to `approved` with their remaining items, `running` runs become `interrupted`.
  const state = openStateStore(config, log);
  let audit: AuditLog;
  try {
    audit = openAuditLog(auditPath(config));
  } catch (err) {
    state.close();
    throw err;
  }
  const store = state.store;
  const services = createServerServices(config, { store, audit, log });
  const approvals = createApprovalService({ store, audit, tools: TOOLS });
  const limits = createRateLimits(config.rateLimits, { ledger: store.callWindows });
  const governor = createGovernor({ tools: TOOLS, services, approvals, audit, limits, config, log: log.child({ module: 'governor' }) });
  return {
    config,
    log,
    store,
    audit,
    principals: createPrincipalDirectory(config.principals),
    services,
    approvals,
    limits,
    governor,
    async close() {
      await limits.stop();
      await services.close();
      audit.close();
      state.close();
    },
  };
}
