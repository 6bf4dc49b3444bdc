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
