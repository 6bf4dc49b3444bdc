/**
 * The Sage 300 -> Intacct PROJECTID convention, in one place:
 * - a contract (PMCONTS) becomes the parent project `CONTRACT` (e.g. `CT0001`);
 * - each contract project (PMPROJS) becomes `CONTRACT-PROJECT` (e.g. `CT0001-PRJ-A`), with PARENTID = the contract.
 * Contract and project codes are trimmed and upper-cased (Sage 300 stores them upper-case, blank-padded). The form
 * `CONTRACT-PROJECT` is the one the demo Intacct company was seeded with, so existing projects are found, not doubled.
 * Intacct allows PROJECTID up to 20 characters (UNCONFIRMED for every edition; the emulator allows 100); a longer id
 * is refused by `checkProjectId` rather than truncated, because a truncated id could collide.
 */
export function intacctProjectId(contract: string, project?: string): string {
  const c = contract.trim().toUpperCase();
  const p = (project ?? '').trim().toUpperCase();
  return p === '' ? c : `${c}-${p}`;
}

/** The longest PROJECTID the pipeline sends (Intacct's documented limit; UNCONFIRMED). */
const PROJECT_ID_MAX = 20;

/** Null when the id can be sent; otherwise why not. */
export function checkProjectId(id: string): string | null {
  if (id === '') return 'the contract code is empty';
  if (id.length > PROJECT_ID_MAX) return `Intacct PROJECTID "${id}" is longer than ${PROJECT_ID_MAX} characters`;
  return null;
}

export { arSourceKey } from '../ar/ar-keys.ts';

/** Cross-reference object of a project or contract. */
export const PROJECT_OBJECT = 'PROJECT';
/** Cross-reference object of one project-tagging journal entry (one per project and fiscal period). */
export const PROJECT_ENTRY_OBJECT = 'PROJECTENTRY';

/** Source key of a contract or project record: `company:PROJECTID`. */
export function projectSourceKey(company: string, projectId: string): string {
  return `${company}:${projectId}`;
}

/** Source key of the tagging entry of one project and fiscal period: `company:PROJECTID:YYYY-PP`. */
export function projectEntrySourceKey(company: string, projectId: string, fiscalYear: string, fiscalPeriod: string): string {
  return `${company}:${projectId}:${fiscalYear}-${fiscalPeriod.padStart(2, '0')}`;
}
