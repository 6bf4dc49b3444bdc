export { MAPPING_FILE_COLUMNS, type MappingFileError } from './mapping-files.ts';
export type { MappingTables } from './tables.ts';
export { loadMappings, parseMappings } from './load-mappings.ts';
export type { MappingError } from './mapping-error.ts';
export { createMappingEngine, type MappingEngine } from './account-resolver.ts';
export { validateMappings, type CatalogEntry, type ValidationInput } from './validate-mappings.ts';
export type { MappingReport } from './report.ts';
export { formatReport } from './format-report.ts';
