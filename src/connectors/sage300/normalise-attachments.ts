import { RowReader, type RowResult } from './normalise.ts';
import type { SqlRow } from './sql-backend.ts';
import type { AttachmentReference } from './types.ts';

/**
 * An invoice header optional-field row (APIBHO or ARIBHO: same key and columns in the AOM) → attachment reference
 * (the value kept as written, trailing CHAR padding dropped).
 */
export function attachmentReferenceOf(table: 'APIBHO' | 'ARIBHO'): (row: SqlRow) => RowResult<AttachmentReference> {
  return (row) => {
    const r = new RowReader(table, row, ['CNTBTCH', 'CNTITEM', 'OPTFIELD']);
    return r.result({
      batchNumber: r.int('CNTBTCH'),
      entryNumber: r.int('CNTITEM'),
      field: r.char('OPTFIELD'),
      reference: r.char('VALUE'),
    });
  };
}
