/**
 * A fast single-pass reader for plain gateway responses (elements, quoted attributes, text and the five predefined
 * entities), producing exactly the object fast-xml-parser builds with response-xml.ts's options. It answers
 * `undefined` for anything outside that subset or anything malformed, and the caller then runs the validator and
 * parser as before, so odd bodies and their error messages stay theirs. response-scan.test.ts checks by fuzzing that
 * whatever it accepts, fast-xml-parser reads into the identical object.
 */

interface ScanNode {
  name: string;
  attrs: [string, string][];
  children: ScanNode[];
  text: string;
}

/** Decides which elements are always arrays, with fast-xml-parser's (tagName, jPath) arguments. */
export type IsArray = (tagName: string, jPath: string) => boolean;

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
/** Names the full parser refuses or renames (prototype pollution guards): left to it. */
const RESERVED = new Set(['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const ENTITY_RE = /&(lt|gt|amp|quot|apos);/g;
const DECLARATIONS = ['<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>'];

const isWs = (c: number): boolean => c === 32 || c === 10 || c === 9;
const validName = (name: string): boolean => NAME_RE.test(name) && !RESERVED.has(name);

/** Text as the full parser keeps it (trimmed, then entities decoded); undefined when it needs the full parser. */
function decodeText(raw: string): string | undefined {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 32 && c !== 10 && c !== 9) || c === 60 || c === 62) return undefined;
  }
  const trimmed = raw.trim();
  if (!trimmed.includes('&')) return trimmed;
  // Numeric references and HTML entity names (decoded with htmlEntities) are left to the full parser.
  if (trimmed.replace(ENTITY_RE, '').includes('&')) return undefined;
  return trimmed.replace(ENTITY_RE, (_m: string, name: string) => ENTITIES[name]!);
}

function openTag(s: string, from: number): { node: ScanNode; selfClosing: boolean; end: number } | undefined {
  const gt = s.indexOf('>', from);
  if (gt < 0) return undefined;
  let body = s.slice(from, gt);
  const selfClosing = body.endsWith('/');
  if (selfClosing) body = body.slice(0, -1);
  let i = 0;
  while (i < body.length && !isWs(body.charCodeAt(i))) i++;
  const name = body.slice(0, i);
  if (!validName(name)) return undefined;
  const attrs: [string, string][] = [];
  for (;;) {
    const start = i;
    while (i < body.length && isWs(body.charCodeAt(i))) i++;
    if (i >= body.length) break;
    if (i === start) return undefined;
    const eq = body.indexOf('=', i);
    if (eq < 0) return undefined;
    const attrName = body.slice(i, eq);
    if (!validName(attrName) || attrs.some(([n]) => n === attrName)) return undefined;
    const quote = body.charCodeAt(eq + 1);
    if (quote !== 34 && quote !== 39) return undefined;
    const close = body.indexOf(quote === 34 ? '"' : "'", eq + 2);
    if (close < 0) return undefined;
    const value = decodeText(body.slice(eq + 2, close));
    if (value === undefined) return undefined;
    attrs.push([attrName, value]);
    i = close + 1;
  }
  return { node: { name, attrs, children: [], text: '' }, selfClosing, end: gt + 1 };
}

function scan(s: string): ScanNode | undefined {
  let i = 0;
  if (s.startsWith('<?')) {
    const decl = DECLARATIONS.find((d) => s.startsWith(d));
    if (!decl) return undefined;
    i = decl.length;
  }
  const stack: ScanNode[] = [];
  let root: ScanNode | undefined;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const raw = s.slice(i, lt < 0 ? s.length : lt);
    const top = stack.at(-1);
    if (top) {
      const text = decodeText(raw);
      if (text === undefined) return undefined;
      // Mixed content never occurs in responses; the full parser decides it.
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
    if (next === 33 /* '!' */ || next === 63 /* '?' */) return undefined;
    const tag = openTag(s, lt + 1);
    if (!tag) return undefined;
    const parent = stack.at(-1);
    if (parent) {
      if (parent.text !== '') return undefined;
      parent.children.push(tag.node);
    } else {
      if (root) return undefined;
      root = tag.node;
    }
    if (!tag.selfClosing) stack.push(tag.node);
    i = tag.end;
  }
  return stack.length === 0 ? root : undefined;
}

/** fast-xml-parser's compression of one element: text, '' when empty, else an object of children and attributes. */
function shape(node: ScanNode, path: string, isArray: IsArray): unknown {
  const obj: Record<string, unknown> = {};
  for (const child of node.children) {
    const childPath = `${path}.${child.name}`;
    const value = shape(child, childPath, isArray);
    const existing = obj[child.name];
    if (existing !== undefined) {
      if (Array.isArray(existing)) existing.push(value);
      else obj[child.name] = [existing, value];
    } else {
      obj[child.name] = isArray(child.name, childPath) ? [value] : value;
    }
  }
  if (node.text !== '') obj['#text'] = node.text;
  if (node.attrs.length > 0) {
    for (const [name, value] of node.attrs) {
      const key = `@_${name}`;
      obj[key] = isArray(key, `${path}.${name}`) ? [value] : value;
    }
    return obj;
  }
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '#text') return node.text;
  return keys.length === 0 ? '' : obj;
}

/** The parsed document (`{ response: … }`), or undefined when the body needs the full validator and parser. */
export function scanResponse(xml: string, isArray: IsArray): Record<string, unknown> | undefined {
  const root = scan(xml);
  if (!root) return undefined;
  return { [root.name]: isArray(root.name, root.name) ? [shape(root, root.name, isArray)] : shape(root, root.name, isArray) };
}
