import type { XNode } from './xml-tree.ts';

/**
 * A fast single-pass reader for the plain XML every client sends (elements, quoted attributes, text and the five
 * predefined entities). It answers `undefined` for anything outside that subset or anything malformed, and the caller
 * then runs the full validator and parser, so errors, edge cases and their messages stay exactly theirs. Whatever it
 * does accept, it must turn into the very tree the full parser builds (xml-scan.test.ts checks that by fuzzing).
 */

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
  // Control characters, CR (line-end normalisation), '<' and '>' are legal or not in ways not worth repeating here.
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c < 32 && c !== 10 && c !== 9) || c === 60 || c === 62) return undefined;
  }
  const trimmed = raw.trim();
  if (!trimmed.includes('&')) return trimmed;
  // An '&' that does not start one of the five entities (numeric references, other names): full parser.
  if (trimmed.replace(ENTITY_RE, '').includes('&')) return undefined;
  return trimmed.replace(ENTITY_RE, (_m: string, name: string) => ENTITIES[name]!);
}

interface Open {
  node: XNode;
  text: string;
}

/** Parses `<name attr="v" …>` starting after '<'; returns the node, whether it self-closes and where it ends. */
function openTag(s: string, from: number): { node: XNode; selfClosing: boolean; end: number } | undefined {
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
export function scanXml(s: string): XNode | undefined {
  let i = 0;
  if (s.startsWith('<?')) {
    const decl = DECLARATIONS.find((d) => s.startsWith(d));
    if (!decl) return undefined;
    i = decl.length;
  }
  const stack: Open[] = [];
  let root: XNode | undefined;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const raw = s.slice(i, lt < 0 ? s.length : lt);
    const top = stack.at(-1);
    if (top) {
      const text = decodeText(raw);
      if (text === undefined) return undefined;
      // Mixed content (text beside child elements) never occurs in requests; the full parser decides it.
      if (text !== '' && top.node.children.length > 0) return undefined;
      top.text += text;
    } else if (/[^ \n\t]/.test(raw)) {
      return undefined;
    }
    if (lt < 0) break;
    const next = s.charCodeAt(lt + 1);
    if (next === 47 /* '/' */) {
      const gt = s.indexOf('>', lt + 2);
      const open = stack.pop();
      if (gt < 0 || !open || s.slice(lt + 2, gt) !== open.node.name) return undefined;
      if (open.text !== '' && open.node.children.length > 0) return undefined;
      open.node.text = open.text;
      i = gt + 1;
      continue;
    }
    if (next === 33 /* '!' */ || next === 63 /* '?' */) return undefined; // comments, CDATA, DOCTYPE, PIs
    const tag = openTag(s, lt + 1);
    if (!tag) return undefined;
    const parent = stack.at(-1);
    if (parent) {
      if (parent.text !== '') return undefined;
      parent.node.children.push(tag.node);
    } else {
      if (root) return undefined; // a second root element
      root = tag.node;
    }
    if (!tag.selfClosing) stack.push({ node: tag.node, text: '' });
    i = tag.end;
  }
  return stack.length === 0 ? root : undefined;
}
