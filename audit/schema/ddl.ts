import type Database from 'better-sqlite3';
import { GENESIS_HASH } from './row-hash.ts';
import { AuditFileError } from './audit-file-error.ts';

/** Version of the table layout and hash formula; a reader refuses a file with a higher one. */
export const AUDIT_SCHEMA_VERSION = 1;

/** Trigger names, so a test (or a forensic script) can refer to them. */
export const AUDIT_TRIGGERS = {
  noUpdate: 'audit_events_no_update',
  noDelete: 'audit_events_no_delete',
  appendAtEnd: 'audit_events_append_at_end',
} as const;

/** Columns in table order; exports and readers use this order. */
export const AUDIT_COLUMNS = [
  'seq',
  'at',
  'kind',
  'principal',
  'action',
  'decision',
  'outcome',
  'duration_ms',
  'change_set_id',
  'detail',
  'prev_hash',
  'hash',
] as const;

/**
 * The audit log's DDL. The triggers make the table append-only for every client of the file, not just ours, and the
 * insert trigger refuses a row that does not extend the chain (next seq, previous hash), so even a buggy writer
 * cannot fork or gap it. None of this stops someone who can drop triggers; the hash chain is what exposes that.
 */
const AUDIT_DDL = `
CREATE TABLE IF NOT EXISTS audit_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE IF NOT EXISTS audit_events (
  seq INTEGER PRIMARY KEY CHECK (seq >= 1),
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  principal TEXT NOT NULL,
  action TEXT NOT NULL,
  decision TEXT NOT NULL,
  outcome TEXT NOT NULL,
  duration_ms INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
  change_set_id INTEGER,
  detail TEXT NOT NULL CHECK (json_valid(detail)),
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64)
) STRICT;

CREATE INDEX IF NOT EXISTS audit_events_at ON audit_events (at);
CREATE INDEX IF NOT EXISTS audit_events_change_set ON audit_events (change_set_id) WHERE change_set_id IS NOT NULL;

CREATE TRIGGER IF NOT EXISTS ${AUDIT_TRIGGERS.noUpdate} BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE is not allowed'); END;

CREATE TRIGGER IF NOT EXISTS ${AUDIT_TRIGGERS.noDelete} BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: DELETE is not allowed'); END;

CREATE TRIGGER IF NOT EXISTS ${AUDIT_TRIGGERS.appendAtEnd} BEFORE INSERT ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events: seq must be the last seq + 1')
  WHERE NEW.seq IS NOT (SELECT COALESCE(MAX(seq), 0) + 1 FROM audit_events);
  SELECT RAISE(ABORT, 'audit_events: prev_hash must be the hash of the last row')
  WHERE NEW.prev_hash IS NOT COALESCE((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), '${GENESIS_HASH}');
END;
`;

/** The schema version recorded in a file, or undefined when it has no audit_meta table (not an audit log). */
export function readAuditSchemaVersion(db: Database.Database): number | undefined {
  const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_meta'").get();
  if (table === undefined) return undefined;
  const row = db.prepare<[], { value: string }>("SELECT value FROM audit_meta WHERE key = 'schema_version'").get();
  const version = row === undefined ? NaN : Number(row.value);
  return Number.isSafeInteger(version) ? version : undefined;
}

/**
 * Creates the tables and triggers on a writable connection if they are missing, in one IMMEDIATE transaction so two
 * processes opening a new file together cannot interleave; refuses a file written by a newer format, and a database
 * that holds other tables but no audit log.
 */
export function ensureAuditSchema(db: Database.Database, path: string): void {
  db.transaction(() => {
    const found = readAuditSchemaVersion(db);
    if (found === undefined) {
      // Pointing audit.path at another database (say the state file) must not quietly start a log inside it.
      const other = db
        .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' LIMIT 1")
        .get();
      if (other)
        throw new AuditFileError(
          'not_audit_log',
          `${path} already holds other tables (e.g. ${other.name}) and is not an audit log; give the audit log its own file`,
        );
    }
    if (found !== undefined && found > AUDIT_SCHEMA_VERSION) {
      throw new AuditFileError(
        'schema_too_new',
        `audit log ${path} has format version ${found}; this build knows up to ${AUDIT_SCHEMA_VERSION}. Use a newer sagebridge.`,
      );
    }
    db.exec(AUDIT_DDL);
    db.prepare("INSERT OR IGNORE INTO audit_meta (key, value) VALUES ('schema_version', ?)").run(String(AUDIT_SCHEMA_VERSION));
  }).immediate();
}
