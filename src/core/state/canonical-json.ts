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
    return writeFast(value);
  } catch (error) {
    // The fast writer does not track where it is; the careful one throws the same refusal with the exact path.
    if (error === REFUSED) return write(value, '$');
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
 * canonicalJson of a plain object whose member values are given as canonical JSON texts already (e.g. a payload as
 * stored), so a stored payload can be hashed inside a larger document without parsing and re-serialising it.
 */
export function canonicalObjectOfTexts(members: Readonly<Record<string, string>>): string {
  const keys = Object.keys(members).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${members[k]!}`).join(',')}}`;
}

/** digestOf an array given as the canonical texts of its elements, hashed piece by piece without joining them. */
export function digestOfArrayTexts(elements: Iterable<string>): string {
  const hash = createHash('sha256');
  let first = true;
  hash.update('[', 'utf8');
  for (const element of elements) {
    hash.update(first ? element : `,${element}`, 'utf8');
    first = false;
  }
  return hash.update(']', 'utf8').digest('hex');
}

/**
 * Whether JSON.stringify(value) is its canonical text: plain objects whose own keys are in UTF-16 order (integer-like
 * keys, which engines list first, fail that check unless they sort there anyway) with no undefined member, arrays
 * without holes or undefined, safe-integer numbers, strings, booleans and null. Anything else is left to writeFast.
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

/** Thrown by `writeFast` for anything `write` refuses (or renders specially), so `write` can say exactly what. */
const REFUSED = new Error('canonicalJson: refused');

/**
 * `write` without path bookkeeping: payloads are serialised several times per sync (keys, plan, change-set digest),
 * and building a JSONPath string for every member was most of the cost. Must produce exactly what `write` does.
 */
function writeFast(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw REFUSED;
      return String(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) {
          // A hole or undefined element: `write` refuses or renders it its own way.
          if (!(i in value) || value[i] === undefined) throw REFUSED;
          out += i === 0 ? writeFast(value[i]) : `,${writeFast(value[i])}`;
        }
        return `${out}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) throw REFUSED;
      const record = value as Record<string, unknown>;
      // Default sort compares UTF-16 code units, the same order as write's comparator. Planners build payloads in
      // that order already, so a linear check usually spares the sort.
      const keys = Object.keys(record);
      for (let i = 1; i < keys.length; i++) {
        if (keys[i - 1]! > keys[i]!) {
          keys.sort();
          break;
        }
      }
      let out = '{';
      for (const key of keys) {
        const v = record[key];
        if (v === undefined) continue;
        out += `${out.length === 1 ? '' : ','}${JSON.stringify(key)}:${writeFast(v)}`;
      }
      return `${out}}`;
    }
    default:
      throw REFUSED;
  }
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) {
        throw new TypeError(`canonicalJson: ${path} is ${value}; only safe integers are allowed, amounts must be decimal strings`);
      }
      return String(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v, i) => {
          if (v === undefined) throw new TypeError(`canonicalJson: ${path}[${i}] is undefined`);
          return write(v, `${path}[${i}]`);
        }).join(',')}]`;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new TypeError(`canonicalJson: ${path} is a ${(value.constructor as { name?: string } | undefined)?.name ?? 'non-plain object'}; convert it to plain JSON first`);
      }
      const entries = Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, `${path}.${k}`)}`).join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is a ${typeof value}, which JSON cannot carry`);
  }
}

/** Parses JSON text read back from the state DB (written by canonicalJson, so trusted). */
export function parseStoredJson(text: string): JsonValue {
  return JSON.parse(text) as JsonValue;
}
