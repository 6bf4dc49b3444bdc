import type { StateStore } from '../core/state/index.ts';
import { createApprovalService, type ApprovalService } from '../governance/approvals.ts';
import { createGovernor, type Governor } from '../governance/governor.ts';
import { createPrincipalDirectory, type PrincipalDirectory } from '../governance/principals.ts';
import { createRateLimits, type RateLimits } from '../governance/rate-limits.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { checkToolReferences } from '../platform/config-references.ts';
import type { Logger } from '../platform/logger.ts';
import { TOOLS } from '../../tools/index.ts';
import { checkpointSettings, configuredSigningKey, configuredSinks, createCheckpointer, type Checkpointer } from './audit-checkpoint.ts';
import { checkpointedLog } from './audit-checkpointed-log.ts';
import { openAuditLog, type AuditLog } from './audit-log.ts';
import { createChangeSetNotices, type ConsoleWaits } from './change-set-notices.ts';
import { publicBase } from '../governance/console-link.ts';
import { openStateStore } from './gl-wiring.ts';
import { createServerServices, type ServerServices } from './services.ts';

/** The assembled server: governance over the tools, with the stores and connectors behind it. */
export interface App {
  readonly config: Config;
  readonly log: Logger;
  readonly store: StateStore;
  readonly audit: AuditLog;
  /** Signs the audit log's head to sinks outside it; undefined when audit.checkpoints.enabled is false. */
  readonly checkpoints: Checkpointer | undefined;
  readonly principals: PrincipalDirectory;
  readonly services: ServerServices;
  readonly approvals: ApprovalService;
  readonly limits: RateLimits;
  readonly governor: Governor;
  /** MCP clients that opened a change set's console page, told when it is decided. */
  readonly consoleWaits: ConsoleWaits;
  /** The base URL of the console links: `server.publicUrl`, else where the HTTP listener serves, else host and port. */
  consoleBase(): string;
  /** The HTTP listener tells where it serves (e.g. `http://127.0.0.1:8787`) once it listens. */
  listeningAt(base: string): void;
  /**
   * Shutting down: every call in flight is asked to stop (as an MCP cancellation does: writes in flight finish, the
   * rest of an approved change set stays approved), and this resolves when they have all answered or `graceMs`
   * passed. Calls that arrive afterwards are cancelled before anything is sent.
   */
  drain(graceMs?: number): Promise<void>;
  /** Closes the stores; the audit log is closed after every call has written its last row. */
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
  let checkpoints: Checkpointer | undefined;
  try {
    const opened = openAuditLog(auditPath(config));
    audit = opened;
    try {
      checkpoints = startCheckpoints(config, opened, log);
    } catch (err) {
      opened.close();
      throw err;
    }
    // Every append goes through here, so each change-set decision is followed by a checkpoint.
    if (checkpoints) audit = checkpointedLog(opened, checkpoints);
  } catch (err) {
    state.close();
    throw err;
  }
  const store = state.store;
  const services = createServerServices(config, { store, audit, log });
  const notices = createChangeSetNotices(config, log.child({ module: 'change-set-notices' }));
  let listening: string | undefined;
  const approvals = createApprovalService({ store, audit, tools: TOOLS, events: notices });
  const limits = createRateLimits(config.rateLimits, { ledger: store.callWindows });
  const inner = createGovernor({
    tools: TOOLS,
    services,
    approvals,
    audit,
    limits,
    config,
    log: log.child({ module: 'governor' }),
    events: notices,
    listeningAt: () => listening,
  });
  const shutdown = new AbortController();
  const inFlight = new Set<Promise<unknown>>();
  // Each call's signal stops it on the client's cancellation or at shutdown. A controller of its own, forwarded from
  // the client's signal and aborted by drain, costs a third of AbortSignal.any, which also leaves a weak reference per
  // call on the long-lived shutdown signal until garbage collection.
  const stoppable = new Set<AbortController>();
  const governor: Governor = {
    toolsFor: (principal, via) => inner.toolsFor(principal, via),
    call(principal, name, args, io) {
      const client = io.signal;
      let signal = shutdown.signal;
      let release = (): void => undefined;
      if (client && !shutdown.signal.aborted) {
        const own = new AbortController();
        const forward = (): void => own.abort(client.reason);
        if (client.aborted) forward();
        else client.addEventListener('abort', forward, { once: true });
        stoppable.add(own);
        signal = own.signal;
        release = () => {
          stoppable.delete(own);
          client.removeEventListener('abort', forward);
        };
      }
      const call = inner.call(principal, name, args, { ...io, signal });
      inFlight.add(call);
      void call.finally(() => {
        inFlight.delete(call);
        release();
      });
      return call;
    },
  };
  const drain = async (graceMs = 30_000): Promise<void> => {
    shutdown.abort();
    for (const own of stoppable) own.abort(shutdown.signal.reason);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((done) => (timer = setTimeout(done, graceMs)));
    await Promise.race([Promise.allSettled([...inFlight]), late]);
    clearTimeout(timer);
    if (inFlight.size > 0)
      log.warn({ calls: inFlight.size }, 'calls still running at shutdown; recovery settles their writes on the next start');
  };
  return {
    config,
    log,
    store,
    audit,
    checkpoints,
    principals: createPrincipalDirectory(config.principals),
    services,
    approvals,
    limits,
    governor,
    consoleWaits: notices.waits,
    consoleBase: () => publicBase(config.server, listening),
    listeningAt(base) {
      listening = base;
    },
    drain,
    async close() {
      await drain();
      await notices.idle();
      await limits.stop();
      await services.close();
      // The final checkpoint covers every row this process wrote.
      await checkpoints?.close();
      audit.close();
      state.close();
    },
  };
}

/** Loads (or generates) the signing key and starts the checkpointer, unless audit.checkpoints.enabled is false. */
function startCheckpoints(config: Config, audit: AuditLog, log: Logger): Checkpointer | undefined {
  const settings = checkpointSettings(config);
  if (!settings.enabled) return undefined;
  return createCheckpointer({
    audit,
    key: configuredSigningKey(config),
    sinks: configuredSinks(settings),
    intervalMs: settings.intervalMs,
    log: log.child({ module: 'audit-checkpoint' }),
  });
}
