/**
 * JSON for Sage amounts without floats: the Web API carries DECIMAL(19,3) values as JSON numbers, which
 * `JSON.parse` would turn into doubles and `JSON.stringify` could only write from doubles. lossless-json hands us
 * each number's source text, so an amount never passes through a double on the way in or out.
 */
import { parse, stringify, type NumberStringifier } from 'lossless-json';
import type { Money } from '../../domain/money.ts';

const INTEGER_RE = /^-?\d+$/;

/** Safe integers (counts, record numbers) stay numbers; any other number keeps its exact text. */
function parseNumber(text: string): number | string {
  return INTEGER_RE.test(text) && Number.isSafeInteger(Number(text)) ? Number(text) : text;
}

/**
 * Parses JSON keeping every non-integer (or unsafe-integer) number as its exact decimal text, e.g.
 * `{"Amount": 30.10}` → `{ Amount: '30.10' }`. Safe integers stay numbers. Throws SyntaxError like JSON.parse,
 * and also for a key repeated with a different value (which of two amounts is meant cannot be guessed).
 */
export function parseJsonExact(text: string): unknown {
  return parse(text, null, parseNumber);
}

/** A decimal that must go on the wire as a JSON number with exactly this text. */
export class JsonDecimal {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new TypeError(`not a decimal: ${text}`);
  }
}

function isMoney(value: unknown): value is Money {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toFixed?: unknown }).toFixed === 'function' &&
    typeof (value as { isFinite?: unknown }).isFinite === 'function'
  );
}

// Tried before lossless-json's own rules, so Money is written from its digits rather than through its toJSON string.
const EXACT_NUMBERS: NumberStringifier[] = [
  { test: (v) => v instanceof JsonDecimal, stringify: (v) => (v as JsonDecimal).text },
  {
    test: isMoney,
    stringify: (v) => {
      if (!(v as Money).isFinite()) throw new TypeError('not a finite amount');
      return (v as Money).toFixed();
    },
  },
  {
    // JSON.stringify would quietly write NaN and Infinity as null, turning a bug into a zero-like amount.
    test: (v) => typeof v === 'number' && !Number.isFinite(v),
    stringify: (v) => {
      throw new TypeError(`not a finite number: ${String(v)}`);
    },
  },
];

/** Serialises like JSON.stringify, writing each JsonDecimal and Money as a bare exact number; rejects non-finite numbers. */
export function stringifyJsonExact(value: unknown): string {
  return stringify(value, null, undefined, EXACT_NUMBERS) ?? 'null';
}
