import Database from 'better-sqlite3';
import type { AddressInfo } from 'node:net';
import { silentLogger } from '../../platform/logger.ts';
import { behavioursWith, mergeBehaviours } from '../behaviour-switches.ts';
import { INTACCT_BEHAVIOURS_SCHEMA, type IntacctBehaviours } from './behaviours.ts';
import { BUILT_IN_CURRENCY } from './currency-settings.ts';
import { seededRandom, mergeFaults } from './faults.ts';
import type { GatewayDeps } from './gateway.ts';
import { OBJECT_NAMES } from './objects.ts';
import { seedIfEmpty } from './seed.ts';
import { createEmulatorServer, emptyStats, type RuntimeState } from './server.ts';
import { entityIdsOf } from './session-function.ts';
import { EmulatorStore } from './store.ts';
import {
  DEFAULT_CREDENTIALS,
  DEFAULT_FAULTS,
  GATEWAY_PATH,
  type EmulatorCredentials,
  type EmulatorOptions,
  type EmulatorStats,
  type FaultSettings,
  type IntacctEmulator,
} from './types.ts';

export type { EmulatorOptions, IntacctCompanySeed, IntacctEmulator } from './types.ts';

const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

/** Starts the Sage Intacct XML gateway emulator on loopback with the seeded demo company. */
export async function startIntacctEmulator(options: EmulatorOptions = {}): Promise<IntacctEmulator> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => new Date());
  const log = (options.log ?? silentLogger()).child({ module: 'intacct-emulator' });
  const credentials: EmulatorCredentials = { ...DEFAULT_CREDENTIALS, ...stripUndefined(options.credentials ?? {}) };
  const db = new Database(options.dbPath ?? ':memory:');
  const store = new EmulatorStore(db);
  seedIfEmpty(store, now(), options.company);

  let behaviours: IntacctBehaviours = behavioursWith(
    INTACCT_BEHAVIOURS_SCHEMA,
    { ...(options.sessionTimeoutSec === undefined ? {} : { sessionTimeoutSec: options.sessionTimeoutSec }), ...options.behaviours },
    'Intacct emulator',
  );
  const setBehaviours = (patch: unknown): IntacctBehaviours => {
    const merged = mergeBehaviours(INTACCT_BEHAVIOURS_SCHEMA, behaviours, patch, 'Intacct emulator');
    if (!merged.ok) throw new TypeError(merged.error);
    behaviours = merged.value;
    return behaviours;
  };
  const state: RuntimeState = {
    faults: mergeFaults(DEFAULT_FAULTS, options.faults ?? {}),
    stats: emptyStats(),
    inFlight: 0,
    maxConcurrent: options.maxConcurrent ?? 8,
    random: seededRandom(options.seed ?? Math.floor(Math.random() * 2 ** 32)),
    held: new Set(),
  };
  const gateway: GatewayDeps = {
    store,
    credentials,
    behaviours: () => behaviours,
    currency: options.company?.currency ?? BUILT_IN_CURRENCY,
    now,
    endpoint: '', // known once listening
    log,
    onFunction: (name) => {
      state.stats.functions++;
      state.stats.byFunction[name] = (state.stats.byFunction[name] ?? 0) + 1;
    },
    onSessionIssued: (locationId) => {
      state.stats.sessionsIssued++;
      state.stats.sessionsByLocation[locationId] = (state.stats.sessionsByLocation[locationId] ?? 0) + 1;
    },
  };
  const counts = (): Record<string, number> => {
    const raw = store.counts();
    return Object.fromEntries(OBJECT_NAMES.map((name) => [name, raw[name] ?? 0]));
  };
  const closePeriod = (period: string): void => {
    if (!PERIOD_RE.test(period)) throw new Error(`closePeriod expects 'yyyy-mm', got '${period}'`);
    store.setPeriod(period, 'closed');
  };
  const resetStats = (): void => {
    state.stats = emptyStats();
  };
  const server = createEmulatorServer(state, gateway, {
    expireSessions: () => store.expireSessions(),
    closePeriod,
    counts,
    resetStats,
    behaviours: () => behaviours,
    setBehaviours,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const endpoint = `http://${urlHost}:${port}${GATEWAY_PATH}`;
  gateway.endpoint = endpoint;
  log.info({ endpoint }, 'intacct emulator listening');

  let stopped = false;
  return {
    endpoint,
    port,
    credentials,
    entityIds: entityIdsOf(store),
    db,
    setFaults: (f: Partial<FaultSettings>) => {
      state.faults = mergeFaults(state.faults, f);
    },
    expireSessions: () => store.expireSessions(),
    closePeriod,
    setBehaviours,
    behaviours: () => behaviours,
    stats: (): EmulatorStats => structuredClone(state.stats),
    resetStats,
    counts,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      for (const socket of state.held) socket.destroy();
      state.held.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      db.close();
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
