/** Why an audit file could not be opened at all (as opposed to opened and found broken). */
export type AuditFileErrorCode = 'missing' | 'unreadable' | 'not_audit_log' | 'schema_too_new';

/** The audit file cannot be used: missing, not SQLite, not an audit log, or too new. The message says which and where. */
export class AuditFileError extends Error {
  constructor(
    readonly code: AuditFileErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AuditFileError';
  }
}
