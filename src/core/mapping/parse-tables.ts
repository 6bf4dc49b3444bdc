import type { CsvRow } from './csv.ts';
import { namedCells, rejectDuplicates } from './fields.ts';
import { fileError, MAPPING_FILE_COLUMNS, type MappingFileError } from './mapping-files.ts';
import {
  INTACCT_DIMENSIONS,
  type DimensionRow,
  type IntacctDimension,
  type PartyRow,
  type RateTypeRow,
  type TaxCodeRow,
  type TermRow,
} from './tables.ts';

const SEGMENT_NAME = /^[a-z][a-z0-9_]*$/;
const isDimension = (text: string): text is IntacctDimension => (INTACCT_DIMENSIONS as readonly string[]).includes(text);

/** Parses and checks dimensions.csv; (segment, source_value, dimension) must be unique. */
export function parseDimensionRows(rows: readonly CsvRow[], errors: MappingFileError[]): DimensionRow[] {
  const file = 'dimensions.csv';
  const columns = MAPPING_FILE_COLUMNS[file];
  const parsed: DimensionRow[] = [];
  for (const { cells, incomplete } of namedCells(file, columns, rows, columns, errors)) {
    let good = !incomplete;
    const segment = cells.get('segment');
    if (segment !== '' && !SEGMENT_NAME.test(segment)) {
      const lower = segment.toLowerCase();
      errors.push(
        fileError(
          'bad_value',
          { file, line: cells.line, column: 'segment' },
          `"${segment}" is not a segment name`,
          `write the Sage 300 segment name in lowercase${SEGMENT_NAME.test(lower) ? ` (${lower})` : ''}, as referenced by =segment in accounts.csv`,
        ),
      );
      good = false;
    }
    const dimension = cells.get('dimension');
    if (dimension !== '' && !isDimension(dimension)) {
      errors.push(
        fileError(
          'bad_value',
          { file, line: cells.line, column: 'dimension' },
          `"${dimension}" is not an Intacct dimension`,
          `write one of ${INTACCT_DIMENSIONS.join(', ')}`,
        ),
      );
      good = false;
    }
    if (good && isDimension(dimension)) {
      parsed.push({ line: cells.line, segment, sourceValue: cells.get('source_value'), dimension, targetValue: cells.get('target_value') });
    }
  }
  rejectDuplicates(
    file,
    'source_value',
    parsed,
    (r) => `${r.segment}\u0000${r.sourceValue}\u0000${r.dimension}`,
    (r) => `${r.segment} ${r.sourceValue} → ${r.dimension}`,
    () => 'keep one row per segment value and dimension',
    errors,
  );
  return parsed;
}

/** Parses and checks vendors.csv or customers.csv: the map is one-to-one, so each id appears once per column. */
export function parsePartyRows(file: 'vendors.csv' | 'customers.csv', rows: readonly CsvRow[], errors: MappingFileError[]): PartyRow[] {
  const columns = MAPPING_FILE_COLUMNS[file];
  const [s300Column, intacctColumn] = columns;
  const parsed: PartyRow[] = [];
  for (const { cells, incomplete } of namedCells(file, columns, rows, columns, errors)) {
    if (!incomplete) parsed.push({ line: cells.line, s300Id: cells.get(s300Column), intacctId: cells.get(intacctColumn) });
  }
  rejectDuplicates(
    file,
    s300Column,
    parsed,
    (r) => r.s300Id,
    (r) => `Sage 300 id "${r.s300Id}"`,
    (r) => `keep one row for ${r.s300Id} (the map is one-to-one)`,
    errors,
  );
  rejectDuplicates(
    file,
    intacctColumn,
    parsed,
    (r) => r.intacctId,
    (r) => `Intacct id "${r.intacctId}"`,
    (r) => `map ${r.intacctId} from one Sage 300 id only (the map is one-to-one)`,
    errors,
  );
  return parsed;
}

/** Parses and checks tax-codes.csv; a tax group appears once. */
export function parseTaxCodeRows(rows: readonly CsvRow[], errors: MappingFileError[]): TaxCodeRow[] {
  const file = 'tax-codes.csv';
  const parsed: TaxCodeRow[] = [];
  for (const { cells, incomplete } of namedCells(
    file,
    MAPPING_FILE_COLUMNS[file],
    rows,
    ['s300_tax_group', 'intacct_tax_detail_id'],
    errors,
  )) {
    if (incomplete) continue;
    const comment = cells.get('comment');
    parsed.push({
      line: cells.line,
      taxGroup: cells.get('s300_tax_group'),
      taxDetailId: cells.get('intacct_tax_detail_id'),
      ...(comment === '' ? {} : { comment }),
    });
  }
  rejectDuplicates(
    file,
    's300_tax_group',
    parsed,
    (r) => r.taxGroup,
    (r) => `tax group "${r.taxGroup}"`,
    (r) => `keep one row for ${r.taxGroup}`,
    errors,
  );
  return parsed;
}

/** Parses and checks payment-terms.csv; a terms code appears once. */
export function parseTermRows(rows: readonly CsvRow[], errors: MappingFileError[]): TermRow[] {
  const file = 'payment-terms.csv';
  const columns = MAPPING_FILE_COLUMNS[file];
  const parsed: TermRow[] = [];
  for (const { cells, incomplete } of namedCells(file, columns, rows, columns, errors)) {
    if (!incomplete) parsed.push({ line: cells.line, termsCode: cells.get('s300_terms_code'), termName: cells.get('intacct_term_name') });
  }
  rejectDuplicates(
    file,
    's300_terms_code',
    parsed,
    (r) => r.termsCode,
    (r) => `terms code "${r.termsCode}"`,
    (r) => `keep one row for ${r.termsCode}`,
    errors,
  );
  return parsed;
}

/** rate-types.csv: one row per Sage 300 rate type, the Intacct rate type name required. */
export function parseRateTypeRows(rows: readonly CsvRow[], errors: MappingFileError[]): RateTypeRow[] {
  const file = 'rate-types.csv';
  const columns = MAPPING_FILE_COLUMNS[file];
  const parsed: RateTypeRow[] = [];
  for (const { cells, incomplete } of namedCells(file, columns, rows, columns, errors)) {
    if (!incomplete)
      parsed.push({ line: cells.line, rateType: cells.get('s300_rate_type'), intacctRateType: cells.get('intacct_rate_type') });
  }
  rejectDuplicates(
    file,
    's300_rate_type',
    parsed,
    (r) => r.rateType,
    (r) => `rate type "${r.rateType}"`,
    (r) => `keep one row for ${r.rateType}`,
    errors,
  );
  return parsed;
}
