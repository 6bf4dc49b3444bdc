import { formatAmount, Money, sumAmounts } from '../../domain/money.ts';
import { currencyOf, sameCurrency, trxDue } from './ar-currency-rules.ts';
import { applyToInvoice } from './ar-payment-rules.ts';
import { conversionOf, LEGACY_CURRENCY_FIELDS } from './currency-rules.ts';
import { formatUsDate } from './dates.ts';
import { err, ERR } from './errors.ts';
import { failure, type FunctionContext, type FunctionHandler } from './function-types.ts';
import { OBJECTS } from './objects.ts';
import { Problems } from './rule-helpers.ts';
import type { StoredRecord } from './store.ts';
import { legacyDate } from './legacy-functions.ts';
import { insertRecord } from './write-functions.ts';
import { lines, scalar, toFieldObject, type FieldObject } from './xml-node.ts';

const PAYMENT_METHODS = ['Printed Check', 'Cash', 'EFT', 'Credit Card', 'Online Charge Card', 'Online ACH Debit'];

/** Checks invoice applications of one customer's credit; what passes is applied by `commit`. */
function applications(
  p: Problems,
  ctx: FunctionContext,
  items: FieldObject[],
  customerId: string | undefined,
  label: (i: number) => string,
  currency: string | undefined,
): { total: Money; commit: () => void; stored: FieldObject[] } {
  const applied = new Map<number, { invoice: StoredRecord; amount: Money }>();
  items.forEach((item, i) => {
    const prefix = label(i);
    const key = p.required(item, 'invoicekey', `${prefix}invoicekey`);
    const amount = p.amount(item, 'amount', { positive: true, label: `${prefix}amount` });
    if (key === undefined || !amount) return;
    const invoice = /^\d+$/.test(key) ? ctx.store.get('ARINVOICE', Number(key)) : undefined;
    if (!invoice) return p.add(`${prefix}invoicekey`, 'Invalid reference', `Invoice with RECORDNO '${key}' does not exist.`);
    if (customerId !== undefined && scalar(invoice.data, 'CUSTOMERID') !== customerId)
      return p.add(`${prefix}invoicekey`, 'Invalid reference', `Invoice ${key} belongs to another customer than '${customerId}'.`);
    if (currency !== undefined && !sameCurrency(p, ctx, `${prefix}invoicekey`, currency, invoice, key)) return;
    const total = (applied.get(invoice.recordNo)?.amount ?? new Money(0)).plus(amount);
    const due = trxDue(invoice);
    if (total.greaterThan(due))
      return p.add(
        `${prefix}amount`,
        'Overpayment',
        `Applying ${formatAmount(total)} exceeds the amount due ${formatAmount(due)} on invoice ${key}.`,
      );
    applied.set(invoice.recordNo, { invoice, amount: total });
  });
  const list = [...applied.values()];
  return {
    total: sumAmounts(list.map((a) => a.amount)),
    commit: () => list.forEach((a) => applyToInvoice(ctx, a.invoice, a.amount)),
    stored: list.map((a) => ({ RECORDKEY: String(a.invoice.recordNo), TRX_PAYMENTAMOUNT: formatAmount(a.amount) })),
  };
}

/**
 * Legacy create_arpayment (api.xsd 3.0): a customer's payment with zero or more `arpaymentitem` applications. What
 * is not applied stays on the payment as an available credit (UNAPPLIED) for apply_arpayment. Whether Intacct accepts
 * a payment with no items at all is UNCONFIRMED: switch `arPaymentWithoutItems` (`credit` keeps it as a credit,
 * `refused` answers that an application is required).
 */
export const createArPaymentFunction: FunctionHandler = (node, ctx) => {
  const rec = toFieldObject(node);
  const p = new Problems();
  const customerId = p.required(rec, 'customerid');
  p.reference(ctx, 'customerid', customerId, 'CUSTOMER', 'Customer');
  const amount = p.amount(rec, 'paymentamount', { positive: true });
  const receivedParts = legacyDate(p, rec, 'datereceived', false);
  const received = receivedParts ? formatUsDate(receivedParts) : undefined;
  const method = p.oneOf(rec, 'paymentmethod', PAYMENT_METHODS);
  const conversion = conversionOf(p, ctx, rec, LEGACY_CURRENCY_FIELDS, '', receivedParts);
  const foreign = conversion && conversion.currency !== conversion.baseCurrency ? conversion : undefined;
  const raw = rec.arpaymentitem;
  const items = (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]).filter(
    (x): x is FieldObject => typeof x === 'object' && !Array.isArray(x),
  );
  if (items.length === 0 && ctx.arPaymentWithoutItems === 'refused')
    p.add('arpaymentitem', 'Required field missing', 'A payment must be applied to at least one invoice (arpaymentitem).');
  const apps = applications(p, ctx, items, customerId, (i) => `arpaymentitem[${i + 1}].`, conversion?.currency);
  if (amount && apps.total.greaterThan(amount))
    p.add(
      'arpaymentitem',
      'Overpayment',
      `The applications total ${formatAmount(apps.total)}, more than the payment ${formatAmount(amount)}.`,
    );
  const fields: FieldObject = {
    CUSTOMERID: customerId ?? '',
    DOCNUMBER: scalar(rec, 'refid') ?? '',
    RECEIPTDATE: received ?? '',
    PAYMENTMETHOD: method ?? 'Printed Check',
    FINANCIALENTITY: scalar(rec, 'bankaccountid') ?? '',
    CURRENCY: scalar(rec, 'currency') ?? 'USD',
    // A foreign payment: its amounts stay in its currency (TRX_), the base is computed at the rate received.
    ...(foreign && amount ? { ...foreign.stored, TRX_TOTALENTERED: formatAmount(amount) } : {}),
    TOTALENTERED: amount ? formatAmount(foreign ? foreign.toBase(amount) : amount) : '',
    TOTALAPPLIED: formatAmount(apps.total),
    UNAPPLIED: amount ? formatAmount(amount.minus(apps.total)) : '',
    STATE: 'Posted',
    ARPYMTDETAILS: { ARPYMTDETAIL: apps.stored },
  };
  const outcome = p.outcome(fields, apps.commit);
  if (!outcome.ok) return failure([...outcome.error, err(ERR.business, '', 'Could not create AR Payment record!')]);
  return { status: 'success', key: String(insertRecord(OBJECTS.get('ARPYMT')!, outcome, ctx).recordNo) };
};

/**
 * Legacy apply_arpayment (api.xsd 3.0: arpaymentkey, paymentdate, batchkey?, memo?, arpaymentitems): applies a
 * payment's available credit to invoices of its customer, each at most what is due, together at most the credit.
 */
export const applyArPaymentFunction: FunctionHandler = (node, ctx) => {
  const rec = toFieldObject(node);
  const p = new Problems();
  const key = p.required(rec, 'arpaymentkey');
  legacyDate(p, rec, 'paymentdate', true);
  const payment = key !== undefined && /^\d+$/.test(key) ? ctx.store.get('ARPYMT', Number(key)) : undefined;
  if (key !== undefined && !payment) p.add('arpaymentkey', 'Invalid reference', `AR payment with RECORDNO '${key}' does not exist.`);
  const items = lines(rec, 'arpaymentitems', 'arpaymentitem');
  if (items.length === 0) p.add('arpaymentitems', 'Required field missing', 'Name at least one invoice to apply the credit to.');
  const customerId = payment ? scalar(payment.data, 'CUSTOMERID') : undefined;
  const currency = payment ? currencyOf(payment.data) : undefined;
  const apps = applications(p, ctx, items, customerId, (i) => `arpaymentitems.arpaymentitem[${i + 1}].`, currency);
  const credit = new Money(payment ? (scalar(payment.data, 'UNAPPLIED') ?? '0') : '0');
  if (payment && apps.total.greaterThan(credit))
    p.add(
      'arpaymentitems',
      'Overpayment',
      `The applications total ${formatAmount(apps.total)}, more than the credit left ${formatAmount(credit)}.`,
    );
  const outcome = p.outcome({});
  if (!outcome.ok || !payment) return failure([...(outcome.ok ? [] : outcome.error), err(ERR.business, '', 'Could not apply AR Payment!')]);
  apps.commit();
  const details = lines(payment.data, 'ARPYMTDETAILS', 'ARPYMTDETAIL');
  payment.data.ARPYMTDETAILS = { ARPYMTDETAIL: [...details, ...apps.stored] };
  payment.data.TOTALAPPLIED = formatAmount(new Money(scalar(payment.data, 'TOTALAPPLIED') ?? '0').plus(apps.total));
  payment.data.UNAPPLIED = formatAmount(credit.minus(apps.total));
  ctx.store.update('ARPYMT', payment);
  return { status: 'success', key: String(payment.recordNo) };
};
