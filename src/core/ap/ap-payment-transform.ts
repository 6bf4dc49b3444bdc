/**
 * A posted Sage 300 AP payment as an Intacct AP payment (generic `<create><APPYMT>`, reference §11: the SDK's
 * ApPaymentCreate). Its details name the bills by source key; the bills' RECORDNOs are put in just before sending.
 */
import { formatAmount, Money } from '../../domain/money.ts';
import type { ApSourcePayment } from '../ports/ap-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { CodeLookups } from '../mapping/lookups.ts';
import { documentCurrencyFields } from '../fx/document-currency.ts';
import { checkConversion, intacctRate, usDate, type CurrencyOptions } from '../fx/fx-check.ts';
import { DOCUMENT_REFERENCE_PREFIX } from '../sync/sync-references.ts';
import { apSourceKey, type ApProblem } from './ap-transform.ts';

/** Cross-reference object (and outbox object type) of a synced AP payment. */
export const AP_PAYMENT_OBJECT = 'APPYMT';

/** How AP payments are sent; from the Sage 300 company's `apPayments` config. */
export interface ApPaymentOptions {
  /** Sage 300 bank code (APTCR.IDBANK) → Intacct checking account id (APPYMT FINANCIALENTITY). */
  readonly bankAccounts: Readonly<Record<string, string>>;
}

/** The key of a Sage 300 payment: its APTCR primary key (batch type, batch, entry). */
export function apPaymentSourceKey(company: string, p: Pick<ApSourcePayment, 'batchType' | 'batch' | 'entry'>): string {
  return `${company}:${p.batchType.trim()}-${p.batch}-${p.entry}`;
}

/** Outbox key of a payment (`~retry<n>` after a definite failure with a changed payload). */
export const apPaymentKey = (sourceKey: string, attempt: number): string =>
  attempt === 0 ? `ap-payment:${sourceKey}` : `ap-payment:${sourceKey}~retry${attempt}`;

/** One detail before sending: the bill by source key. */
export interface ApPaymentDetail {
  readonly BILL: string;
  readonly TRX_PAYMENTAMOUNT: string;
}

/**
 * Intacct AP payment methods by Sage 300 APTCR.PAYMTYPE. Which method records a payment already made outside Intacct
 * without queueing a check print is UNCONFIRMED (README "AP payments").
 */
const METHOD_BY_FORM: Readonly<Record<string, string>> = {
  check: 'Printed Check',
  cash: 'Cash',
  credit_card: 'Credit Card',
  other: 'Record Transfer',
  none: 'Record Transfer',
};

type Mapped = { ok: true; payload: JsonValue; total: string } | { ok: false; problem: ApProblem };

/** The foreign-currency fields, each detail's base checked against Sage 300's home amount (APTCP AMTPAYMHC) and the total against AMTRMITHC. */
function currencyFields(
  p: ApSourcePayment,
  label: string,
  amounts: readonly string[],
  engine: Pick<CodeLookups, 'rateType'>,
  options: CurrencyOptions,
): { ok: true; fields: Record<string, unknown> } | { ok: false; problem: ApProblem } {
  if (p.currency === p.homeCurrency) return { ok: true, fields: {} };
  const rate = intacctRate(p.rate, p.rateOperator);
  const fx = { homeCurrency: p.homeCurrency, rateType: p.rateType, rateDate: p.rateDate, rate: rate?.toFixed() ?? p.rate };
  const fields = documentCurrencyFields({ label, currency: p.currency, fx, lineAmounts: amounts, date: p.paymentDate }, engine, options);
  if (!fields.ok) return { ok: false, problem: { class: fields.class, message: fields.message, fix: fields.fix } };
  let base = new Money(0);
  for (const [i, a] of p.applications.entries()) {
    const checked = checkConversion(
      {
        currency: p.currency,
        homeCurrency: p.homeCurrency,
        amount: amounts[i]!,
        homeAmount: a.homeAmount,
        rate: p.rate,
        rateOperator: p.rateOperator,
        label: `${label}, application to ${a.documentNumber}`,
      },
      options,
    );
    if (!checked.ok) return { ok: false, problem: { class: 'validation', ...checked.problem } };
    base = base.plus(checked.value.base);
  }
  const difference = base.minus(new Money(p.homeAmount).toDecimalPlaces(2, Money.ROUND_HALF_UP));
  if (difference.abs().greaterThan(options.baseTolerance)) {
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `${label}: Intacct would book ${p.homeCurrency} ${formatAmount(base)} for the payment, Sage 300's home amount is ${formatAmount(new Money(p.homeAmount))} (difference ${formatAmount(difference)}, tolerance ${options.baseTolerance})`,
        fix: 'correct the payment rate or home amount in Sage 300; if the difference is an accepted rounding, raise sage300.companies[].currency.baseTolerance',
      },
    };
  }
  return { ok: true, fields: fields.fields };
}

/**
 * Maps a payment: the bank through `apPayments.bankAccounts` (never a guess), the method from APTCR.PAYMTYPE, one
 * detail per application (a payment not fully applied is refused: its remainder has no bill in Intacct).
 */
export function transformApPayment(
  p: ApSourcePayment,
  company: string,
  vendorId: string,
  sourceKey: string,
  engine: Pick<CodeLookups, 'rateType'>,
  currency: CurrencyOptions,
  options: ApPaymentOptions,
): Mapped {
  const label = `AP payment ${sourceKey} (check ${p.checkNumber || 'none'})`;
  const amounts = p.applications.map((a) => formatAmount(new Money(a.amount), 2));
  if (p.applications.length === 0 || amounts.some((a) => !new Money(a).greaterThan(0))) {
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `${label} has no positive applications; only payments applied to bills are replicated`,
        fix: 'apply the payment to its documents in Sage 300, or record it in Intacct by hand and resolve this exception',
      },
    };
  }
  const applied = amounts.reduce((s, a) => s.plus(a), new Money(0));
  if (!applied.equals(new Money(p.amount).toDecimalPlaces(2, Money.ROUND_HALF_UP))) {
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `${label}: ${p.currency} ${formatAmount(new Money(p.amount))} paid but ${formatAmount(applied)} applied to documents; an unapplied remainder is not replicated`,
        fix: 'apply the whole payment in Sage 300 (or record the remainder in Intacct by hand) and resolve this exception',
      },
    };
  }
  const account = options.bankAccounts[p.bankCode];
  if (!account) {
    return {
      ok: false,
      problem: {
        class: 'mapping',
        message: `${label}: Sage 300 bank '${p.bankCode}' has no Intacct checking account`,
        fix: `add "${p.bankCode}": "<Intacct checking account id>" to sage300.companies[].apPayments.bankAccounts`,
      },
    };
  }
  const fx = currencyFields(p, label, amounts, engine, currency);
  if (!fx.ok) return fx;
  const details: ApPaymentDetail[] = p.applications.map((a, i) => ({
    BILL: apSourceKey(company, p.vendorId, a.documentNumber),
    TRX_PAYMENTAMOUNT: amounts[i]!,
  }));
  return {
    ok: true,
    total: formatAmount(applied, 2),
    payload: {
      FINANCIALENTITY: account,
      PAYMENTMETHOD: METHOD_BY_FORM[p.form] ?? 'Record Transfer',
      VENDORID: vendorId,
      DOCNUMBER: `${DOCUMENT_REFERENCE_PREFIX}${sourceKey}`,
      DESCRIPTION: (p.description || `Sage 300 payment ${p.checkNumber}`).slice(0, 100),
      PAYMENTDATE: usDate(p.paymentDate),
      CURRENCY: p.currency,
      ...(fx.fields as Record<string, JsonValue>),
      APPYMTDETAILS: { APPYMTDETAIL: details as unknown as JsonValue },
    },
  };
}

/** The details of a stored payment payload. */
export function paymentDetailsOf(payload: JsonValue): ApPaymentDetail[] {
  const d = (payload as { APPYMTDETAILS?: { APPYMTDETAIL?: unknown } }).APPYMTDETAILS?.APPYMTDETAIL;
  return (Array.isArray(d) ? d : d ? [d] : []) as ApPaymentDetail[];
}
