/**
 * JSON as the emulator sees it: numbers keep their exact text (amounts are DECIMAL(19,3); a double would round
 * them) and parse errors carry a position, so a 400 can say where the body went wrong.
 */
import { err, ok, type Result } from '../../domain/result.ts';

/** A JSON number token, exactly as written. */
export class JsonNumber {
  constructor(readonly text: string) {}
  get isInteger(): boolean {
    return /^-?\d+$/.test(this.text);
  }
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | { [key: string]: JsonValue };

export type JsonParse = Result<JsonValue, string>;

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Cursor {
  i = 0;
  constructor(readonly text: string) {}
  ws(): void {
    while (this.i < this.text.length && ' \t\r\n'.includes(this.text[this.i]!)) this.i++;
  }
  fail(what: string): never {
    throw new SyntaxError(`${what} at position ${this.i}`);
  }
}

function parseValue(c: Cursor, depth: number): JsonValue {
  if (depth > 64) c.fail('nesting too deep');
  c.ws();
  const ch = c.text[c.i];
  if (ch === '{') {
    c.i++;
    const obj: Record<string, JsonValue> = {};
    c.ws();
    if (c.text[c.i] === '}') {
      c.i++;
      return obj;
    }
    for (;;) {
      c.ws();
      if (c.text[c.i] !== '"') c.fail('expected a property name');
      const key = parseString(c);
      c.ws();
      if (c.text[c.i] !== ':') c.fail("expected ':'");
      c.i++;
      obj[key] = parseValue(c, depth + 1);
      c.ws();
      if (c.text[c.i] === ',') c.i++;
      else if (c.text[c.i] === '}') {
        c.i++;
        return obj;
      } else c.fail("expected ',' or '}'");
    }
  }
  if (ch === '[') {
    c.i++;
    const arr: JsonValue[] = [];
    c.ws();
    if (c.text[c.i] === ']') {
      c.i++;
      return arr;
    }
    for (;;) {
      arr.push(parseValue(c, depth + 1));
      c.ws();
      if (c.text[c.i] === ',') c.i++;
      else if (c.text[c.i] === ']') {
        c.i++;
        return arr;
      } else c.fail("expected ',' or ']'");
    }
  }
  if (ch === '"') return parseString(c);
  for (const [word, value] of [
    ['true', true],
    ['false', false],
    ['null', null],
  ] as const) {
    if (c.text.startsWith(word, c.i)) {
      c.i += word.length;
      return value;
    }
  }
  NUMBER_RE.lastIndex = c.i;
  const m = NUMBER_RE.exec(c.text);
  if (!m) c.fail('unexpected character');
  c.i += m[0].length;
  return new JsonNumber(m[0]);
}

function parseString(c: Cursor): string {
  const start = c.i;
  c.i++;
  while (c.i < c.text.length && c.text[c.i] !== '"') {
    if (c.text[c.i] === '\\') c.i++;
    c.i++;
  }
  if (c.i >= c.text.length) c.fail('unterminated string');
  c.i++;
  try {
    return JSON.parse(c.text.slice(start, c.i)) as string;
  } catch {
    c.i = start;
    return c.fail('bad string escape');
  }
}

/** Parses a request body; the message names the position of the first problem. */
export function parseJsonBody(text: string): JsonParse {
  const c = new Cursor(text);
  try {
    const value = parseValue(c, 0);
    c.ws();
    if (c.i !== text.length) c.fail('unexpected data after the JSON value');
    return ok(value);
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
}

/** Serialises a response; JsonNumber is written as its exact text. */
export function stringifyJson(value: unknown): string {
  if (value instanceof JsonNumber) return value.text;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'null';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stringifyJson).join(',')}]`;
  if (typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${JSON.stringify(k)}:${stringifyJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  return 'null';
}

export function isJsonObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}
