export { canonicalJson } from './canonical-json.ts';
export { GENESIS_HASH, rowHash, type AuditRow, type AuditRowFields } from './row-hash.ts';
export { AUDIT_COLUMNS, ensureAuditSchema } from './ddl.ts';
export { AuditFileError } from './audit-file-error.ts';
export { openAuditReadonly, SELECT_AUDIT_ROWS } from './open-readonly.ts';
export {
  checkpointLine,
  checkpointSignatureValid,
  keyIdOf,
  parseCheckpoints,
  publicKeyFromPem,
  signCheckpoint,
  type Checkpoint,
} from './checkpoint.ts';
