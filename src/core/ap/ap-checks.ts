import type { MappingEngine } from '../mapping/index.ts';
import type { ApSourceDocument, ExistingBill } from '../ports/ap-ports.ts';
import type { StateStore } from '../state/index.ts';
import { resolveParty } from '../sync/resolve-party.ts';
import { apReference, apSourceKey, normaliseInvoiceNumber, type ApProblem } from './ap-transform.ts';
import { DOCUMENT_REFERENCE_PREFIX } from '../sync/sync-references.ts';

/**
 * The Intacct vendor of a Sage 300 vendor: the VENDOR cross-reference a vendor sync recorded, else vendors.csv; it
 * must also exist in Intacct (`intacctVendors`, read once per run). Anything else is a mapping problem, never a guess.
 */
export function resolveVendor(
  store: StateStore,
  engine: MappingEngine,
  company: string,
  vendorId: string,
  intacctVendors: ReadonlySet<string>,
): { ok: true; value: string } | { ok: false; problem: ApProblem } {
  const kind = {
    objectType: 'VENDOR',
    label: 'vendor',
    file: 'vendors.csv',
    idField: 'VENDORID',
    lookup: (id: string) => engine.vendorId(id),
  } as const;
  return resolveParty(store, kind, company, vendorId, intacctVendors);
}

/** A document that passed mapping, waiting for the duplicate check. */
export interface DuplicateCandidate {
  readonly doc: ApSourceDocument;
  readonly intacctVendorId: string;
}

/**
 * Finds duplicates on (Intacct vendor, normalised invoice number) before anything is created: against the vendor's
 * bills already in Intacct (RECORDID or DOCNUMBER) and within the batch (the first in document order goes through).
 * A bill carrying this document's own `S300:` reference is reported too: it was created by an earlier sync whose
 * cross-reference is missing, and a second create would double it.
 */
export function findDuplicates(
  company: string,
  candidates: readonly DuplicateCandidate[],
  existing: readonly ExistingBill[],
): Map<string, ApProblem> {
  const inIntacct = new Map<string, ExistingBill>();
  const ours = new Map<string, ExistingBill>();
  for (const bill of existing) {
    if (bill.docNumber.startsWith(DOCUMENT_REFERENCE_PREFIX)) ours.set(bill.docNumber, bill);
    for (const number of [bill.recordId, bill.docNumber]) {
      const norm = normaliseInvoiceNumber(number);
      if (norm !== '' && !inIntacct.has(`${bill.vendorId}\u0000${norm}`)) inIntacct.set(`${bill.vendorId}\u0000${norm}`, bill);
    }
  }
  const seen = new Map<string, string>();
  const problems = new Map<string, ApProblem>();
  const fix = 'if it is the same invoice, resolve this exception with a reason; if not, correct the invoice number in Sage 300';
  for (const { doc, intacctVendorId } of candidates) {
    const key = apSourceKey(company, doc.vendorId, doc.documentNumber);
    const norm = normaliseInvoiceNumber(doc.documentNumber);
    const own = ours.get(apReference(company, doc));
    if (own) {
      problems.set(key, {
        class: 'duplicate',
        message: `AP document ${key} is already in Intacct as bill RECORDNO ${own.recordNo} (DOCNUMBER ${own.docNumber}) but has no cross-reference`,
        fix: 'check the bill in Intacct; it was created by an earlier sync whose local state is missing',
      });
      continue;
    }
    const hit = inIntacct.get(`${intacctVendorId}\u0000${norm}`);
    if (hit) {
      problems.set(key, {
        class: 'duplicate',
        message: `AP document ${key}: vendor ${intacctVendorId} already has bill RECORDNO ${hit.recordNo} with invoice number "${hit.recordId || hit.docNumber}" in Intacct`,
        fix,
      });
      continue;
    }
    const first = seen.get(`${intacctVendorId}\u0000${norm}`);
    if (first) {
      problems.set(key, {
        class: 'duplicate',
        message: `AP document ${key} has the same vendor and invoice number as ${first} in this selection`,
        fix,
      });
      continue;
    }
    seen.set(`${intacctVendorId}\u0000${norm}`, key);
  }
  return problems;
}
