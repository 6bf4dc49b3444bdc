/**
 * SQL Server backend on the `mssql` package: one connection pool per company database, parameters
 * bound ONLY through `request.input(name, type, value)`, rows streamed with pause/resume back-pressure.
 * The driver is injectable so the binding shape can be tested without a SQL Server.
 */
import type { config as MssqlConfig } from 'mssql';
import type { Logger } from '../../platform/logger.ts';
import { bindParams, type SqlBackend, type SqlParams, type SqlRow } from './sql-backend.ts';
import type { RenderedSql } from './sql-dialect.ts';
import type { ParamSpec } from './sql-statement.ts';

export interface MssqlBackendConfig {
  readonly server: string;
  readonly port?: number;
  /** The company database; in Sage 300 its name is the company org id (e.g. SAMINC). */
  readonly database: string;
  readonly user?: string;
  readonly password?: string;
  readonly encrypt?: boolean;
  readonly trustServerCertificate?: boolean;
  readonly requestTimeoutMs?: number;
  readonly poolMax?: number;
  /** Rows buffered before the request is paused (default 2000). */
  readonly highWaterRows?: number;
}

/** The part of a `mssql` Request the backend uses. */
interface MssqlRequestLike {
  stream: boolean;
  input(name: string, type: unknown, value: unknown): unknown;
  query(text: string): unknown;
  pause(): boolean;
  resume(): boolean;
  cancel(): void;
  on(event: 'row', listener: (row: SqlRow) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'done', listener: () => void): unknown;
}

interface MssqlPoolLike {
  connect(): Promise<unknown>;
  request(): MssqlRequestLike;
  close(): Promise<void>;
}

/** What the backend needs from the `mssql` module: a pool factory and the three SQL types it binds. */
export interface MssqlDriver {
  createPool(config: Record<string, unknown>): MssqlPoolLike;
  varChar(length: number): unknown;
  int(): unknown;
  decimal(precision: number, scale: number): unknown;
}

/** Loads the real `mssql` driver lazily, so sandbox-only processes never load tedious. */
async function loadMssqlDriver(): Promise<MssqlDriver> {
  const mod = await import('mssql');
  const sql = mod.default;
  return {
    createPool: (config) => new sql.ConnectionPool(config as unknown as MssqlConfig),
    varChar: (length) => sql.VarChar(length),
    int: () => sql.Int,
    decimal: (precision, scale) => sql.Decimal(precision, scale),
  };
}

/** The driver config object handed to `new ConnectionPool(...)` (exported for tests; no secrets are logged). */
export function poolConfig(config: MssqlBackendConfig): Record<string, unknown> {
  return {
    server: config.server,
    ...(config.port !== undefined ? { port: config.port } : {}),
    database: config.database,
    ...(config.user !== undefined ? { user: config.user } : {}),
    ...(config.password !== undefined ? { password: config.password } : {}),
    requestTimeout: config.requestTimeoutMs ?? 300_000,
    pool: { max: config.poolMax ?? 4, min: 0, idleTimeoutMillis: 30_000 },
    options: {
      encrypt: config.encrypt ?? true,
      trustServerCertificate: config.trustServerCertificate ?? false,
      // Keep DECIMAL/NUMERIC as drivers give them; amounts are CAST to VARCHAR in SQL anyway.
      useUTC: true,
    },
  };
}

/** The mssql type a parameter is declared with. VARCHAR (not NVARCHAR) so CHAR indexes stay seekable. */
function mssqlType(driver: MssqlDriver, spec: ParamSpec): unknown {
  switch (spec.kind) {
    case 'char':
      return driver.varChar(spec.width);
    case 'int':
      return driver.int();
    case 'dec0':
      return driver.decimal(19, 0);
  }
}

export interface MssqlBackendDeps {
  readonly log: Logger;
  /** Injected in tests; defaults to the real `mssql` package. */
  readonly driver?: MssqlDriver;
}

/** Creates a SQL Server backend for ONE company database. The pool connects on first query. */
export function createMssqlBackend(config: MssqlBackendConfig, deps: MssqlBackendDeps): SqlBackend {
  const log = deps.log.child({ module: 'sage300-sql-mssql', database: config.database });
  const highWater = config.highWaterRows ?? 2000;
  let ready: Promise<{ driver: MssqlDriver; pool: MssqlPoolLike }> | undefined;

  function connect(): Promise<{ driver: MssqlDriver; pool: MssqlPoolLike }> {
    ready ??= (async () => {
      const driver = deps.driver ?? (await loadMssqlDriver());
      const pool = driver.createPool(poolConfig(config));
      await pool.connect();
      log.info({ server: config.server }, 'connected to Sage 300 company database');
      return { driver, pool };
    })();
    ready.catch(() => (ready = undefined));
    return ready;
  }

  async function* query(sql: RenderedSql, params: SqlParams): AsyncGenerator<SqlRow> {
    if (sql.dialect !== 'mssql') throw new Error(`${sql.name}: rendered for ${sql.dialect}, not mssql`);
    const bound = bindParams(sql, params);
    const { driver, pool } = await connect();
    const request = pool.request();
    request.stream = true;
    for (const [name, spec] of Object.entries(sql.params)) request.input(name, mssqlType(driver, spec), bound[name]);

    const queue: SqlRow[] = [];
    let failure: Error | undefined;
    let done = false;
    let paused = false;
    let wake: (() => void) | undefined;
    const signal = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    request.on('row', (row) => {
      queue.push(row);
      if (!paused && queue.length >= highWater) paused = request.pause();
      signal();
    });
    request.on('error', (err) => {
      failure ??= err;
      signal();
    });
    request.on('done', () => {
      done = true;
      signal();
    });
    request.query(sql.text);
    try {
      for (;;) {
        const row = queue.shift();
        if (row !== undefined) {
          if (paused && queue.length <= highWater / 2) {
            request.resume();
            paused = false;
          }
          yield row;
          continue;
        }
        if (failure) throw failure;
        if (done) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    } finally {
      if (!done && !failure) request.cancel();
    }
  }

  return {
    dialect: 'mssql',
    query,
    async close(): Promise<void> {
      const current = ready;
      ready = undefined;
      if (current) await (await current).pool.close();
    },
  };
}
