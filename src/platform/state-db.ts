import Database from 'better-sqlite3';

/** The connection type every state repository takes. */
export type StateDb = Database.Database;

/** One schema step. `up` runs inside its own transaction together with the bookkeeping row, so a crash never half-applies it. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  /**
   * Rebuilds a table other tables reference (SQLite's documented way to change a CHECK constraint): runs with
   * foreign-key enforcement off, which SQLite only allows outside a transaction, and must leave
   * `PRAGMA foreign_key_check` empty or it is rolled back.
   */
  readonly rebuildsTables?: boolean;
  up(db: StateDb): void;
}

export interface OpenStateDbOptions {
  /** Open an existing file for reading only (reports, status commands); never migrates. */
  readonly?: boolean;
  /** Ordered list owned by the caller (core), because platform must not import core. */
  migrations?: readonly Migration[];
  /** How long a writer waits for another connection's lock before SQLITE_BUSY; default 5000 ms. */
  busyTimeoutMs?: number;
}

export type StateDbErrorCode = 'schema_too_new' | 'schema_too_old' | 'schema_diverged' | 'bad_migration_list';

/** Raised at boot only: the process cannot safely run against this file, and the message says what to do. */
export class StateDbError extends Error {
  constructor(
    readonly code: StateDbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StateDbError';
  }
}

const MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
) STRICT`;

/**
 * Opens the deployment's state file. WAL + synchronous=FULL because the outbox and cursors must survive power loss,
 * not just process crashes (NORMAL in WAL can roll back the last commits after an OS crash).
 */
export function openStateDb(path: string, opts: OpenStateDbOptions = {}): StateDb {
  const migrations = opts.migrations ?? [];
  checkMigrationList(migrations);
  const readonly = opts.readonly ?? false;
  const db = new Database(path, readonly ? { readonly: true, fileMustExist: true } : {});
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    if (readonly) checkReadonlyVersion(db, path, migrations);
    else applyMigrations(db, path, migrations);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Highest applied migration version; 0 for a fresh file. */
export function schemaVersion(db: StateDb): number {
  if (!hasMigrationsTable(db)) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

/** Applies every pending migration, each in its own IMMEDIATE transaction; returns the versions it applied. */
function applyMigrations(db: StateDb, path: string, migrations: readonly Migration[]): number[] {
  checkMigrationList(migrations);
  db.exec(MIGRATIONS_DDL);
  checkCompatible(db, path, migrations);
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    // IMMEDIATE takes the write lock first, and the re-check inside means two processes starting together
    // cannot both apply the same step.
    const step = db.transaction(() => {
      if (schemaVersion(db) >= m.version) return false;
      m.up(db);
      if (m.rebuildsTables) {
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0)
          throw new Error(`migration ${m.version} "${m.name}" left ${broken.length} broken foreign key reference(s); rolled back`);
      }
      record.run(m.version, m.name, new Date().toISOString());
      return true;
    });
    const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
    if (m.rebuildsTables && enforced) db.pragma('foreign_keys = OFF');
    try {
      if (step.immediate()) applied.push(m.version);
    } finally {
      if (m.rebuildsTables && enforced) db.pragma('foreign_keys = ON');
    }
  }
  return applied;
}

function checkMigrationList(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      throw new StateDbError(
        'bad_migration_list',
        `migration #${i} "${m.name}" has version ${m.version}; versions must be 1, 2, 3, … in order`,
      );
    }
  });
}

function hasMigrationsTable(db: StateDb): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
}

function checkCompatible(db: StateDb, path: string, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  const known = migrations.length;
  if (current > known) {
    throw new StateDbError(
      'schema_too_new',
      `state database ${path} is at schema version ${current}, but this sagebridge only knows up to version ${known}. ` +
        'It was written by a newer release; upgrade sagebridge (do not downgrade a state file).',
    );
  }
  if (!hasMigrationsTable(db)) return;
  const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all() as { version: number; name: string }[];
  for (const row of rows) {
    const expected = migrations[row.version - 1];
    if (expected && expected.name !== row.name) {
      throw new StateDbError(
        'schema_diverged',
        `state database ${path} recorded migration ${row.version} as "${row.name}", but this build calls it "${expected.name}". ` +
          'The file came from a different branch or build; restore the matching release.',
      );
    }
  }
}

function checkReadonlyVersion(db: StateDb, path: string, migrations: readonly Migration[]): void {
  checkCompatible(db, path, migrations);
  const current = schemaVersion(db);
  if (current < migrations.length) {
    throw new StateDbError(
      'schema_too_old',
      `state database ${path} is at schema version ${current}, this build needs ${migrations.length}; ` +
        'open it once read-write (any sync command) to migrate it.',
    );
  }
}
