import { digestOf, type JsonValue } from '../state/canonical-json.ts';

/**
 * The Intacct attachment record that carries a Sage 300 document's attachment references, shared by AP bills and AR
 * invoices. Intacct keeps a transaction's supporting documents in one attachment record (legacy `create_supdoc`:
 * supdocid, supdocname, supdocfoldername, supdocdescription, optional attachments) that the transaction names by
 * its id (APBILL `SUPDOCID`, create_invoice `supdocid`; api.xsd 3.0, developer.intacct.com
 * company-console/attachments, reference §7.4 and §7.5). The files stay where Sage 300 points: a path on a file
 * server or a DMS URL is rarely readable by the integration user, and copying documents out of their store is a
 * decision for their owner. So the record carries the references (in its description) and never a file: this
 * module has no way to read one.
 */

/** The Intacct attachment folder the records are filed in; create it once in Intacct (Company > Attachment folders). */
const SUPDOC_FOLDER = 'Sage 300';
/** Intacct's supdocid length limit is not documented (UNCONFIRMED); ids here stay at 20 characters. */
const SUPDOC_ID_LENGTH = 20;
/** supdocdescription's length limit is not documented either (UNCONFIRMED); longer reference lists are cut with a count. */
const DESCRIPTION_LENGTH = 1000;

const HEADER = 'Supporting documents referenced by Sage 300 (not copied):';
/** Room kept for the closing `(+N more references in Sage 300)` line. */
const MORE_LINE = 40;

/**
 * The description: the header, then the references each on its own line, cut (with how many were left out) so
 * the whole stays within the length limit.
 */
function describe(references: readonly string[]): string {
  const lines: string[] = [HEADER];
  let used = HEADER.length;
  for (const [k, ref] of references.entries()) {
    const rest = references.length - k;
    if (used + ref.length + 1 > DESCRIPTION_LENGTH - MORE_LINE) {
      lines.push(`(+${rest} more reference${rest === 1 ? '' : 's'} in Sage 300)`);
      break;
    }
    lines.push(ref);
    used += ref.length + 1;
  }
  return lines.join('\n');
}

/** Which ledger a document comes from: it prefixes the record id (`S3AP…`, `S3AR…`) and names the record. */
export type AttachmentLedger = 'AP' | 'AR';

/**
 * The create_supdoc fields for a document's references, or undefined when it has none. The id is stable per source
 * key (`S3<ledger>` + 16 hex of its digest), so a replan or a resend names the same record.
 */
export function attachmentRecord(
  ledger: AttachmentLedger,
  sourceKey: string,
  doc: { readonly partyId: string; readonly documentNumber: string; readonly attachments: readonly string[] },
): { readonly supdocid: string; readonly fields: Record<string, JsonValue> } | undefined {
  if (doc.attachments.length === 0) return undefined;
  const prefix = `S3${ledger}`;
  const supdocid = `${prefix}${digestOf(sourceKey)
    .slice(0, SUPDOC_ID_LENGTH - prefix.length)
    .toUpperCase()}`;
  return {
    supdocid,
    fields: {
      supdocid,
      supdocname: `Sage 300 ${ledger} ${doc.partyId} ${doc.documentNumber}`.slice(0, 100),
      supdocfoldername: SUPDOC_FOLDER,
      supdocdescription: describe(doc.attachments),
    },
  };
}
