import type { RowResult } from './normalise.ts';
import type { AttachmentReference } from './types.ts';

/**
 * Attachment references per `batch/entry` (APIBHO or ARIBHO rows), in optional-field order; an unreadable row is
 * reported in `rowErrors`, never guessed.
 */
export async function attachmentsByEntry(
  rows: AsyncIterable<RowResult<AttachmentReference>>,
  rowErrors: { key: string; message: string }[],
): Promise<Map<string, string[]>> {
  const byEntry = new Map<string, string[]>();
  for await (const r of rows) {
    if (!r.ok) {
      rowErrors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
      continue;
    }
    const k = `${r.value.batchNumber}/${r.value.entryNumber}`;
    byEntry.set(k, [...(byEntry.get(k) ?? []), r.value.reference]);
  }
  return byEntry;
}
