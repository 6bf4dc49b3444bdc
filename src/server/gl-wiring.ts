import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createSage300Reader, createSqliteBackend, createMssqlBackend, type Sage300Reader } from '../connectors/sage300/index.ts';
import { createMappingEngine, loadMappings, type MappingEngine, type MappingFileError } from '../core/mapping/index.ts';
import type { AlertPort } from '../core/ports/gl-ports.ts';
import type { GlPostingOptions } from '../core/gl/gl-transform.ts';
import { glLedgerPlan } from '../core/gl/source-ledgers.ts';
import { createStateStore, STATE_MIGRATIONS, type RecoveryReport, type StateStore } from '../core/state/index.ts';
import type { Config, Sage300CompanyConfig } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';
import { acquireProcessLease, type ProcessLease } from '../platform/process-lease.ts';
import { openStateDb } from '../platform/state-db.ts';
import { postWebhook } from '../platform/webhook.ts';
import { systemClock } from '../platform/clock.ts';

/** A configuration problem found while wiring (unknown company, broken mapping files): shown to the user as is. */
export class WiringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WiringError';
  }
}

/**
 * Opens (and migrates) the deployment's state database under `stateDir`, takes this process's lease (so other
 * processes sharing the dir can tell its work from a dead process's), and recovers what dead processes left behind.
 */
export function openStateStore(config: Config, log?: Logger): { store: StateStore; recovered: RecoveryReport; close(): void } {
  mkdirSync(config.stateDir, { recursive: true });
  const db = openStateDb(join(config.stateDir, 'state.db'), { migrations: STATE_MIGRATIONS });
  let lease: ProcessLease;
  try {
    lease = acquireProcessLease(join(config.stateDir, 'leases'));
  } catch (err) {
    db.close();
    throw err;
  }
  const close = (): void => {
    db.close();
    lease.release();
  };
  try {
    const store = createStateStore(db, { clock: systemClock, ownership: lease });
    const recovered = store.recover();
    if (log && (recovered.unknown > 0 || recovered.changeSets.length > 0 || recovered.runs.length > 0)) {
      log.warn(
        { module: 'state-recovery', unknown: recovered.unknown, changeSets: recovered.changeSets, runs: recovered.runs.map((r) => r.id) },
        `recovered after an interrupted process: ${recovered.unknown} write(s) in flight now unknown (resent with the same key), ${recovered.changeSets.length} change set(s) no longer executing, ${recovered.runs.length} run(s) closed as interrupted`,
      );
    }
    return { store, recovered, close };
  } catch (err) {
    close();
    throw err;
  }
}

/** Loads the mapping tables for a company's account structure; a broken file lists every problem with file:line. */
export function loadEngine(config: Config, company: Sage300CompanyConfig): MappingEngine {
  const loaded = loadMappings(config.mappingsDir, { segmentNames: company.accountSegments });
  if (!loaded.ok) {
    const lines = loaded.error.map((e: MappingFileError) => `  - ${e.message}`);
    throw new WiringError(`the mapping files in ${config.mappingsDir} have problems:\n${lines.join('\n')}`);
  }
  return createMappingEngine(loaded.value, { segmentNames: company.accountSegments });
}

/** Opens the SQL reader for a company (SQLite for the sandbox, SQL Server in production). */
export function openReader(company: Sage300CompanyConfig, log: Logger): Sage300Reader {
  const backend =
    company.sql.backend === 'sqlite'
      ? createSqliteBackend(company.sql.path, { readonly: true })
      : createMssqlBackend(
          {
            server: company.sql.server,
            port: company.sql.port,
            database: company.sql.database,
            user: company.sql.user,
            password: company.sql.password,
            encrypt: company.sql.encrypt,
            trustServerCertificate: company.sql.trustServerCertificate,
            poolMax: company.sql.poolMax,
          },
          { log },
        );
  return createSage300Reader(backend, { log: log.child({ module: 'sage300-reader' }), companyId: company.companyId, ...company.reader });
}

/** Exceptions go to the log always and to the configured webhook once each. */
export function createAlerts(config: Config, log: Logger): AlertPort {
  const url = config.alerts.webhookUrl;
  return {
    async exceptionRaised(alert) {
      if (!url) return;
      await postWebhook(
        url,
        {
          text: `sagebridge ${alert.pipeline} exception #${alert.id} (${alert.class}) in ${alert.company}: ${alert.message}. Fix: ${alert.fix}`,
          exception: alert,
        },
        log,
      );
    },
  };
}

/** How a company's GL entries are created: its journal and state, and the source ledgers its enabled pipelines replicate. */
export function glPostingOptions(company: Sage300CompanyConfig): GlPostingOptions {
  return { journal: company.gl.journal, state: company.gl.state, sourceLedgers: glLedgerPlan(company.pipelines, company.gl.sourceLedgers) };
}
