import { createHash } from 'node:crypto';
import type { JsonValue } from '../../domain/json.ts';

// JsonValue is domain vocabulary (ports use it); re-exported here, where it was first declared.
export type { JsonValue } from '../../domain/json.ts';

/**
 * Serialises a value with object keys sorted (UTF-16 order, as RFC 8785) and no whitespace, so the same data always
 * gives the same text and therefore the same digest. Throws on values JSON cannot carry faithfully — and on
 * fractional numbers, because a float in a payload means money escaped decimal handling.
 */
export function canonicalJson(value: JsonValue): string {
  // A value already in canonical order (every object's keys sorted, nothing JSON would drop or render specially) is
  // exactly what the engine's own JSON.stringify writes, at a fraction of the cost of writing it member by member.
  if (inCanonicalOrder(value)) return JSON.stringify(value);
  try {
    return writeValue(value);
  } catch (error) {
    if (error instanceof Refusal) throw new TypeError(`canonicalJson: $${error.path} ${error.problem}`);
    throw error;
  }
}

/** sha256 hex of `canonicalJson(value)`: the digest approvals bind to. */
export function digestOf(value: JsonValue): string {
  return digestOfText(canonicalJson(value));
}

/** sha256 hex of text that is already canonical JSON (so a caller storing the text need not serialise twice). */
export function digestOfText(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/**
 * Whether JSON.stringify(value) is its canonical text: plain objects whose own keys are in UTF-16 order (integer-like
 * keys, which engines list first, fail that check unless they sort there anyway) with no undefined member, arrays
 * without holes or undefined, safe-integer numbers, strings, booleans and null. Anything else is left to writeValue.
 */
function inCanonicalOrder(value: unknown): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isSafeInteger(value);
    case 'object': {
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !inCanonicalOrder(value[i])) return false;
        return Object.getPrototypeOf(value) === Array.prototype;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      const record = value as Record<string, unknown>;
      let previous: string | undefined;
      for (const key in record) {
        // for-in also walks inherited enumerable keys; a plain object's prototype has none, so these are own keys.
        if (previous !== undefined && previous >= key) return false;
        const member = record[key];
        if (member === undefined || !inCanonicalOrder(member)) return false;
        previous = key;
      }
      return true;
    }
    default:
      return false;
  }
}

/**
 * What `writeValue` refuses and why. Each enclosing array or object prepends its step while the refusal unwinds, so
 * the path (e.g. `$.lines[2].amount`) is built only when something is refused: payloads are serialised several times
 * per sync (keys, plan, change-set digest), and a path string per member was most of the cost.
 */
class Refusal extends Error {
  path = '';
  constructor(readonly problem: string) {
    super(problem);
  }
}

function within(error: unknown, step: string): unknown {
  if (error instanceof Refusal) error.path = step + error.path;
  return error;
}

function writeValue(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new Refusal(`is ${value}; only safe integers are allowed, amounts must be decimal strings`);
      return String(value);
    case 'object':
      return Array.isArray(value) ? writeArray(value) : writeObject(value);
    default:
      throw new Refusal(`is a ${typeof value}, which JSON cannot carry`);
  }
}

function writeArray(array: readonly unknown[]): string {
  let out = '[';
  let i = 0;
  try {
    for (; i < array.length; i++) {
      // JSON.stringify would write null for either; a payload with a gap is a bug upstream, not data.
      if (!(i in array)) throw new Refusal('is a hole in a sparse array');
      if (array[i] === undefined) throw new Refusal('is undefined');
      out += i === 0 ? writeValue(array[i]) : `,${writeValue(array[i])}`;
    }
  } catch (error) {
    throw within(error, `[${i}]`);
  }
  return `${out}]`;
}

function writeObject(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new Refusal(
      `is a ${(value.constructor as { name?: string } | undefined)?.name ?? 'non-plain object'}; convert it to plain JSON first`,
    );
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, as RFC 8785 orders keys. Planners build payloads in that order
  // already, so a linear check usually spares the sort.
  const keys = Object.keys(record);
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys.sort();
      break;
    }
  }
  let out = '{';
  let key = '';
  try {
    for (key of keys) {
      const v = record[key];
      if (v === undefined) continue;
      out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${writeValue(v)}`;
    }
  } catch (error) {
    throw within(error, `.${key}`);
  }
  return `${out}}`;
}

/** Parses JSON text read back from the state DB (written by canonicalJson, so trusted). */
export function parseStoredJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}
