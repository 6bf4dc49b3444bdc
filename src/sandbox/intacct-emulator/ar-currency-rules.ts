/**
 * Currencies of AR invoices and payments. A foreign invoice keeps its transaction totals (TRX_TOTALDUE, in its
 * currency) beside the base totals (TOTALDUE) computed here at the rate it was created with; payments apply
 * transaction amounts, and relieve the base at the invoice's rate (what a payment's own rate adds or takes away is
 * the realized gain or loss, which the emulator does not book).
 */
import { formatAmount, Money } from '../../domain/money.ts';
import { INTACCT_BEHAVIOURS_SCHEMA } from './behaviours.ts';
import type { Problems, RuleContext } from './rule-helpers.ts';
import type { StoredRecord } from './store.ts';
import { scalar, type FieldObject } from './xml-node.ts';

/** What is still due on an invoice in its own currency (the base total for a base-currency invoice). */
export function trxDue(invoice: StoredRecord): Money {
  return new Money(scalar(invoice.data, 'TRX_TOTALDUE') ?? scalar(invoice.data, 'TOTALDUE') ?? '0');
}

/** The base-currency company's currency of a stored record (USD when it names none). */
export const currencyOf = (data: FieldObject): string => scalar(data, 'CURRENCY')?.trim() || 'USD';

/**
 * Refuses applying a payment in `currency` to an invoice in another one, under the `arPaymentCurrency` switch.
 * Returns false when a problem was added.
 */
export function sameCurrency(p: Problems, ctx: RuleContext, field: string, currency: string, invoice: StoredRecord, key: string): boolean {
  const behaviours = ctx.behaviours ?? INTACCT_BEHAVIOURS_SCHEMA.parse({});
  const invoiceCurrency = currencyOf(invoice.data);
  if (behaviours.arPaymentCurrency === 'any' || invoiceCurrency === currency) return true;
  p.add(
    field,
    'Currency mismatch',
    `Invoice ${key} is in ${invoiceCurrency}; a payment in ${currency} cannot be applied to it.`,
    `Receive the payment in ${invoiceCurrency}.`,
  );
  return false;
}

/** Moves `delta` (in the invoice's currency) from due to paid on a foreign invoice; the base follows at its rate. */
export function applyToForeignInvoice(invoice: StoredRecord, delta: Money): void {
  const d = invoice.data;
  const due = new Money(scalar(d, 'TRX_TOTALDUE') ?? '0').minus(delta);
  const paid = new Money(scalar(d, 'TRX_TOTALPAID') ?? '0').plus(delta);
  const baseDue = new Money(scalar(d, 'TOTALDUE') ?? '0');
  const baseTotal = new Money(scalar(d, 'TOTALENTERED') ?? '0');
  const rate = new Money(scalar(d, 'EXCHANGE_RATE') ?? '1');
  // Paid off: the whole base is relieved (no cent left by rounding); otherwise the part paid at the invoice's rate.
  const newBaseDue = due.isZero()
    ? new Money(0)
    : paid.isZero()
      ? baseTotal
      : baseDue.minus(delta.times(rate).toDecimalPlaces(2, Money.ROUND_HALF_UP));
  d.TRX_TOTALDUE = formatAmount(due);
  d.TRX_TOTALPAID = formatAmount(paid);
  d.TOTALDUE = formatAmount(newBaseDue);
  d.TOTALPAID = formatAmount(baseTotal.minus(newBaseDue));
  d.STATE = due.isZero() ? 'Paid' : paid.isZero() ? 'Posted' : 'Partially Paid';
}
