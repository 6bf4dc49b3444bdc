import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AuditFileError } from './audit-file-error.ts';
import { AUDIT_COLUMNS, AUDIT_SCHEMA_VERSION, readAuditSchemaVersion } from './ddl.ts';

/** `SELECT` of every column in table order, for readers that iterate the log. */
export const SELECT_AUDIT_ROWS = `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit_events`;

/**
 * Opens an audit file read-only for verification or export: it never creates, migrates or writes, so an auditor can
 * point it at a copy (or the live file) without changing a byte. Throws AuditFileError with a one-line reason.
 */
export function openAuditReadonly(path: string): Database.Database {
  if (!existsSync(path)) throw new AuditFileError('missing', `no audit log at ${path}`);
  if (!statSync(path).isFile()) throw new AuditFileError('unreadable', `${path} is not a file`);
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new AuditFileError('unreadable', `cannot open ${path}: ${(err as Error).message}`);
  }
  try {
    let version: number | undefined;
    try {
      version = readAuditSchemaVersion(db);
    } catch (err) {
      throw new AuditFileError('unreadable', `cannot read ${path}: ${(err as Error).message}`);
    }
    if (version === undefined)
      throw new AuditFileError('not_audit_log', `${path} is not a sagebridge audit log (no audit_meta schema_version)`);
    if (!(version <= AUDIT_SCHEMA_VERSION)) {
      throw new AuditFileError(
        'schema_too_new',
        `audit log ${path} has format version ${version}; this build knows up to ${AUDIT_SCHEMA_VERSION}`,
      );
    }
    const events = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'").get();
    if (events === undefined)
      throw new AuditFileError('not_audit_log', `${path} has no audit_events table: the log's rows were dropped or never created`);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof AuditFileError) throw err;
    throw new AuditFileError('unreadable', `cannot read ${path}: ${(err as Error).message}`);
  }
}
