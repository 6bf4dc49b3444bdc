import { SUPDOC_FIELD } from '../ports/ap-ports.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';

/**
 * Attachment references on bills. Intacct keeps a transaction's supporting documents in one attachment record
 * (legacy `create_supdoc`: supdocid, supdocname, supdocfoldername, supdocdescription, optional attachments) that the
 * bill names in `SUPDOCID` (api.xsd 3.0; developer.intacct.com company-console/attachments; reference §7.4). The files
 * themselves stay where Sage 300 points: a path on a file server or a DMS URL is rarely readable by the integration
 * user, and copying documents out of their store is a decision for their owner. So the attachment record carries the
 * references (in its description), with no files, and the bill links to it; an auditor in Intacct sees where each
 * supporting document is kept.
 */

/** The Intacct attachment folder the records are filed in; create it once in Intacct (Company > Attachment folders). */
const SUPDOC_FOLDER = 'Sage 300';
/** Intacct's supdocid length limit is not documented (UNCONFIRMED); ids here stay at 20 characters. */
const SUPDOC_ID_LENGTH = 20;
/** supdocdescription's length limit is not documented either (UNCONFIRMED); longer reference lists are cut with a count. */
const DESCRIPTION_LENGTH = 1000;

/** The attachment record id of a Sage 300 AP document: stable per source key, so a replan names the same record. */
function supdocIdFor(sourceKey: string): string {
  return `S3AP${digestOf(sourceKey)
    .slice(0, SUPDOC_ID_LENGTH - 4)
    .toUpperCase()}`;
}

/** The references as one description, each on its own line, cut (with how many were left out) at the length limit. */
function describe(references: readonly string[]): string {
  const lines: string[] = [];
  let used = 0;
  for (const [k, ref] of references.entries()) {
    const rest = references.length - k;
    if (used + ref.length + 1 > DESCRIPTION_LENGTH - 40) {
      lines.push(`(+${rest} more reference${rest === 1 ? '' : 's'} in Sage 300)`);
      break;
    }
    lines.push(ref);
    used += ref.length + 1;
  }
  return lines.join('\n');
}

/**
 * The bill fields that link a document's attachment references: SUPDOCID and the attachment record to create first.
 * Nothing for a document without references.
 */
export function attachmentFields(
  sourceKey: string,
  doc: { readonly vendorId: string; readonly documentNumber: string; readonly attachments: readonly string[] },
): Record<string, JsonValue> {
  if (doc.attachments.length === 0) return {};
  const supdocid = supdocIdFor(sourceKey);
  return {
    SUPDOCID: supdocid,
    [SUPDOC_FIELD]: {
      supdocid,
      supdocname: `Sage 300 AP ${doc.vendorId} ${doc.documentNumber}`.slice(0, 100),
      supdocfoldername: SUPDOC_FOLDER,
      supdocdescription: `Supporting documents referenced by Sage 300 (not copied):\n${describe(doc.attachments)}`,
    },
  };
}
