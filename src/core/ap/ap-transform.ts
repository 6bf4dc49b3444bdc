import { formatAmount, Money } from '../../domain/money.ts';
import { documentCurrencyFields } from '../fx/document-currency.ts';
import { DEFAULT_CURRENCY_OPTIONS, type CurrencyOptions } from '../fx/fx-check.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { ApSourceDocument } from '../ports/ap-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import { DOCUMENT_REFERENCE_PREFIX } from '../sync/sync-references.ts';
import { attachmentFields } from './ap-attachments.ts';

/** Why a document cannot be sent; becomes an exception of this class with the message and the fix. */
export interface ApProblem {
  readonly class: 'mapping' | 'validation' | 'duplicate';
  readonly message: string;
  readonly fix: string;
}

/** A mapped document ready to plan. */
export interface MappedBill {
  readonly reference: string;
  readonly payload: JsonValue;
  /** Signed bill total (credit notes negative), 2 decimals. */
  readonly total: string;
}

/** The key of a Sage 300 AP document in cross-references, outbox and exceptions (APOBL's natural key). */
export function apSourceKey(company: string, vendorId: string, documentNumber: string): string {
  return `${company}:${vendorId}:${documentNumber}`;
}

/** The DOCNUMBER stamped on the Intacct bill: the Sage 300 origin (company, vendor, document number). */
export function apReference(company: string, doc: Pick<ApSourceDocument, 'vendorId' | 'documentNumber'>): string {
  return `${DOCUMENT_REFERENCE_PREFIX}${apSourceKey(company, doc.vendorId, doc.documentNumber)}`;
}

/**
 * Invoice number as compared for duplicates: trimmed, case-folded, without spaces or punctuation, and without
 * leading zeros in any run of digits, so "INV-00012", "inv 12" and "Inv12" are the same invoice.
 */
export function normaliseInvoiceNumber(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .replace(/(^|\D)0+(?=\d)/g, '$1');
}

const usDate = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/**
 * Maps one posted Sage 300 AP document to an Intacct APBILL for an Intacct vendor already resolved: lines through
 * the account rules (never a default), the tax group through tax-codes.csv and the terms through payment-terms.csv.
 * A credit note becomes a bill with negative lines (the emulator and Intacct accept negative bill lines; APADJUSTMENT
 * would need a separate object and read-back), so every document is one APBILL with its own reference.
 */
export function transformDocument(
  doc: ApSourceDocument,
  company: string,
  intacctVendorId: string,
  engine: MappingEngine,
  currency: CurrencyOptions = DEFAULT_CURRENCY_OPTIONS,
): { ok: true; value: MappedBill } | { ok: false; problem: ApProblem } {
  const unmapped: string[] = [];
  const fixes = new Set<string>();
  const tax = engine.taxDetail(doc.taxGroup);
  if (!tax.ok) {
    unmapped.push(`tax group "${doc.taxGroup}" has no tax detail`);
    fixes.add(tax.error.fix);
  }
  const terms = doc.termsCode.trim() === '' ? undefined : engine.termName(doc.termsCode);
  if (terms && !terms.ok) {
    unmapped.push(`terms code "${doc.termsCode}" has no Intacct term`);
    fixes.add(terms.error.fix);
  }
  const sign = doc.kind === 'credit_note' ? -1 : 1;
  let total = new Money(0);
  const lines: Record<string, JsonValue>[] = [];
  for (const line of doc.lines) {
    const amount = new Money(line.amount);
    if (amount.isZero()) continue; // Intacct refuses zero lines; they carry no value.
    const resolved = engine.resolveAccount(line.account, doc.postingDate);
    if (!resolved.ok) {
      unmapped.push(`line ${line.line}: ${resolved.error.message}`);
      fixes.add(resolved.error.fix);
      continue;
    }
    const rounded = new Money(formatAmount(amount, 2)).times(sign);
    const lineTax = new Money(formatAmount(new Money(line.taxAmount), 2)).times(sign);
    total = total.plus(rounded).plus(lineTax);
    const dims = resolved.value.dimensions;
    lines.push({
      ACCOUNTNO: resolved.value.targetAccount,
      TRX_AMOUNT: formatAmount(rounded, 2),
      ENTRYDESCRIPTION: (line.description || doc.description || `Sage 300 ${doc.documentNumber}`).slice(0, 100),
      ...(dims.LOCATION ? { LOCATIONID: dims.LOCATION } : {}),
      ...(dims.DEPARTMENT ? { DEPARTMENTID: dims.DEPARTMENT } : {}),
      ...(dims.PROJECTID ? { PROJECTID: dims.PROJECTID } : {}),
      ...(dims.CLASSID ? { CLASSID: dims.CLASSID } : {}),
      // Tax entries only where there is tax: a company without Intacct's tax solution refuses them, and a zero entry
      // says nothing the mapped (required) tax group does not.
      ...(tax.ok && !lineTax.isZero() ? { TAXENTRIES: { TAXENTRY: { DETAILID: tax.value, TRX_TAX: formatAmount(lineTax, 2) } } } : {}),
    });
  }
  const key = apSourceKey(company, doc.vendorId, doc.documentNumber);
  if (unmapped.length > 0) {
    return {
      ok: false,
      problem: { class: 'mapping', message: `AP document ${key} has unmapped values: ${unmapped.join('; ')}`, fix: [...fixes].join('; ') },
    };
  }
  if (lines.length === 0) {
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `AP document ${key} has no non-zero lines`,
        fix: 'correct the document in Sage 300; an Intacct bill needs at least one line',
      },
    };
  }
  const fx = documentCurrencyFields(
    {
      label: `AP document ${key}`,
      currency: doc.currency,
      fx: doc.fx,
      lineAmounts: lines.map((l) => l.TRX_AMOUNT as string),
      date: doc.documentDate,
    },
    engine,
    currency,
  );
  if (!fx.ok) return { ok: false, problem: { class: fx.class, message: fx.message, fix: fx.fix } };
  const reference = apReference(company, doc);
  return {
    ok: true,
    value: {
      reference,
      total: formatAmount(total, 2),
      payload: {
        VENDORID: intacctVendorId,
        WHENCREATED: usDate(doc.documentDate),
        WHENPOSTED: usDate(doc.postingDate),
        WHENDUE: usDate(doc.dueDate || doc.documentDate),
        RECORDID: doc.documentNumber.slice(0, 45),
        DOCNUMBER: reference,
        DESCRIPTION: (doc.description || `Sage 300 ${doc.kind.replace('_', ' ')} ${doc.documentNumber}`).slice(0, 100),
        ...(terms?.ok ? { TERMNAME: terms.value } : {}),
        ...(doc.onHold ? { ONHOLD: 'true' } : {}),
        CURRENCY: doc.currency,
        ...attachmentFields(apSourceKey(company, doc.vendorId, doc.documentNumber), doc),
        ...(fx.fields as Record<string, JsonValue>),
        APBILLITEMS: { APBILLITEM: lines },
      },
    },
  };
}
