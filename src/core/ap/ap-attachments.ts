import { attachmentRecord } from '../attachments/attachment-record.ts';
import { SUPDOC_FIELD } from '../ports/supdoc-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';

/**
 * The bill fields that link a document's attachment references: SUPDOCID and the attachment record to create first
 * (`attachment-record.ts`: references only, never a file). Nothing for a document without references.
 */
export function attachmentFields(
  sourceKey: string,
  doc: { readonly vendorId: string; readonly documentNumber: string; readonly attachments: readonly string[] },
): Record<string, JsonValue> {
  const record = attachmentRecord('AP', sourceKey, { partyId: doc.vendorId, ...doc });
  return record ? { SUPDOCID: record.supdocid, [SUPDOC_FIELD]: record.fields } : {};
}
