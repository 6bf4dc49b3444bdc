export { canonicalJson, type AuditJson } from './canonical-json.ts';
export { GENESIS_HASH, rowHash, rowHashInput, type AuditRow, type AuditRowFields } from './row-hash.ts';
export { AUDIT_COLUMNS, AUDIT_DDL, AUDIT_SCHEMA_VERSION, AUDIT_TRIGGERS, ensureAuditSchema, readAuditSchemaVersion } from './ddl.ts';
export { AuditFileError, type AuditFileErrorCode } from './audit-file-error.ts';
export { openAuditReadonly, SELECT_AUDIT_ROWS } from './open-readonly.ts';
