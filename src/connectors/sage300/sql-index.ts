/** Public surface of the Sage 300 SQL reader (merged into `index.ts` by the lead). */
export { createSage300Reader, type Sage300Reader, type Sage300ReaderOptions } from './reader.ts';
export type { GlReader, PostingRun, TrialBalanceLine } from './reader-gl.ts';
export type { ApReader, ArReader } from './reader-ap-ar.ts';
export type { PoReader, PmReader } from './reader-po-pm.ts';
export type { ChangeRun } from './reader-core.ts';
export type { SqlBackend, SqlParams, SqlRow } from './sql-backend.ts';
export { createSqliteBackend, type SqliteBackendOptions } from './sql-sqlite-backend.ts';
export {
  createMssqlBackend, loadMssqlDriver, type MssqlBackendConfig, type MssqlBackendDeps, type MssqlDriver,
} from './sql-mssql-backend.ts';
export { renderSelect, type RenderedSql, type SqlDialect } from './sql-dialect.ts';
export { parseAuditCursor, type AuditCursor, type PostingSeqCursor } from './sql-cursor.ts';
export type { ReadStats } from './sql-keyset.ts';
export { ALL_SELECT_SPECS } from './sql-queries.ts';
export type { RowResult, SageRowError, SageRowErrorCode, SageRowProblem } from './normalise.ts';
export type * from './types.ts';
export type * from './normalise-codes.ts';
