/** Public surface of the Sage 300 SQL reader (merged into `index.ts` by the lead). */
export { createSage300Reader, type Sage300Reader } from './reader.ts';
export { createSqliteBackend } from './sql-sqlite-backend.ts';
export { createMssqlBackend } from './sql-mssql-backend.ts';
export type * from './types.ts';
export type * from './normalise-codes.ts';
