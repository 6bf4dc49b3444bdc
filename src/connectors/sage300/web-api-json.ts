/**
 * JSON for Sage amounts without floats: the Web API carries DECIMAL(19,3) values as JSON numbers, which
 * `JSON.parse` would turn into doubles and `JSON.stringify` could only write from doubles.
 */
import type { Money } from '../../domain/money.ts';

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parses JSON keeping every non-integer (or unsafe-integer) number as its exact decimal text, e.g.
 * `{"Amount": 30.10}` → `{ Amount: '30.10' }`. Safe integers stay numbers. Throws SyntaxError like JSON.parse.
 */
export function parseJsonExact(text: string): unknown {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      out += text.slice(start, i + 1);
      i++;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(text);
      if (!m) throw new SyntaxError(`bad number at position ${i}`);
      const token = m[0];
      const exactInteger = /^-?\d+$/.test(token) && Number.isSafeInteger(Number(token));
      out += exactInteger ? token : `"${token}"`;
      i += token.length;
    } else {
      out += ch;
      i++;
    }
  }
  return JSON.parse(out) as unknown;
}

/** A decimal that must go on the wire as a JSON number with exactly this text. */
export class JsonDecimal {
  constructor(readonly text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new TypeError(`not a decimal: ${text}`);
  }
}

/** Wraps a Money for the wire at Sage's DECIMAL(19,3) scale (or another). */
export function decimal(value: Money, scale = 3): JsonDecimal {
  return new JsonDecimal(value.toFixed(scale));
}

function isMoney(value: unknown): value is Money {
  return typeof value === 'object' && value !== null && typeof (value as { toFixed?: unknown }).toFixed === 'function' && typeof (value as { isFinite?: unknown }).isFinite === 'function';
}

/** Serialises like JSON.stringify, writing each JsonDecimal and Money as a bare exact number; rejects non-finite numbers. */
export function stringifyJsonExact(value: unknown): string {
  if (value instanceof JsonDecimal) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`not a finite number: ${value}`);
    return JSON.stringify(value);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (isMoney(value)) {
    if (!value.isFinite()) throw new TypeError('not a finite amount');
    return value.toFixed();
  }
  if (Array.isArray(value)) return `[${value.map((v) => stringifyJsonExact(v)).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) parts.push(`${JSON.stringify(k)}:${stringifyJsonExact(v)}`);
    }
    return `{${parts.join(',')}}`;
  }
  throw new TypeError(`cannot serialise ${typeof value}`);
}
