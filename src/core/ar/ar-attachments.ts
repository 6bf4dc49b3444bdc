import { attachmentRecord } from '../attachments/attachment-record.ts';
import type { ArSourceDocument } from '../ports/ar-ports.ts';
import { SUPDOC_FIELD } from '../ports/supdoc-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';

/**
 * The create_invoice fields that link an AR document's attachment references (ARIBHO optional fields named ATTACH…):
 * legacy `supdocid` (reference §7.5, create_invoice's optional fields) and the attachment record to create first
 * (`attachment-record.ts`: references only, never a file). Nothing for a document without references.
 */
export function arAttachmentFields(sourceKey: string, doc: ArSourceDocument): Record<string, JsonValue> {
  const record = attachmentRecord('AR', sourceKey, { partyId: doc.customerId, ...doc });
  return record ? { supdocid: record.supdocid, [SUPDOC_FIELD]: record.fields } : {};
}
