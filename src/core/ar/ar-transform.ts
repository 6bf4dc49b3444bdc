import { formatAmount, Money } from '../../domain/money.ts';
import type { CurrencyOptions } from '../fx/fx-check.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { ArSourceDocument, ArSourceReceipt } from '../ports/ar-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { ExceptionClass } from '../sync/raise-exception.ts';
import { arAttachmentFields } from './ar-attachments.ts';
import { arCurrencyFields } from './ar-currency.ts';
import { arSourceKey, s300Reference } from './ar-keys.ts';

/** Why a record cannot be sent; becomes an exception of this class with the message and the fix. */
export interface ArProblem {
  readonly class: ExceptionClass;
  readonly message: string;
  readonly fix: string;
}

/** A mapped invoice: the create_invoice fields (ISO dates; the connector orders and formats them) and its signed total. */
export interface MappedInvoice {
  readonly payload: JsonValue;
  readonly total: string;
}

const usDate = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** The tax amount of a mapped line, if it has a tax entry. */
const taxOf = (line: Record<string, JsonValue>): string[] => {
  const entry = (line.taxentries as { taxentry?: { trx_tax?: string } } | undefined)?.taxentry;
  return entry?.trx_tax ? [entry.trx_tax] : [];
};

/**
 * Maps one posted Sage 300 AR document to an Intacct AR invoice (legacy create_invoice) for a resolved customer:
 * lines through the account rules (never a default), terms through payment-terms.csv, the tax group through
 * tax-codes.csv. The invoice number is the Sage 300 document number (the shared contract) and `externalid` carries
 * the `S300:` reference. A credit note becomes an invoice with negative lines, like AP's negative bills: Intacct's
 * AR adjustment is a separate object that a payment cannot name by invoice key, and a negative invoice keeps
 * one Intacct record per AROBL document, so open balances compare document by document.
 * A taxed line carries its Sage 300 tax (ARIBD.TOTTAX) as a `taxentries/taxentry` with the tax detail tax-codes.csv
 * maps the document's tax group to (the 3.0 schema's create_invoice lineitem ends with taxentries, detailid and
 * trx_tax), so the Intacct invoice totals what the customer owes, tax included, as AROBL does.
 */
export function transformInvoice(
  doc: ArSourceDocument,
  company: string,
  customerId: string,
  engine: MappingEngine,
  currency?: CurrencyOptions,
): { ok: true; value: MappedInvoice } | { ok: false; problem: ArProblem } {
  const key = arSourceKey(company, doc.customerId, doc.documentNumber);
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
    const lineTax = new Money(formatAmount(new Money(line.taxAmount), 2)).times(sign);
    if (amount.isZero() && lineTax.isZero()) continue; // Intacct refuses zero lines; they carry no value.
    const resolved = engine.resolveAccount(line.account, doc.postingDate);
    if (!resolved.ok) {
      unmapped.push(`line ${line.line}: ${resolved.error.message}`);
      fixes.add(resolved.error.fix);
      continue;
    }
    const rounded = new Money(formatAmount(amount, 2)).times(sign);
    total = total.plus(rounded).plus(lineTax);
    const dims = resolved.value.dimensions;
    // Legacy lineitem fields in DTD order: glaccountno, amount, memo, locationid, departmentid come first (pyintacct's
    // ARInvoice line model); projectid before classid follows the create_bill line order of the reference (UNCONFIRMED
    // for create_invoice).
    lines.push({
      glaccountno: resolved.value.targetAccount,
      amount: formatAmount(rounded, 2),
      memo: (line.description || doc.description || `Sage 300 ${doc.documentNumber}`).slice(0, 100),
      ...(dims.LOCATION ? { locationid: dims.LOCATION } : {}),
      ...(dims.DEPARTMENT ? { departmentid: dims.DEPARTMENT } : {}),
      ...(dims.PROJECTID ? { projectid: dims.PROJECTID } : {}),
      ...(dims.CLASSID ? { classid: dims.CLASSID } : {}),
      // Only where there is tax: a company without a tax solution refuses entries, and a zero one says nothing.
      ...(tax.ok && !lineTax.isZero() ? { taxentries: { taxentry: { detailid: tax.value, trx_tax: formatAmount(lineTax, 2) } } } : {}),
    });
  }
  if (unmapped.length > 0)
    return {
      ok: false,
      problem: { class: 'mapping', message: `AR document ${key} has unmapped values: ${unmapped.join('; ')}`, fix: [...fixes].join('; ') },
    };
  if (lines.length === 0)
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `AR document ${key} has no non-zero lines`,
        fix: 'correct the document in Sage 300; an Intacct invoice needs at least one line',
      },
    };
  // A foreign invoice: Intacct converts each line and each tax entry on its own.
  const amounts = lines.flatMap((l) => [l.amount as string, ...taxOf(l)]);
  const fx = arCurrencyFields(
    { label: `AR document ${key}`, currency: doc.currency, fx: doc.fx, amounts, date: doc.documentDate },
    engine,
    currency,
    true,
  );
  if (!fx.ok) return { ok: false, problem: fx.problem };
  return {
    ok: true,
    value: {
      total: formatAmount(total, 2),
      payload: {
        customerid: customerId,
        datecreated: doc.documentDate,
        dateposted: doc.postingDate,
        datedue: doc.dueDate || doc.documentDate,
        ...(terms?.ok ? { termname: terms.value } : {}),
        invoiceno: doc.documentNumber,
        ...(doc.customerPo ? { ponumber: doc.customerPo.slice(0, 40) } : {}),
        description: (doc.description || `Sage 300 ${doc.kind.replace('_', ' ')} ${doc.documentNumber}`).slice(0, 100),
        externalid: s300Reference(key),
        currency: doc.currency,
        ...fx.fields,
        invoiceitems: { lineitem: lines },
        ...arAttachmentFields(key, doc),
      },
    },
  };
}

/** One application of a payment before it is sent: the invoice's source key (its RECORDNO is looked up at send time). */
export interface PaymentDetail {
  readonly INVOICE: string;
  readonly TRX_PAYMENTAMOUNT: string;
}

/**
 * Maps a receipt to an Intacct ARPYMT. The details name invoices by their Sage 300 source key; the executor swaps
 * in the Intacct RECORDNO from the invoice cross-reference just before sending, so the stored payload (and its key)
 * never depends on when the invoice was created. Intacct requires a FINANCIALENTITY (checking account) or an
 * undeposited-funds account on a payment (developer.intacct.com/api/accounts-receivable/ar-payments); using the
 * Sage 300 bank code as the FINANCIALENTITY, and PAYMENTMETHOD 'Printed Check' for every receipt, are UNCONFIRMED
 * against a real company (the reader does not expose ARTCR.CODEPAYM; a bank-code mapping table would be the fix).
 */
export function transformReceipt(
  r: ArSourceReceipt,
  company: string,
  customerId: string,
  receiptKey: string,
  engine: Pick<MappingEngine, 'rateType'>,
  currency?: CurrencyOptions,
): { ok: true; value: { payload: JsonValue; total: string } } | { ok: false; problem: ArProblem } {
  const details: PaymentDetail[] = r.applications.map((a) => ({
    INVOICE: arSourceKey(company, r.customerId, a.documentNumber),
    TRX_PAYMENTAMOUNT: formatAmount(new Money(a.amount), 2),
  }));
  const total = details.reduce((t, d) => t.plus(d.TRX_PAYMENTAMOUNT), new Money(0));
  const fx = arCurrencyFields(
    {
      label: `receipt ${receiptKey} (${r.receiptNumber})`,
      currency: r.currency || 'USD',
      fx: r.fx,
      amounts: details.map((d) => d.TRX_PAYMENTAMOUNT),
      date: r.receiptDate,
    },
    engine,
    currency,
    false,
  );
  if (!fx.ok) return fx;
  return {
    ok: true,
    value: {
      total: formatAmount(total, 2),
      payload: {
        CUSTOMERID: customerId,
        ...(r.bankCode ? { FINANCIALENTITY: r.bankCode } : {}),
        PAYMENTMETHOD: 'Printed Check',
        DOCNUMBER: s300Reference(receiptKey),
        RECEIPTDATE: usDate(r.receiptDate),
        CURRENCY: r.currency || 'USD',
        ...fx.fields,
        ARPYMTDETAILS: { ARPYMTDETAIL: details as unknown as JsonValue },
      },
    },
  };
}
