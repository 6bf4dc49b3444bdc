import type { CsvRow } from './csv.ts';
import { namedCells, rejectDuplicates } from './fields.ts';
import { MAPPING_FILE_COLUMNS, type MappingFileError } from './mapping-files.ts';
import type { ItemRow } from './tables.ts';

/**
 * Parses and checks items.csv: one row per Sage 300 item number. Several Sage 300 items may order the same Intacct
 * item (a many-to-one map is a legitimate consolidation), so only the Sage 300 column must be unique.
 */
export function parseItemRows(rows: readonly CsvRow[], errors: MappingFileError[]): ItemRow[] {
  const file = 'items.csv';
  const parsed: ItemRow[] = [];
  for (const { cells, incomplete } of namedCells(file, MAPPING_FILE_COLUMNS[file], rows, ['s300_item', 'intacct_item_id'], errors)) {
    if (incomplete) continue;
    const comment = cells.get('comment');
    parsed.push({
      line: cells.line,
      s300Item: cells.get('s300_item'),
      intacctItemId: cells.get('intacct_item_id'),
      ...(comment === '' ? {} : { comment }),
    });
  }
  rejectDuplicates(
    file,
    's300_item',
    parsed,
    (r) => r.s300Item,
    (r) => `Sage 300 item "${r.s300Item}"`,
    (r) => `keep one row for ${r.s300Item}`,
    errors,
  );
  return parsed;
}
