/**
 * The reference prefixes sagebridge stamps on what it writes to Intacct (REFERENCENO, DOCNUMBER, EXTERNALID), in one
 * place: the pipelines build their references from these, and the reconciliation recognises our own writes by them.
 */

/** Documents and journal entries replicated from a Sage 300 source key: `S300:<company>:…` (GL, AP, AR, PO). */
export const DOCUMENT_REFERENCE_PREFIX = 'S300:';

/** Project-tagging journal entries of sync_projects: `S300PM:<company>:<project>:<period>`. */
export const PROJECT_ENTRY_REFERENCE_PREFIX = 'S300PM:';

/** Every prefix of a reference sagebridge writes. */
const SYNC_REFERENCE_PREFIXES = [DOCUMENT_REFERENCE_PREFIX, PROJECT_ENTRY_REFERENCE_PREFIX] as const;

/** The prefix of a reference sagebridge wrote, or undefined for anything made some other way. */
export function syncReferencePrefix(reference: string): (typeof SYNC_REFERENCE_PREFIXES)[number] | undefined {
  return SYNC_REFERENCE_PREFIXES.find((p) => reference.startsWith(p));
}
