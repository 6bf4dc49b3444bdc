export type { Outcome } from './outcome.ts';
export { parseCsv, type CsvParse, type CsvRow } from './csv.ts';
export { MAPPING_FILE_COLUMNS, MAPPING_FILE_NAMES, type MappingFileError, type MappingFileErrorCode, type MappingFileName } from './mapping-files.ts';
export type {
  AccountRule,
  DimensionRow,
  DimensionSource,
  IntacctDimension,
  LineDimension,
  MappingTables,
  PartyRow,
  TaxCodeRow,
  TermRow,
} from './tables.ts';
export { loadMappings, parseMappings, type LoadMappingsOptions } from './load-mappings.ts';
export { checkStructure } from './structure.ts';
export type { MappingError, MappingErrorCode } from './mapping-error.ts';
export { createMappingEngine, type AccountResolution, type MappingEngine, type MappingEngineOptions } from './account-resolver.ts';
export type { CodeLookups } from './lookups.ts';
export type { RuleMatch } from './rule-index.ts';
export { validateMappings, type CatalogEntry, type CheckedDimension, type ValidationInput } from './validate-mappings.ts';
export type { MappingReport, ReportCode, ReportEntry } from './report.ts';
export { formatReport } from './format-report.ts';
