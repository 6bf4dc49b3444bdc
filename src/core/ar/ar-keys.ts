import type { ArSourceReceipt } from '../ports/ar-ports.ts';
import { DOCUMENT_REFERENCE_PREFIX } from '../sync/sync-references.ts';

/** Pipeline name of the AR sync (runs, change sets, exceptions, executors). */
export const AR_PIPELINE = 'ar';
/** Cross-reference object of a synced AR document (shared with milestone billing, see the AR invoice contract). */
export const AR_INVOICE_OBJECT = 'ARINVOICE';
/** Cross-reference object of a synced receipt. */
export const AR_PAYMENT_OBJECT = 'ARPYMT';
export const SOURCE = 'sage300';
export const TARGET = 'intacct';

/** The key of a Sage 300 AR document in cross-references, outbox and exceptions (AROBL's natural key). */
export function arSourceKey(company: string, customerId: string, documentNumber: string): string {
  return `${company}:${customerId}:${documentNumber}`;
}

/**
 * Outbox key of an AR invoice: no content digest, so sync_ar and milestone billing converge on one Intacct control
 * id. After a definite failure (nothing was created) a changed payload is planned as `~retry<n>`, n = the number of
 * earlier outbox rows of the document; both flows count the same rows, so they still converge.
 */
export function arInvoiceKey(sourceKey: string, attempt = 0): string {
  return attempt === 0 ? `ar-invoice:${sourceKey}` : `ar-invoice:${sourceKey}~retry${attempt}`;
}

/** The key of a Sage 300 receipt: its ARTCR primary key (batch type, batch, entry). */
export function arReceiptKey(company: string, r: Pick<ArSourceReceipt, 'batchType' | 'batch' | 'entry'>): string {
  return `${company}:${r.batchType}-${r.batch}-${r.entry}`;
}

/** Outbox key of a payment: deterministic from the receipt key (its payload names invoices, not RECORDNOs, so it is stable). */
export function arPaymentKey(receiptKey: string): string {
  return `ar-payment:${receiptKey}`;
}

/** The reference stamped on the Intacct record: the Sage 300 origin. */
export const s300Reference = (key: string): string => `${DOCUMENT_REFERENCE_PREFIX}${key}`;
