import { documentLookup } from '../sync/document-lookup.ts';
import type { FoundInTarget, NaturalKeyLookup } from '../sync/target-lookup.ts';
import { AR_INVOICE_OBJECT, AR_PAYMENT_OBJECT, SOURCE, TARGET } from './ar-keys.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { ExistingInvoice } from '../ports/ar-ports.ts';
import type { NaturalKeyReads } from '../../domain/natural-key-reads.ts';
import type { EngineDeps } from '../sync/pipeline-definition.ts';
import type { ArDeps } from './ar-types.ts';

/** What an invoice lookup needs: the state (customer cross-references), the mapping engine and the invoice reads. */
interface InvoiceLookupDeps extends EngineDeps {
  readonly engine: MappingEngine;
  readonly target: {
    invoicesNumbered(numbers: readonly string[]): Promise<ExistingInvoice[]>;
    readonly invoicesByExternalId: NaturalKeyReads;
  };
}

/** The Intacct customer a Sage 300 customer's invoices are under: its cross-reference, else customers.csv, else the same id. */
function intacctCustomerOf(deps: InvoiceLookupDeps, company: string, sageId: string): string {
  const xref =
    deps.store.xrefs.bySource('CUSTOMER', SOURCE, `${company}:${sageId}`, TARGET) ??
    deps.store.xrefs.bySource('CUSTOMER', SOURCE, sageId, TARGET);
  if (xref) return xref.targetKey;
  const mapped = deps.engine.customerId(sageId);
  return mapped.ok ? mapped.value : sageId;
}

/**
 * A document with no cross-reference is looked up in Intacct by its invoice number (RECORDID, the Sage 300 document
 * number) under the customer it maps to, in bulk `RECORDID IN (…)` reads; `state rebuild` recovers invoices by the
 * `S300:` EXTERNALID create_invoice stamps (UNCONFIRMED that readByQuery returns ARINVOICE EXTERNALID; the emulator does).
 * Shared by sync_ar and the milestone invoices of sync_projects (one key contract, one invoice).
 */
export const arInvoiceLookup: NaturalKeyLookup<InvoiceLookupDeps> = {
  objectType: AR_INVOICE_OBJECT,
  sourceSystem: SOURCE,
  targetSystem: TARGET,
  async find(deps, sourceKeys) {
    // Source keys are `<company>:<customer>:<document>`; Sage 300 company and customer ids hold no colon.
    const wanted = new Map<string, string>();
    for (const key of sourceKeys) {
      const [company = '', customer = '', ...rest] = key.split(':');
      wanted.set(`${intacctCustomerOf(deps, company, customer)}\u0000${rest.join(':')}`, key);
    }
    const numbers = [...new Set([...wanted.keys()].map((k) => k.slice(k.indexOf('\u0000') + 1)))];
    const out: FoundInTarget[] = [];
    const seen = new Set<string>();
    for (const inv of await deps.target.invoicesNumbered(numbers)) {
      const key = wanted.get(`${inv.customerId}\u0000${inv.invoiceNo}`);
      if (key === undefined || seen.has(key)) continue;
      seen.add(key);
      out.push({ sourceKey: key, targetKey: inv.recordNo, targetRecordNo: inv.recordNo });
    }
    return out;
  },
  recover: (deps, company) =>
    documentLookup<InvoiceLookupDeps>({
      objectType: AR_INVOICE_OBJECT,
      sourceSystem: SOURCE,
      targetSystem: TARGET,
      reads: (d) => d.target.invoicesByExternalId,
    }).recover!(deps, company),
};

/** A receipt with no cross-reference is looked up in Intacct by its payment's DOCNUMBER (`S300:<receipt key>`). */
export const arPaymentLookup = documentLookup<ArDeps>({
  objectType: AR_PAYMENT_OBJECT,
  sourceSystem: SOURCE,
  targetSystem: TARGET,
  reads: (deps) => deps.target.existingPayments,
});
