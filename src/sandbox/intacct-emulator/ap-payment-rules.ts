/**
 * AP payment rules (generic `<create><APPYMT>`, reference §11: the SDK's ApPaymentCreate). Each APPYMTDETAIL pays a
 * bill of the same vendor, in the bill's currency, for at most what is still due on it (also across details);
 * the currency and rate are checked as for bills and the base amounts computed here, never taken from the request.
 */
import { formatAmount, Money, sumAmounts } from '../../domain/money.ts';
import { INTACCT_BEHAVIOURS_SCHEMA } from './behaviours.ts';
import { conversionOf, GENERIC_CURRENCY_FIELDS } from './currency-rules.ts';
import { formatUsDate } from './dates.ts';
import { err, ERR } from './errors.ts';
import { Problems, type RuleContext, type RuleOutcome } from './rule-helpers.ts';
import type { StoredRecord } from './store.ts';
import { lines, scalar, type FieldObject } from './xml-node.ts';

/** The AP payment methods the emulator accepts (Intacct's list for APPYMT is not in the reference: UNCONFIRMED). */
const AP_PAYMENT_METHODS = ['Printed Check', 'Cash', 'EFT', 'Credit Card', 'Charge Card', 'Record Transfer', 'ACH'];

/** Moves `trx` (bill currency) from due to paid on a bill; its base moves at the bill's own rate (all of it on the last payment). */
function applyToBill(ctx: RuleContext, bill: StoredRecord, trx: Money): void {
  const trxDue = new Money(scalar(bill.data, 'TRX_TOTALDUE') ?? '0').minus(trx);
  const trxPaid = new Money(scalar(bill.data, 'TRX_TOTALPAID') ?? '0').plus(trx);
  const rate = new Money(scalar(bill.data, 'EXCHANGE_RATE') || '1');
  const baseDue = new Money(scalar(bill.data, 'TOTALDUE') ?? '0');
  const base = trxDue.isZero() ? baseDue : trx.times(rate).toDecimalPlaces(2, Money.ROUND_HALF_UP);
  bill.data.TRX_TOTALDUE = formatAmount(trxDue);
  bill.data.TRX_TOTALPAID = formatAmount(trxPaid);
  bill.data.TOTALDUE = formatAmount(baseDue.minus(base));
  bill.data.TOTALPAID = formatAmount(new Money(scalar(bill.data, 'TOTALPAID') ?? '0').plus(base));
  bill.data.STATE = trxDue.isZero() ? 'Paid' : trxPaid.isZero() ? 'Posted' : 'Partially Paid';
  ctx.store.update('APBILL', bill);
}

export function apPaymentRule(rec: FieldObject, ctx: RuleContext): RuleOutcome {
  const p = new Problems();
  const fields: FieldObject = { ...rec };
  const behaviours = ctx.behaviours ?? INTACCT_BEHAVIOURS_SCHEMA.parse({});
  const vendorId = p.required(rec, 'VENDORID');
  p.reference(ctx, 'VENDORID', vendorId, 'VENDOR', 'Vendor');
  const paid = p.date(rec, 'PAYMENTDATE', true);
  if (paid) fields.PAYMENTDATE = formatUsDate(paid);
  p.required(rec, 'PAYMENTMETHOD');
  const method = p.oneOf(rec, 'PAYMENTMETHOD', AP_PAYMENT_METHODS);
  if (method) fields.PAYMENTMETHOD = method;
  if (behaviours.apPaymentBankAccount === 'required') p.required(rec, 'FINANCIALENTITY');

  const conversion = conversionOf(p, ctx, rec, GENERIC_CURRENCY_FIELDS, '', paid);
  if (conversion) Object.assign(fields, conversion.stored);
  const details = lines(rec, 'APPYMTDETAILS', 'APPYMTDETAIL');
  if (details.length === 0) p.add('APPYMTDETAILS', 'Required field missing', 'A payment needs at least one APPYMTDETAILS/APPYMTDETAIL.');
  const applied = new Map<number, { bill: StoredRecord; amount: Money }>();
  const stored: FieldObject[] = [];
  details.forEach((detail, i) => {
    const prefix = `APPYMTDETAILS.APPYMTDETAIL[${i + 1}].`;
    const key = p.required(detail, 'RECORDKEY', `${prefix}RECORDKEY`);
    const amount = p.amount(detail, 'TRX_PAYMENTAMOUNT', { positive: true, label: `${prefix}TRX_PAYMENTAMOUNT` });
    if (key === undefined) return;
    const bill = /^\d+$/.test(key) ? ctx.store.get('APBILL', Number(key)) : undefined;
    if (!bill) {
      p.add(`${prefix}RECORDKEY`, 'Invalid reference', `Bill with RECORDNO '${key}' does not exist.`);
      return;
    }
    if (vendorId !== undefined && scalar(bill.data, 'VENDORID') !== vendorId) {
      p.add(
        `${prefix}RECORDKEY`,
        'Invalid reference',
        `Bill ${key} belongs to vendor '${scalar(bill.data, 'VENDORID') ?? ''}', not '${vendorId}'.`,
      );
      return;
    }
    const billCurrency = scalar(bill.data, 'CURRENCY') ?? '';
    if (conversion && billCurrency !== conversion.currency) {
      p.add(
        `${prefix}RECORDKEY`,
        'Currency mismatch',
        `Bill ${key} is in ${billCurrency}; the payment is in ${conversion.currency}.`,
        'Pay a bill in its own currency.',
      );
      return;
    }
    if (!amount) return;
    const total = (applied.get(bill.recordNo)?.amount ?? new Money(0)).plus(amount);
    const due = new Money(scalar(bill.data, 'TRX_TOTALDUE') ?? '0');
    if (total.greaterThan(due)) {
      p.add(
        `${prefix}TRX_PAYMENTAMOUNT`,
        'Overpayment',
        `Payment ${formatAmount(total)} exceeds the amount due ${formatAmount(due)} on bill ${key}.`,
        'Pay at most the amount due.',
      );
      return;
    }
    applied.set(bill.recordNo, { bill, amount: total });
    const base = conversion ? conversion.toBase(amount) : amount;
    stored.push({ RECORDKEY: key, TRX_PAYMENTAMOUNT: formatAmount(amount), PAYMENTAMOUNT: formatAmount(base) });
  });
  fields.APPYMTDETAILS = { APPYMTDETAIL: stored };
  fields.TRX_TOTALENTERED = formatAmount(sumAmounts([...applied.values()].map((a) => a.amount)));
  fields.TOTALENTERED = formatAmount(sumAmounts(stored.map((d) => new Money(scalar(d, 'PAYMENTAMOUNT') ?? '0'))));
  fields.STATE = 'Complete';
  return p.outcome(fields, () => {
    for (const { bill, amount } of applied.values()) applyToBill(ctx, bill, amount);
  });
}

/** Deleting a payment gives the paid amounts back to its bills. */
export function reverseApPayment(ctx: RuleContext, payment: StoredRecord): void {
  for (const detail of lines(payment.data, 'APPYMTDETAILS', 'APPYMTDETAIL')) {
    const bill = ctx.store.get('APBILL', Number(scalar(detail, 'RECORDKEY')));
    const amount = scalar(detail, 'TRX_PAYMENTAMOUNT');
    if (bill && amount) applyToBill(ctx, bill, new Money(amount).negated());
  }
}

export const AP_PAYMENT_UPDATE_ERROR = err(
  ERR.business,
  'APPYMT: Update not supported',
  'The emulator records every AP payment as complete; a complete payment cannot be updated.',
  'Delete the payment and create a new one.',
);
