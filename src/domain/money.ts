import { Decimal } from 'decimal.js';

/** Decimal arithmetic for money: never a JS float. Sage 300 stores DECIMAL(19,3); Intacct takes 2 decimals. */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = InstanceType<typeof Money>;

const AMOUNT_RE = /^-?\d{1,16}(\.\d{1,10})?$/;

/** Parses a textual amount strictly ("1234.50", "-7"); returns undefined for anything else (no exponents, no commas). */
export function parseAmount(text: string): Money | undefined {
  const trimmed = text.trim();
  if (!AMOUNT_RE.test(trimmed)) return undefined;
  return new Money(trimmed);
}

/** Whether `parseAmount` accepts the text, without building the Decimal (for columns that are only validated). */
export function isAmountText(text: string): boolean {
  return AMOUNT_RE.test(text.trim());
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Whether `parseAmount(text).toFixed(decimals)` is `text` itself: digits with no leading zero, exactly `decimals`
 * places, no blanks. A minus on a zero integer part is left to Decimal, whose sign there depends on the digits
 * ("-0.000" renders "0.000", "-0.0004" at 3 places renders "-0.000").
 */
function isFixedText(text: string, decimals: number): boolean {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const start = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const whole = i - start;
  if (whole === 0 || whole > 16 || (whole > 1 && text.charCodeAt(start) === 48) || (start === 1 && text.charCodeAt(1) === 48)) return false;
  if (decimals === 0) return i === n;
  if (text.charCodeAt(i) !== 46 || n - i - 1 !== decimals) return false;
  for (i++; i < n; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

/**
 * `parseAmount(text)?.toFixed(decimals)` (half-up), exact; undefined where `parseAmount` refuses the text. Text already
 * in that fixed form (how DECIMAL(19,3) columns arrive at 3 places) is returned as is, with no Decimal built.
 */
export function fixedAmountText(text: string, decimals: number): string | undefined {
  if (Number.isInteger(decimals) && decimals >= 0 && decimals <= 10 && isFixedText(text, decimals)) return text;
  return parseAmount(text)?.toFixed(decimals);
}

/** Renders an amount with a fixed number of decimals, half-up. */
export function formatAmount(value: Money, decimals = 2): string {
  return value.toFixed(decimals, Decimal.ROUND_HALF_UP);
}

/** Sums amounts exactly. */
export function sumAmounts(values: Iterable<Money>): Money {
  let total = new Money(0);
  for (const v of values) total = total.plus(v);
  return total;
}

const UNITS_RE = /^(-?)(\d{1,16})(?:\.(\d{1,10}))?$/;

/**
 * A textual amount as integer minor units at `decimals` places, rounded half away from zero (what `formatAmount`
 * does to the magnitude): exact bigint arithmetic for hot loops that would otherwise allocate Decimals per line.
 * undefined for anything `parseAmount` would refuse.
 */
export function toMinorUnits(text: string, decimals = 2): bigint | undefined {
  const m = UNITS_RE.exec(text.trim());
  if (!m) return undefined;
  const [, sign, whole, frac = ''] = m as unknown as [string, string, string, string | undefined];
  let units = BigInt(whole + frac.padEnd(decimals, '0').slice(0, decimals));
  if (frac.length > decimals && frac.charCodeAt(decimals) - 48 >= 5) units += 1n;
  return sign === '-' ? -units : units;
}

/** Minor units back to a fixed-decimals text ("-12.30" for -1230n at 2). */
export function formatMinorUnits(units: bigint, decimals = 2): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const text = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative ? `-${text}` : text;
}
