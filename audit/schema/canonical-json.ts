// A lone UTF-16 surrogate cannot be stored as UTF-8 text: SQLite would keep a replacement character, and the
// stored row would no longer hash to what was hashed before the insert.
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Serialises a value with object keys sorted by UTF-16 code units and no whitespace (the RFC 8785 / JCS rules for
 * the values we accept), so the same data always gives the same text. This is the project's one specification of
 * canonical JSON: src/core keeps a faster writer for payloads and digests, property-tested against this one. Throws on anything plain JSON cannot carry
 * faithfully: undefined, functions, symbols, bigint, NaN/Infinity, class instances, lone surrogates.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function writeString(text: string, path: string): string {
  if (LONE_SURROGATE.test(text)) throw new TypeError(`canonicalJson: ${path} contains a lone UTF-16 surrogate`);
  return JSON.stringify(text);
}

function write(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot carry`);
      // JSON.stringify writes the shortest round-tripping form and -0 as 0, as JCS prescribes.
      return JSON.stringify(value);
    case 'object': {
      // Array.from visits holes (as undefined, refused) where map would skip them and join would write `[1,,3]`.
      if (Array.isArray(value)) return `[${Array.from(value, (v: unknown, i) => write(v, `${path}[${i}]`)).join(',')}]`;
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const name = (value.constructor as { name?: string } | undefined)?.name ?? 'non-plain object';
        throw new TypeError(`canonicalJson: ${path} is a ${name}; convert it to plain JSON first`);
      }
      const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const parts = keys.map((k) => `${writeString(k, `${path} key`)}:${write((value as Record<string, unknown>)[k], `${path}.${k}`)}`);
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} is ${typeof value}, which JSON cannot carry`);
  }
}
