/**
 * A fast single-pass reader for plain XML: elements, quoted attributes, text and the five predefined entities, which
 * is all the Intacct client's requests and the gateway's responses ever contain. It answers `undefined` for anything
 * outside that subset or anything malformed, and the caller then runs its full validator and parser, so odd bodies,
 * their errors and their messages stay the parser's. Whatever it does accept must come out exactly as that parser
 * would build it; xml-scan.test.ts checks so by fuzzing against both callers' parsers (the emulator's request tree and
 * the client's fast-xml-parser object). One copy here, because the emulator may not import the client it emulates for.
 */

/** One element of a scanned document, children in document order (order matters for DTD validation). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated text content directly inside this element (trimmed). */
  text: string;
}

/** Decides which elements are always arrays, with fast-xml-parser's (tagName, jPath) arguments. */
export type IsArray = (tagName: string, jPath: string) => boolean;

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Names the full parsers refuse or rename (prototype pollution guards): left to them. */
const RESERVED = new Set([
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_RE = /&(lt|gt|amp|quot|apos);/g;
const DECLARATIONS = ['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>'];

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 9;
const validName = (name: string): boolean => NAME_RE.test(name) && !RESERVED.has(name);

/** Text as the full parsers keep it (trimmed, then entities decoded); undefined when it needs the full parser. */
function decodeText(raw: string): string | undefined {
  // Control characters, CR (line-end normalisation), '<' and '>' are legal or not in ways not worth repeating here.
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 32 && c !== 10 && c !== 9) || c === 60 || c === 62) return undefined;
  }
  const trimmed = raw.trim();
  if (!trimmed.includes('&')) return trimmed;
  // An '&' that does not start one of the five entities (numeric references, HTML names): full parser.
  if (trimmed.replace(ENTITY_RE, '').includes('&')) return undefined;
  return trimmed.replace(ENTITY_RE, (_m: string, name: string) => ENTITIES[name]!);
}

/** Parses `<name attr="v" …>` starting after '<'; returns the element, whether it self-closes and where it ends. */
function openTag(s: string, from: number): { node: XmlElement; selfClosing: boolean; end: number } | undefined {
  const gt = s.indexOf('>', from);
  if (gt < 0) return undefined;
  let body = s.slice(from, gt);
  const selfClosing = body.endsWith('/');
  if (selfClosing) body = body.slice(0, -1);
  let i = 0;
  while (i < body.length && !isWs(body.charCodeAt(i))) i++;
  const name = body.slice(0, i);
  if (!validName(name)) return undefined;
  const attrs: Record<string, string> = {};
  for (;;) {
    const start = i;
    while (i < body.length && isWs(body.charCodeAt(i))) i++;
    if (i >= body.length) break;
    if (i === start) return undefined; // attributes must be separated by whitespace
    const eq = body.indexOf('=', i);
    if (eq < 0) return undefined;
    const attrName = body.slice(i, eq);
    // `in`, not hasOwn: names inherited from Object.prototype (isPrototypeOf…) go to the full parser too.
    if (!validName(attrName) || attrName in attrs) return undefined;
    const quote = body.charCodeAt(eq + 1);
    if (quote !== 34 && quote !== 39) return undefined;
    const close = body.indexOf(quote === 34 ? '"' : "'", eq + 2);
    if (close < 0) return undefined;
    const value = decodeText(body.slice(eq + 2, close));
    if (value === undefined) return undefined;
    attrs[attrName] = value;
    i = close + 1;
  }
  return { node: { name, attrs, children: [], text: '' }, selfClosing, end: gt + 1 };
}

/** The document's root element, or undefined when the body is not in the plain subset (or not well-formed). */
export function scanXml(s: string): XmlElement | undefined {
  let i = 0;
  if (s.startsWith('<?')) {
    const decl = DECLARATIONS.find((d) => s.startsWith(d));
    if (!decl) return undefined;
    i = decl.length;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const raw = s.slice(i, lt < 0 ? s.length : lt);
    const top = stack.at(-1);
    if (top) {
      const text = decodeText(raw);
      if (text === undefined) return undefined;
      // Mixed content (text beside child elements) never occurs in requests or responses; the full parser decides it.
      if (text !== '' && top.children.length > 0) return undefined;
      top.text += text;
    } else if (/[^ \n\t]/.test(raw)) {
      return undefined;
    }
    if (lt < 0) break;
    const next = s.charCodeAt(lt + 1);
    if (next === 47 /* '/' */) {
      const gt = s.indexOf('>', lt + 2);
      const open = stack.pop();
      if (gt < 0 || !open || s.slice(lt + 2, gt) !== open.name) return undefined;
      i = gt + 1;
      continue;
    }
    if (next === 33 /* '!' */ || next === 63 /* '?' */) return undefined; // comments, CDATA, DOCTYPE, PIs
    const tag = openTag(s, lt + 1);
    if (!tag) return undefined;
    const parent = stack.at(-1);
    if (parent) {
      if (parent.text !== '') return undefined; // mixed content, as above
      parent.children.push(tag.node);
    } else {
      if (root) return undefined; // a second root element
      root = tag.node;
    }
    if (!tag.selfClosing) stack.push(tag.node);
    i = tag.end;
  }
  return stack.length === 0 ? root : undefined;
}

/** fast-xml-parser's compression of one element: text, '' when empty, else an object of children and attributes. */
function compress(node: XmlElement, path: string, isArray: IsArray): unknown {
  const obj: Record<string, unknown> = {};
  for (const child of node.children) {
    const childPath = `${path}.${child.name}`;
    const value = compress(child, childPath, isArray);
    const existing = obj[child.name];
    if (existing !== undefined) {
      if (Array.isArray(existing)) existing.push(value);
      else obj[child.name] = [existing, value];
    } else {
      obj[child.name] = isArray(child.name, childPath) ? [value] : value;
    }
  }
  if (node.text !== '') obj['#text'] = node.text;
  const attrs = Object.entries(node.attrs);
  if (attrs.length > 0) {
    for (const [name, value] of attrs) {
      const key = `@_${name}`;
      obj[key] = isArray(key, `${path}.${name}`) ? [value] : value;
    }
    return obj;
  }
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '#text') return node.text;
  return keys.length === 0 ? '' : obj;
}

/**
 * The object fast-xml-parser builds (attributes as `@_name`, text as `#text`, values unparsed, `isArray` deciding the
 * always-array elements), e.g. `{ response: … }`; undefined when the body needs the full validator and parser.
 */
export function scanXmlObject(xml: string, isArray: IsArray): Record<string, unknown> | undefined {
  const root = scanXml(xml);
  if (!root) return undefined;
  const value = compress(root, root.name, isArray);
  return { [root.name]: isArray(root.name, root.name) ? [value] : value };
}
