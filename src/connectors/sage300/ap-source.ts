import type { ApDocumentKind, ApSelection, ApSourceDocument, ApSourcePort } from '../../core/ports/ap-ports.ts';
import { attachmentsByEntry } from './attachments-by-entry.ts';
import { readApPayments } from './ap-payment-source.ts';
import { homeCurrencyOf } from './home-currency.ts';
import type { Sage300Reader } from './reader.ts';
import type { ApInvoice } from './types.ts';

const KINDS: ReadonlySet<string> = new Set<ApDocumentKind>(['invoice', 'debit_note', 'credit_note']);

function toDocument(inv: ApInvoice, documentDate: string, attachments: readonly string[], homeCurrency: string): ApSourceDocument {
  return {
    batch: inv.batchNumber,
    entry: inv.entryNumber,
    vendorId: inv.vendorId,
    documentNumber: inv.documentNumber,
    kind: inv.documentType as ApDocumentKind,
    description: inv.description,
    poNumber: inv.poNumber,
    documentDate,
    dueDate: inv.dueDate ?? documentDate,
    postingDate: inv.postingDate ?? documentDate,
    fiscalYear: inv.fiscalYear,
    fiscalPeriod: inv.fiscalPeriod,
    currency: inv.currency || 'USD',
    termsCode: inv.termsCode,
    taxGroup: inv.taxGroup,
    amountBeforeTax: inv.amountBeforeTax.toFixed(3),
    taxAmount: inv.taxAmount.toFixed(3),
    grossAmount: inv.grossAmount.toFixed(3),
    onHold: inv.onHold,
    lines: inv.lines.map((l) => ({
      line: l.lineNumber,
      account: l.glAccountFormatted,
      description: l.description,
      amount: l.amount.toFixed(3),
      taxAmount: l.taxAmount.toFixed(3),
    })),
    attachments,
    // APIBH.DATERATE (AOM AP0021); 0 (null) leaves the document date to stand in for it.
    fx: { homeCurrency, rateType: inv.rateType, rateDate: inv.rateDate, rate: inv.exchangeRate.toFixed() },
  };
}

/**
 * The AP pipeline's view of Sage 300: posted invoices, debit and credit notes (APIBH + APIBD of posted APIBC batches)
 * of a fiscal period or a document-date range, each with its attachment references (APIBHO optional fields named
 * ATTACH…). Interest invoices and unposted batches are left out.
 */
export function createApSource(reader: Sage300Reader): ApSourcePort {
  return {
    async readDocuments(selection: ApSelection) {
      const documents: ApSourceDocument[] = [];
      const rowErrors: { key: string; message: string }[] = [];
      const attachments = await attachmentsByEntry(reader.ap.attachmentReferences(), rowErrors);
      const homeCurrency = await homeCurrencyOf(reader);
      for await (const r of reader.ap.invoices()) {
        if (!r.ok) {
          rowErrors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
          continue;
        }
        const inv = r.value;
        if (inv.batchStatus !== 'posted' || !KINDS.has(inv.documentType)) continue;
        const inSelection =
          selection.kind === 'period'
            ? Number(inv.fiscalYear) === selection.year && Number(inv.fiscalPeriod) === selection.period
            : inv.documentDate !== null && inv.documentDate >= selection.from && inv.documentDate <= selection.to;
        if (!inSelection) continue;
        if (inv.documentDate === null) {
          rowErrors.push({ key: `APIBH:${inv.batchNumber}/${inv.entryNumber}`, message: 'DATEINVC is 0 (no document date)' });
          continue;
        }
        documents.push(toDocument(inv, inv.documentDate, attachments.get(`${inv.batchNumber}/${inv.entryNumber}`) ?? [], homeCurrency));
      }
      documents.sort((a, b) => a.documentDate.localeCompare(b.documentDate) || a.batch - b.batch || a.entry - b.entry);
      return { documents, rowErrors };
    },
    readPayments: async (selection) => readApPayments(reader, selection, await homeCurrencyOf(reader)),
  };
}
