import type {
  ArSourceApply,
  ArSourceCash,
  ArDocumentKind,
  ArOpenItem,
  ArSelection,
  ArSourceDocument,
  ArSourcePort,
  ArSourceReceipt,
} from '../../core/ports/ar-ports.ts';
import type { DocumentCurrency } from '../../domain/document-currency.ts';
import { attachmentsByEntry } from './attachments-by-entry.ts';
import { homeCurrencyOf } from './home-currency.ts';
import type { Sage300Reader } from './reader.ts';
import type { ArInvoice, ArReceipt, Customer } from './types.ts';

const KINDS: ReadonlySet<string> = new Set<ArDocumentKind>(['invoice', 'debit_note', 'credit_note']);
/** AROBL document types that are AR documents (not receipts): their open balance is the Sage 300 side of the comparison. */
const OPEN_TYPES: ReadonlySet<string> = new Set([
  'invoice',
  'debit_note',
  'credit_note',
  'interest',
  'unapplied_cash',
  'prepayment',
  'receipt',
  'refund',
]);

function inSelection(selection: ArSelection, date: string | null, fiscal?: { year: string; period: string }): boolean {
  if (selection.kind === 'all') return true;
  if (selection.kind === 'range') return date !== null && date >= selection.from && date <= selection.to;
  if (fiscal) return Number(fiscal.year) === selection.year && Number(fiscal.period) === selection.period;
  // Receipts carry no fiscal period in the reader: the calendar month of the receipt date stands in for it.
  return date !== null && Number(date.slice(0, 4)) === selection.year && Number(date.slice(5, 7)) === selection.period;
}

/** The currency side of a document or receipt: Sage 300's rate type, rate and rate date against the home currency. */
const fxOf = (homeCurrency: string, row: Pick<ArInvoice, 'rateType' | 'exchangeRate' | 'rateDate'>): DocumentCurrency => ({
  homeCurrency,
  rateType: row.rateType,
  rateDate: row.rateDate,
  rate: row.exchangeRate.toFixed(),
});

function toDocument(
  inv: ArInvoice,
  documentDate: string,
  customer: Customer | undefined,
  homeCurrency: string,
  attachments: readonly string[],
): ArSourceDocument {
  return {
    batch: inv.batchNumber,
    entry: inv.entryNumber,
    customerId: inv.customerId,
    documentNumber: inv.documentNumber,
    kind: inv.documentType as ArDocumentKind,
    description: inv.description,
    customerPo: inv.customerPo,
    documentDate,
    dueDate: inv.dueDate ?? documentDate,
    postingDate: inv.postingDate ?? documentDate,
    currency: inv.currency || 'USD',
    termsCode: customer?.termsCode ?? '',
    // The document's own tax group (ARIBH.CODETAXGRP) wins; a blank one falls back to the customer's.
    taxGroup: inv.taxGroup || (customer?.taxGroup ?? ''),
    lines: inv.lines.map((l) => ({
      line: l.lineNumber,
      account: l.revenueAccountFormatted,
      description: l.description,
      amount: l.extendedAmount.toFixed(3),
      taxAmount: l.taxAmount.toFixed(3),
    })),
    fx: fxOf(homeCurrency, inv),
    attachments,
  };
}

function toReceipt(r: ArReceipt, receiptDate: string, homeCurrency: string): ArSourceReceipt {
  return {
    batchType: r.batchType,
    batch: r.batchNumber,
    entry: r.entryNumber,
    customerId: r.customerId,
    receiptNumber: r.receiptNumber,
    receiptDate,
    description: r.description,
    currency: r.currency || 'USD',
    bankCode: r.bankCode,
    amount: r.customerAmount.toFixed(3),
    applications: r.applications.map((a) => ({ documentNumber: a.documentNumber, amount: a.amount.toFixed(3) })),
    fx: fxOf(homeCurrency, r),
  };
}

/**
 * The AR pipeline's view of Sage 300: posted invoices, debit and credit notes (ARIBH + ARIBD of posted ARIBC
 * batches; terms and tax group from the customer, since ARIBH is read without them), receipts of type "receipt"
 * with their ARTCP applications, and open AROBL items. Interest invoices and unposted batches are left out.
 * The reader does not join ARTCR to its ARBTA batch status: receipts are taken as posted (UNCONFIRMED for batches
 * still open in a live company; the demo company has posted receipt batches only).
 */
export function createArSource(reader: Sage300Reader): ArSourcePort {
  return {
    async readDocuments(selection) {
      const customers = new Map<string, Customer>();
      for await (const c of reader.ar.customers()) if (c.ok) customers.set(c.value.customerId, c.value);
      const documents: ArSourceDocument[] = [];
      const rowErrors: { key: string; message: string }[] = [];
      const home = await homeCurrencyOf(reader);
      const attachments = await attachmentsByEntry(reader.ar.attachmentReferences(), rowErrors);
      for await (const r of reader.ar.invoices()) {
        if (!r.ok) {
          rowErrors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
          continue;
        }
        const inv = r.value;
        if (inv.batchStatus !== 'posted' || !KINDS.has(inv.documentType)) continue;
        if (!inSelection(selection, inv.documentDate, { year: inv.fiscalYear, period: inv.fiscalPeriod })) continue;
        if (inv.documentDate === null) {
          rowErrors.push({ key: `ARIBH:${inv.batchNumber}/${inv.entryNumber}`, message: 'DATEINVC is 0 (no document date)' });
          continue;
        }
        const refs = attachments.get(`${inv.batchNumber}/${inv.entryNumber}`) ?? [];
        documents.push(toDocument(inv, inv.documentDate, customers.get(inv.customerId), home, refs));
      }
      documents.sort((a, b) => a.documentDate.localeCompare(b.documentDate) || a.batch - b.batch || a.entry - b.entry);
      return { documents, rowErrors };
    },
    async readReceipts(selection) {
      const receipts: ArSourceReceipt[] = [];
      const rowErrors: { key: string; message: string }[] = [];
      const home = await homeCurrencyOf(reader);
      for await (const r of reader.ar.receipts()) {
        if (!r.ok) {
          rowErrors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
          continue;
        }
        if (r.value.type !== 'receipt' || r.value.receiptDate === null || !inSelection(selection, r.value.receiptDate)) continue;
        receipts.push(toReceipt(r.value, r.value.receiptDate, home));
      }
      receipts.sort((a, b) => a.receiptDate.localeCompare(b.receiptDate) || a.batch - b.batch || a.entry - b.entry);
      return { receipts, rowErrors };
    },
    async readCash(selection) {
      const cash: ArSourceCash[] = [];
      const allCash: ArSourceCash[] = [];
      const applies: ArSourceApply[] = [];
      const rowErrors: { key: string; message: string }[] = [];
      const home = await homeCurrencyOf(reader);
      for await (const r of reader.ar.receipts()) {
        if (!r.ok) {
          rowErrors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
          continue;
        }
        const v = r.value;
        if (v.receiptDate === null) continue;
        const selected = inSelection(selection, v.receiptDate);
        if (v.type === 'prepayment' || v.type === 'unapplied_cash') {
          const c: ArSourceCash = {
            batchType: v.batchType,
            batch: v.batchNumber,
            entry: v.entryNumber,
            kind: v.type,
            customerId: v.customerId,
            receiptNumber: v.receiptNumber,
            documentNumber: v.appliedDocument || v.receiptNumber,
            receiptDate: v.receiptDate,
            description: v.description,
            currency: v.currency || 'USD',
            bankCode: v.bankCode,
            amount: v.customerAmount.toFixed(3),
            fx: fxOf(home, v),
          };
          allCash.push(c);
          if (selected) cash.push(c);
        } else if (v.type === 'apply_document' && selected)
          applies.push({
            batchType: v.batchType,
            batch: v.batchNumber,
            entry: v.entryNumber,
            customerId: v.customerId,
            cashDocument: v.appliedDocument,
            date: v.receiptDate,
            applications: v.applications.map((a) => ({ documentNumber: a.documentNumber, amount: a.amount.toFixed(3) })),
          });
      }
      const order = (a: { batch: number; entry: number }, b: { batch: number; entry: number }) => a.batch - b.batch || a.entry - b.entry;
      cash.sort((a, b) => a.receiptDate.localeCompare(b.receiptDate) || order(a, b));
      applies.sort((a, b) => a.date.localeCompare(b.date) || order(a, b));
      return { cash, applies, allCash, rowErrors };
    },
    async openItems() {
      const items: ArOpenItem[] = [];
      for await (const r of reader.ar.openDocuments()) {
        if (!r.ok || !OPEN_TYPES.has(r.value.documentType)) continue;
        items.push({
          customerId: r.value.partyId,
          documentNumber: r.value.documentNumber,
          documentType: r.value.documentType,
          amountDue: r.value.amountDueHome.toFixed(3),
        });
      }
      return items;
    },
  };
}
