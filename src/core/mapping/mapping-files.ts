/** The mapping files and their exact header columns, in order (mappings/README.md). */
export const MAPPING_FILE_COLUMNS = {
  'accounts.csv': [
    'priority',
    'source_account',
    'target_account',
    'department',
    'location',
    'class',
    'project',
    'effective_from',
    'effective_to',
    'comment',
  ],
  'dimensions.csv': ['segment', 'source_value', 'dimension', 'target_value'],
  'vendors.csv': ['s300_vendor_id', 'intacct_vendor_id'],
  'customers.csv': ['s300_customer_id', 'intacct_customer_id'],
  'tax-codes.csv': ['s300_tax_group', 'intacct_tax_detail_id', 'comment'],
  'payment-terms.csv': ['s300_terms_code', 'intacct_term_name'],
  'items.csv': ['s300_item', 'intacct_item_id', 'comment'],
  'rate-types.csv': ['s300_rate_type', 'intacct_rate_type'],
} as const satisfies Record<string, readonly string[]>;

/** Name of one mapping file. */
export type MappingFileName = keyof typeof MAPPING_FILE_COLUMNS;

/** Every mapping file name, in the order problems are reported. */
export const MAPPING_FILE_NAMES = Object.keys(MAPPING_FILE_COLUMNS) as readonly MappingFileName[];

/**
 * Files a folder may leave out, read as empty: items.csv only matters to companies that sync purchase orders (every PO
 * item is then unmapped, which the PO sync reports per order, naming the file); a single-currency company needs no
 * rate-types.csv.
 */
export const OPTIONAL_MAPPING_FILES: ReadonlySet<MappingFileName> = new Set<MappingFileName>(['items.csv', 'rate-types.csv']);

/** Closed set of reasons a mapping file is rejected. */
export type MappingFileErrorCode =
  | 'file_missing'
  | 'bad_encoding'
  | 'csv_syntax'
  | 'header_mismatch'
  | 'column_count'
  | 'required'
  | 'bad_value'
  | 'bad_date'
  | 'date_range'
  | 'duplicate'
  | 'structure';

/** One problem in a mapping file: where it is (file, line, column), what is wrong and how to fix it. */
export interface MappingFileError {
  readonly code: MappingFileErrorCode;
  readonly file: string;
  /** 1-based line where the record starts; absent for whole-file problems. */
  readonly line?: number;
  readonly column?: string;
  /** Complete human text, e.g. `accounts.csv:14 priority: expected a whole number, got "ten"`. */
  readonly message: string;
  readonly fix: string;
}

/** Builds a MappingFileError whose message is prefixed with `file:line column:`. */
export function fileError(
  code: MappingFileErrorCode,
  where: { file: string; line?: number | undefined; column?: string | undefined },
  problem: string,
  fix: string,
): MappingFileError {
  const place = where.line === undefined ? where.file : `${where.file}:${where.line}`;
  const prefix = where.column === undefined ? place : `${place} ${where.column}`;
  return {
    code,
    file: where.file,
    ...(where.line === undefined ? {} : { line: where.line }),
    ...(where.column === undefined ? {} : { column: where.column }),
    message: `${prefix}: ${problem}`,
    fix,
  };
}
