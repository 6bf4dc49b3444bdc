/**
 * Helpers for fast-xml-parser's `preserveOrder` builder tree. Intacct validates element order against the DTD, and
 * repeated siblings (e.g. several `<value>`) must stay in place, so every request is built as ordered nodes.
 */
import type { IntacctRecord } from './types.ts';

/** An element `{ [name]: children, ':@'?: attributes }` or a text node `{ '#text': value }`. */
export type XmlNode = Record<string, unknown>;

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function checkName(name: string): string {
  // An element name comes from code or mapping data; an invalid one is a bug, and must never reach the wire.
  if (!NAME_RE.test(name)) throw new TypeError(`invalid XML element name: ${JSON.stringify(name)}`);
  return name;
}

export function text(value: string): XmlNode {
  return { '#text': value };
}

export function el(name: string, children: XmlNode[] = [], attributes?: Record<string, string>): XmlNode {
  const node: XmlNode = { [checkName(name)]: children };
  if (attributes && Object.keys(attributes).length > 0) {
    node[':@'] = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [`@_${checkName(k)}`, v]));
  }
  return node;
}

export function leaf(name: string, value: string): XmlNode {
  return el(name, value === '' ? [] : [text(value)]);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Scalar to wire text. Non-integer numbers are refused: amounts must travel as exact decimal strings. */
function scalarText(name: string, v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new TypeError(`field ${name}: pass non-integer numbers as strings (got ${v})`);
    return String(v);
  }
  // decimal.js and similar: toFixed() without arguments never uses exponent notation.
  if (typeof v === 'object' && v !== null && typeof (v as { toFixed?: unknown }).toFixed === 'function') {
    return String((v as { toFixed: () => unknown }).toFixed());
  }
  throw new TypeError(`field ${name}: unsupported value type ${typeof v}`);
}

function valueNodes(name: string, v: unknown): XmlNode[] {
  if (v === undefined) return [];
  if (v === null) return [el(name)];
  if (Array.isArray(v)) return v.flatMap((item) => valueNodes(name, item));
  if (isPlainObject(v)) return [recordElement(name, v)];
  return [leaf(name, scalarText(name, v))];
}

/** Fields in insertion order; `@name` keys become attributes; undefined is omitted, null is an empty element. */
export function recordToNodes(record: IntacctRecord): XmlNode[] {
  return Object.entries(record)
    .filter(([k]) => !k.startsWith('@'))
    .flatMap(([k, v]) => valueNodes(k, v));
}

export function recordElement(name: string, record: IntacctRecord): XmlNode {
  const attributes: Record<string, string> = {};
  for (const [k, v] of Object.entries(record)) {
    if (k.startsWith('@') && v !== undefined && v !== null) attributes[k.slice(1)] = scalarText(k, v);
  }
  return el(name, recordToNodes(record), attributes);
}

/** Thrown by `serializeNodes` for a node shape it leaves to fast-xml-parser's builder. */
export class UnsupportedXmlNode extends Error {}

const ESCAPE_TEST = /[&<>'"]/;
const ESCAPE_ALL = /[&<>'"]/g;
const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&apos;', '"': '&quot;' };

/** Text or attribute value escaped the way the builder does it (all five characters, so also inside attributes). */
function escapeXml(value: string): string {
  return ESCAPE_TEST.test(value) ? value.replace(ESCAPE_ALL, (c) => ESCAPES[c]!) : value;
}

function attributesText(attrs: unknown): string {
  if (attrs === undefined) return '';
  if (typeof attrs !== 'object' || attrs === null) throw new UnsupportedXmlNode('attributes are not an object');
  let out = '';
  for (const [key, value] of Object.entries(attrs)) {
    if (!key.startsWith('@_') || typeof value !== 'string') throw new UnsupportedXmlNode(`attribute ${key}`);
    out += ` ${key.slice(2)}="${escapeXml(value)}"`;
  }
  return out;
}

/**
 * Writes ordered nodes (as built by `el`/`leaf`/`text`) exactly as fast-xml-parser's XMLBuilder does with
 * preserveOrder, format off and suppressEmptyNode off, in one pass: the builder's per-node path matching cost more
 * than everything else in building a 50-entry request. Anything unusual throws `UnsupportedXmlNode`, and the
 * caller falls back to the builder; xml-serialize.test.ts checks the two agree.
 */
export function serializeNodes(nodes: readonly XmlNode[]): string {
  let out = '';
  for (const node of nodes) {
    let name: string | undefined;
    for (const key of Object.keys(node)) {
      if (key !== ':@') {
        name = key;
        break;
      }
    }
    if (name === undefined) continue;
    const content = node[name];
    if (name === '#text') {
      if (typeof content !== 'string') throw new UnsupportedXmlNode('non-string text');
      out += escapeXml(content);
      continue;
    }
    if (name === '?xml') {
      out += `<?xml${attributesText(node[':@'])}?>`;
      continue;
    }
    if (name.startsWith('?') || name.startsWith('#') || !Array.isArray(content)) throw new UnsupportedXmlNode(`node ${name}`);
    out += `<${name}${attributesText(node[':@'])}>${serializeNodes(content as XmlNode[])}</${name}>`;
  }
  return out;
}
