/**
 * The base amount Intacct will compute for a foreign-currency amount, checked against Sage 300's home amount before
 * anything is sent. Intacct converts a transaction amount at the rate it receives: base = amount x rate, kept at 2
 * decimals (rounding half up: the usual Intacct display rounding; the exact rule is not published, so a difference
 * of a cent is what the tolerance is for).
 */
import { formatAmount, Money, parseAmount } from '../../domain/money.ts';

/** How foreign-currency amounts are checked and sent; from the Sage 300 company's `currency` config. */
export interface CurrencyOptions {
  /** Largest accepted |Intacct base - Sage 300 home| per line or document, decimal text (default 0.01). */
  readonly baseTolerance: string;
  /**
   * `type-and-rate` sends the mapped Intacct rate type with Sage 300's rate; `rate-only` sends the rate alone, for a
   * tenant that refuses both at once (the SDKs write one or the other; Intacct's answer to both is UNCONFIRMED).
   */
  readonly rateFields: 'type-and-rate' | 'rate-only';
}

/** The defaults when a company config says nothing about currency. */
export const DEFAULT_CURRENCY_OPTIONS: CurrencyOptions = { baseTolerance: '0.01', rateFields: 'type-and-rate' };

/** One foreign amount as Sage 300 holds it. */
export interface ForeignAmount {
  readonly currency: string;
  readonly homeCurrency: string;
  /** Transaction-currency amount (any sign). */
  readonly amount: string;
  /** Sage 300's home-currency amount of the same line or document (same sign). */
  readonly homeAmount: string;
  /** Sage 300's rate and how it applies: '1' home = amount x rate, '2' home = amount / rate. */
  readonly rate: string;
  readonly rateOperator: string;
  /** What the amount is, for messages: `line 3`, `document INV-1`. */
  readonly label: string;
}

/** The rate to send and the base Intacct will compute from it. */
export interface IntacctConversion {
  /** The multiply rate sent as EXCHANGE_RATE / exchrate. */
  readonly rate: string;
  /** Intacct's base amount of |amount|, 2 decimals. */
  readonly base: Money;
  /** base - |home| at 2 decimals. */
  readonly difference: Money;
}

/** A foreign amount that cannot be sent as it is, with the fix. */
export interface FxProblem {
  readonly message: string;
  readonly fix: string;
}

const RATE_DECIMALS = 10;

/** Intacct's multiply rate for Sage 300's rate and operator; undefined when there is no usable rate. */
export function intacctRate(rate: string, operator: string): Money | undefined {
  const r = parseAmount(rate);
  if (r === undefined || !r.greaterThan(0)) return undefined;
  return operator === '2' ? new Money(1).div(r).toDecimalPlaces(RATE_DECIMALS) : r;
}

/** Converts as Intacct will and compares with Sage 300's home amount under the tolerance. */
export function checkConversion(
  a: ForeignAmount,
  options: CurrencyOptions,
): { ok: true; value: IntacctConversion } | { ok: false; problem: FxProblem } {
  const amount = parseAmount(a.amount);
  const home = parseAmount(a.homeAmount);
  if (amount === undefined || home === undefined) {
    return {
      ok: false,
      problem: {
        message: `${a.label}: amount "${a.amount}" or home amount "${a.homeAmount}" is not a decimal`,
        fix: 'correct the amounts in Sage 300',
      },
    };
  }
  const rate = intacctRate(a.rate, a.rateOperator);
  if (rate === undefined) {
    return {
      ok: false,
      problem: {
        message: `${a.label}: ${a.currency} amount has no exchange rate (rate "${a.rate}"); Intacct would need a rate for ${a.currency} to ${a.homeCurrency}`,
        fix: `enter the ${a.currency} rate on the Sage 300 ${a.label.startsWith('line') ? 'entry' : 'document'} and post a correction`,
      },
    };
  }
  if (!amount.isZero() && !home.isZero() && amount.isNegative() !== home.isNegative()) {
    return {
      ok: false,
      problem: {
        message: `${a.label}: ${a.currency} amount ${a.amount} and home amount ${a.homeAmount} have opposite signs`,
        fix: 'correct the entry in Sage 300 so the source and home amounts are on the same side',
      },
    };
  }
  const base = amount.abs().times(rate).toDecimalPlaces(2, Money.ROUND_HALF_UP);
  const homeAbs = home.abs().toDecimalPlaces(2, Money.ROUND_HALF_UP);
  const difference = base.minus(homeAbs);
  const tolerance = new Money(options.baseTolerance);
  if (difference.abs().greaterThan(tolerance)) {
    return {
      ok: false,
      problem: {
        message:
          `${a.label}: Intacct would book ${a.currency} ${formatAmount(amount.abs())} x ${rate.toFixed()} = ${a.homeCurrency} ${formatAmount(base)}, ` +
          `Sage 300's home amount is ${formatAmount(homeAbs)} (difference ${formatAmount(difference)}, tolerance ${options.baseTolerance})`,
        fix:
          `correct the rate or the home amount in Sage 300 and post a correction; if the difference is an accepted rounding, ` +
          `raise sage300.companies[].currency.baseTolerance`,
      },
    };
  }
  return { ok: true, value: { rate: rate.toFixed(), base, difference } };
}

/** Sage 300 date (ISO) → Intacct mm/dd/yyyy. */
export const usDate = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
