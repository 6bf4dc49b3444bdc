import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseConfig } from '../platform/config.ts';
import { silentLogger, type Logger } from '../platform/logger.ts';
import { DEMO_ENTITY_ID, DEMO_SYNC_JOURNAL } from './demo-data/intacct-company.ts';
import { DEMO_AP_BANK_ACCOUNTS } from './demo-data/sage300-fx-ap.ts';
import { startIntacctEmulator, type EmulatorOptions, type IntacctEmulator } from './intacct-emulator/index.ts';
import { DEMO_PRINCIPALS, prepareSandboxData, SANDBOX_COMPANY, SandboxError, sha256Hex, type PreparedSandbox } from './sandbox-data.ts';
import { claimSandbox } from './sandbox-owner.ts';
import { startSage300Emulator, type Sage300Emulator } from './sage300-emulator/index.ts';
import type { IntacctBehaviours } from './intacct-emulator/behaviours.ts';
import type { Sage300Behaviours } from './sage300-emulator/behaviours.ts';

export { SandboxError } from './sandbox-data.ts';
export { attachSandbox, defaultDataDir, SandboxBusyError, type AttachedSandbox } from './sandbox-owner.ts';

const INTACCT_CONNECTION_KEY = 'sandbox-intacct';

export interface SandboxOptions {
  dataDir: string;
  scale?: number;
  reset?: boolean;
  /** Folder of the mapping CSVs the written config points at. */
  mappingsDir: string;
  log?: Logger;
  intacctPort?: number;
  sage300Port?: number;
  /** The Intacct emulator's concurrency limit and faults (as `sagebridge emulate --max-concurrent/--latency-ms`). */
  intacctEmulator?: Pick<EmulatorOptions, 'maxConcurrent' | 'faults'>;
  /** Switches of both emulators (an emulator profile: README tables of each emulator); defaults when absent. */
  behaviours?: { intacct?: Partial<IntacctBehaviours>; sage300?: Partial<Sage300Behaviours> };
}

export interface Sandbox {
  prepared: PreparedSandbox;
  intacct: IntacctEmulator;
  sage300: Sage300Emulator;
  /** The configuration written to `configPath`, as an object. */
  config: Record<string, unknown>;
  configPath: string;
  stop(): Promise<void>;
}

/** An ordinary sagebridge configuration pointing at the running emulators, with the demo principals. */
function sandboxConfig(
  prepared: PreparedSandbox,
  intacct: IntacctEmulator,
  sage300: Sage300Emulator,
  mappingsDir: string,
): Record<string, unknown> {
  const { paths, tokens } = prepared;
  return {
    logLevel: 'info',
    operator: 'analyst',
    stateDir: resolve(paths.stateDir),
    mappingsDir: resolve(mappingsDir),
    intacct: {
      companies: [{ key: INTACCT_CONNECTION_KEY, endpoint: intacct.endpoint, ...intacct.credentials, maxConcurrent: 2 }],
    },
    sage300: {
      companies: [
        {
          key: SANDBOX_COMPANY,
          companyId: SANDBOX_COMPANY,
          intacctCompany: INTACCT_CONNECTION_KEY,
          intacctEntityId: DEMO_ENTITY_ID,
          sql: { backend: 'sqlite', path: resolve(paths.sage300Db) },
          gl: { journal: DEMO_SYNC_JOURNAL, state: 'Posted' },
          apPayments: { bankAccounts: DEMO_AP_BANK_ACCOUNTS },
          webApi: { baseUrl: sage300.baseUrl, user: sage300.user, password: sage300.password },
        },
      ],
    },
    server: { host: '127.0.0.1', port: 8787, stdioPrincipal: 'analyst' },
    approvals: { expiresAfterMinutes: 1440, defaults: { agent: 'required', analyst: 'confirm' }, tools: {} },
    principals: Object.entries(DEMO_PRINCIPALS).map(([name, roles]) => ({ name, roles, tokenSha256: sha256Hex(tokens[name] ?? '') })),
  };
}

/** Seeds (if needed) and serves both demo companies, and writes DIR/sagebridge.config.json for other commands. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const log = options.log ?? silentLogger();
  try {
    mkdirSync(options.dataDir, { recursive: true });
  } catch (err) {
    throw new SandboxError(`cannot create the data folder ${options.dataDir}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  // Only the owner seeds, serves and writes the config; a second process never touches a running sandbox's files.
  const claim = claimSandbox(options.dataDir);
  try {
    return await serveClaimed(options, log, claim);
  } catch (err) {
    claim.release();
    throw err;
  }
}

async function serveClaimed(options: SandboxOptions, log: Logger, claim: { release(): void }): Promise<Sandbox> {
  const prepared = prepareSandboxData(options.dataDir, {
    ...(options.scale === undefined ? {} : { scale: options.scale }),
    ...(options.reset ? { reset: true } : {}),
  });
  const intacct = await startIntacctEmulator({
    dbPath: prepared.paths.intacctDb,
    company: prepared.intacctCompany,
    port: options.intacctPort ?? 0,
    log,
    ...options.intacctEmulator,
    ...(options.behaviours?.intacct ? { behaviours: options.behaviours.intacct } : {}),
  });
  let sage300: Sage300Emulator;
  try {
    sage300 = await startSage300Emulator({
      dbPath: prepared.paths.sage300Db,
      companyId: SANDBOX_COMPANY,
      port: options.sage300Port ?? 0,
      log,
      ...(options.behaviours?.sage300 ? { behaviours: options.behaviours.sage300 } : {}),
    });
  } catch (err) {
    await intacct.stop();
    throw err;
  }
  const config = sandboxConfig(prepared, intacct, sage300, options.mappingsDir);
  parseConfig(config, 'sandbox config', {}); // never write a file the other commands would reject
  // Written whole and renamed into place: a process attaching meanwhile reads the old file or the new, never half.
  writeFileSync(`${prepared.paths.config}.tmp`, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${prepared.paths.config}.tmp`, prepared.paths.config);
  return {
    prepared,
    intacct,
    sage300,
    config,
    configPath: resolve(prepared.paths.config),
    async stop() {
      await Promise.all([intacct.stop(), sage300.stop()]);
      claim.release();
    },
  };
}
