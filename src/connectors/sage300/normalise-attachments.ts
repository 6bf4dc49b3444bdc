import { RowReader, type RowResult } from './normalise.ts';
import type { SqlRow } from './sql-backend.ts';
import type { AttachmentReference } from './types.ts';

/** APIBHO row → attachment reference (the value kept as written, trailing CHAR padding dropped). */
export function normaliseAttachmentReference(row: SqlRow): RowResult<AttachmentReference> {
  const r = new RowReader('APIBHO', row, ['CNTBTCH', 'CNTITEM', 'OPTFIELD']);
  return r.result({
    batchNumber: r.int('CNTBTCH'),
    entryNumber: r.int('CNTITEM'),
    field: r.char('OPTFIELD'),
    reference: r.char('VALUE'),
  });
}
