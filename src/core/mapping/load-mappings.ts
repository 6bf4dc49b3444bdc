import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from './csv.ts';
import {
  fileError,
  MAPPING_FILE_COLUMNS,
  MAPPING_FILE_NAMES,
  OPTIONAL_MAPPING_FILES,
  type MappingFileError,
  type MappingFileName,
} from './mapping-files.ts';
import { parseItemRows } from './parse-items.ts';
import { fail, ok, type Outcome } from './outcome.ts';
import { parseAccountRules } from './parse-accounts.ts';
import { parseDimensionRows, parsePartyRows, parseRateTypeRows, parseTaxCodeRows, parseTermRows } from './parse-tables.ts';
import { checkStructure } from './structure.ts';
import type { MappingTables } from './tables.ts';

/** Options for loading: give the account structure to have segment counts and `=segment` names checked too. */
export interface LoadMappingsOptions {
  /** Segment names in structure order, e.g. ['account', 'department', 'region']. */
  readonly segmentNames?: readonly string[];
}

const FILE_ORDER = new Map<string, number>(MAPPING_FILE_NAMES.map((f, k) => [f, k]));

function byPlace(a: MappingFileError, b: MappingFileError): number {
  return (FILE_ORDER.get(a.file) ?? 99) - (FILE_ORDER.get(b.file) ?? 99) || (a.line ?? 0) - (b.line ?? 0);
}

/**
 * Parses the mapping files from memory (items.csv may be absent) (file name → CSV text). Collects every problem in every file, each naming
 * file, line, column and the fix; returns the tables only when there is none.
 */
export function parseMappings(
  files: Readonly<Record<string, string>>,
  options: LoadMappingsOptions = {},
): Outcome<MappingTables, MappingFileError[]> {
  const errors: MappingFileError[] = [];
  const rows = (file: MappingFileName) => {
    const text = files[file];
    if (text === undefined && OPTIONAL_MAPPING_FILES.has(file)) return [];
    if (text === undefined) {
      errors.push(
        fileError(
          'file_missing',
          { file },
          'the file is missing',
          `create ${file} with the header line ${MAPPING_FILE_COLUMNS[file].join(',')} (see mappings/README.md)`,
        ),
      );
      return [];
    }
    const parsed = parseCsv(text, file, MAPPING_FILE_COLUMNS[file]);
    for (const e of parsed.errors) errors.push(e);
    return parsed.rows;
  };
  const tables: MappingTables = {
    accounts: parseAccountRules(rows('accounts.csv'), errors),
    dimensions: parseDimensionRows(rows('dimensions.csv'), errors),
    vendors: parsePartyRows('vendors.csv', rows('vendors.csv'), errors),
    customers: parsePartyRows('customers.csv', rows('customers.csv'), errors),
    taxCodes: parseTaxCodeRows(rows('tax-codes.csv'), errors),
    paymentTerms: parseTermRows(rows('payment-terms.csv'), errors),
    items: parseItemRows(rows('items.csv'), errors),
    rateTypes: parseRateTypeRows(rows('rate-types.csv'), errors),
  };
  if (options.segmentNames !== undefined) for (const e of checkStructure(tables, options.segmentNames)) errors.push(e);
  return errors.length === 0 ? ok(tables) : fail(errors.sort(byPlace));
}

/** Finds the first byte that is not UTF-8 and returns its 1-based line, or undefined when the bytes are valid UTF-8. */
function firstInvalidUtf8Line(bytes: Uint8Array): number | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    const lenient = new TextDecoder('utf-8').decode(bytes);
    const at = lenient.indexOf('\uFFFD');
    return lenient.slice(0, Math.max(at, 0)).split('\n').length;
  }
}

/**
 * Reads and parses `accounts.csv`, `dimensions.csv`, `vendors.csv`, `customers.csv`, `tax-codes.csv`,
 * `payment-terms.csv` and (when present) `items.csv` from a folder; every problem is collected (missing file, encoding, CSV syntax, field formats).
 */
export function loadMappings(dir: string, options: LoadMappingsOptions = {}): Outcome<MappingTables, MappingFileError[]> {
  const files: Record<string, string> = {};
  const errors: MappingFileError[] = [];
  for (const file of MAPPING_FILE_NAMES) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(join(dir, file));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && OPTIONAL_MAPPING_FILES.has(file)) continue;
      const problem = code === 'ENOENT' ? `not found in ${dir}` : `cannot be read from ${dir} (${code ?? String(e)})`;
      errors.push(
        fileError(
          'file_missing',
          { file },
          problem,
          `create ${file} with the header line ${MAPPING_FILE_COLUMNS[file].join(',')} (see mappings/README.md)`,
        ),
      );
      continue;
    }
    const badLine = firstInvalidUtf8Line(bytes);
    if (badLine !== undefined) {
      errors.push(
        fileError(
          'bad_encoding',
          { file, line: badLine },
          'is not valid UTF-8',
          'save the file as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")',
        ),
      );
      continue;
    }
    files[file] = bytes.toString('utf8');
  }
  const parsed = parseMappings(files, options);
  if (errors.length === 0) return parsed;
  // Files that could not be read are reported once, as read problems, not again as "missing".
  const unread = new Set(errors.map((e) => e.file));
  const rest = parsed.ok ? [] : parsed.error.filter((e) => !(e.code === 'file_missing' && unread.has(e.file)));
  return fail([...errors, ...rest].sort(byPlace));
}
