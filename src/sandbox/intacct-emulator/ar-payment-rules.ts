import { formatAmount, Money, sumAmounts } from '../../domain/money.ts';
import { applyToForeignInvoice, sameCurrency, trxDue } from './ar-currency-rules.ts';
import { conversionOf, GENERIC_CURRENCY_FIELDS } from './currency-rules.ts';
import { formatUsDate } from './dates.ts';
import { err, ERR } from './errors.ts';
import { Problems, type RuleContext, type RuleOutcome } from './rule-helpers.ts';
import type { StoredRecord } from './store.ts';
import { lines, scalar, type FieldObject } from './xml-node.ts';

const PAYMENT_METHODS = ['Printed Check', 'Cash', 'EFT', 'Credit Card', 'Online Charge Card', 'Online ACH Debit'];

/** Moves `delta` (invoice currency) from due to paid on an invoice (negative delta undoes a payment). */
export function applyToInvoice(ctx: RuleContext, invoice: StoredRecord, delta: Money): void {
  if (scalar(invoice.data, 'TRX_TOTALDUE') !== undefined) {
    applyToForeignInvoice(invoice, delta);
    ctx.store.update('ARINVOICE', invoice);
    return;
  }
  const due = new Money(scalar(invoice.data, 'TOTALDUE') ?? '0').minus(delta);
  const paid = new Money(scalar(invoice.data, 'TOTALPAID') ?? '0').plus(delta);
  invoice.data.TOTALDUE = formatAmount(due);
  invoice.data.TOTALPAID = formatAmount(paid);
  invoice.data.STATE = due.isZero() ? 'Paid' : paid.isZero() ? 'Posted' : 'Partially Paid';
  ctx.store.update('ARINVOICE', invoice);
}

/**
 * Receive-payment rules (reference §7.6): each ARPYMTDETAIL applies to an invoice of the same customer and
 * may not exceed what is still due (also across several details for one invoice); applying reduces TOTALDUE.
 */
export function arPaymentRule(rec: FieldObject, ctx: RuleContext): RuleOutcome {
  const p = new Problems();
  const fields: FieldObject = { ...rec };
  const customerId = p.required(rec, 'CUSTOMERID');
  p.reference(ctx, 'CUSTOMERID', customerId, 'CUSTOMER', 'Customer');
  const receipt = p.date(rec, 'RECEIPTDATE', true);
  if (receipt) fields.RECEIPTDATE = formatUsDate(receipt);
  p.required(rec, 'PAYMENTMETHOD');
  const method = p.oneOf(rec, 'PAYMENTMETHOD', PAYMENT_METHODS);
  if (method) fields.PAYMENTMETHOD = method;
  // The payment's currency and rate, checked as for bills; its base is computed here from what was received.
  const conversion = conversionOf(p, ctx, rec, GENERIC_CURRENCY_FIELDS, '', receipt);

  const details = lines(rec, 'ARPYMTDETAILS', 'ARPYMTDETAIL');
  if (details.length === 0) p.add('ARPYMTDETAILS', 'Required field missing', 'A payment needs at least one ARPYMTDETAILS/ARPYMTDETAIL.');
  const applied = new Map<number, { invoice: StoredRecord; amount: Money }>();
  details.forEach((detail, i) => {
    const prefix = `ARPYMTDETAILS.ARPYMTDETAIL[${i + 1}].`;
    const key = p.required(detail, 'RECORDKEY', `${prefix}RECORDKEY`);
    const amount = p.amount(detail, 'TRX_PAYMENTAMOUNT', { positive: true, label: `${prefix}TRX_PAYMENTAMOUNT` });
    if (key === undefined) return;
    const invoice = /^\d+$/.test(key) ? ctx.store.get('ARINVOICE', Number(key)) : undefined;
    if (!invoice) {
      p.add(`${prefix}RECORDKEY`, 'Invalid reference', `Invoice with RECORDNO '${key}' does not exist.`);
      return;
    }
    if (customerId !== undefined && scalar(invoice.data, 'CUSTOMERID') !== customerId) {
      p.add(
        `${prefix}RECORDKEY`,
        'Invalid reference',
        `Invoice ${key} belongs to customer '${scalar(invoice.data, 'CUSTOMERID') ?? ''}', not '${customerId}'.`,
      );
      return;
    }
    if (conversion && !sameCurrency(p, ctx, `${prefix}RECORDKEY`, conversion.currency, invoice, key)) return;
    if (!amount) return;
    const prior = applied.get(invoice.recordNo);
    const total = (prior?.amount ?? new Money(0)).plus(amount);
    const due = trxDue(invoice);
    if (total.greaterThan(due)) {
      p.add(
        `${prefix}TRX_PAYMENTAMOUNT`,
        'Overpayment',
        `Payment ${formatAmount(total)} exceeds the amount due ${formatAmount(due)} on invoice ${key}.`,
        'Pay at most the amount due.',
      );
      return;
    }
    applied.set(invoice.recordNo, { invoice, amount: total });
  });
  const entered = sumAmounts([...applied.values()].map((a) => a.amount));
  fields.TOTALENTERED = formatAmount(entered);
  if (conversion && conversion.currency !== conversion.baseCurrency) {
    Object.assign(fields, conversion.stored);
    fields.TRX_TOTALENTERED = formatAmount(entered);
    fields.TOTALENTERED = formatAmount(conversion.toBase(entered));
  }
  fields.STATE = 'Posted';
  return p.outcome(fields, () => {
    for (const { invoice, amount } of applied.values()) applyToInvoice(ctx, invoice, amount);
  });
}

/** Deleting a payment gives the applied amounts back to the invoices. */
export function reverseArPayment(ctx: RuleContext, payment: StoredRecord): void {
  for (const detail of lines(payment.data, 'ARPYMTDETAILS', 'ARPYMTDETAIL')) {
    const invoice = ctx.store.get('ARINVOICE', Number(scalar(detail, 'RECORDKEY')));
    const amount = scalar(detail, 'TRX_PAYMENTAMOUNT');
    if (invoice && amount) applyToInvoice(ctx, invoice, new Money(amount).negated());
  }
}

export const AR_PAYMENT_UPDATE_ERROR = err(
  ERR.business,
  'ARPYMT: Update not supported',
  'Only draft payments can be updated; the emulator records every payment as posted.',
  'Delete the payment and create a new one.',
);
