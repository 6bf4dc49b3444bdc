import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { scanXml, type XmlElement } from '../../platform/xml-scan.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** One element of a parsed request: the fast scanner's element type, so both paths build the same tree. */
export type XNode = XmlElement;

/** A record field value: text, a nested group (DISPLAYCONTACT) or repeated elements (lines). */
type FieldValue = string | FieldObject | FieldValue[];
export interface FieldObject {
  [name: string]: FieldValue;
}

export type ParseOutcome = Result<XNode, string>;

type OrderedNode = Record<string, unknown>;

function convert(raw: OrderedNode): XNode | string | undefined {
  if ('#text' in raw) return String(raw['#text']);
  const attrsRaw = (raw[':@'] ?? {}) as Record<string, unknown>;
  const name = Object.keys(raw).find((k) => k !== ':@');
  if (name === undefined || name.startsWith('?')) return undefined;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrsRaw)) attrs[k.replace(/^@_/, '')] = String(v);
  const children: XNode[] = [];
  let text = '';
  for (const child of (raw[name] ?? []) as OrderedNode[]) {
    const converted = convert(child);
    if (typeof converted === 'string') text += converted;
    else if (converted) children.push(converted);
  }
  return { name, attrs, children, text: text.trim() };
}

/**
 * Parses request XML strictly: well-formedness first (the parser itself is lenient), no DTDs (entity
 * expansion is an attack surface and the gateway never needs one), exactly one root element. Plain documents take
 * the fast scanner, which gives the same tree in a fraction of the time; everything else the full parser below.
 */
export function parseXml(body: string): ParseOutcome {
  const root = scanXml(body);
  return root ? ok(root) : parseXmlFully(body);
}

/** The validator and parser on their own: the reference the fast scanner is tested against. */
export function parseXmlFully(body: string): ParseOutcome {
  if (/<!DOCTYPE/i.test(body)) return err('DOCTYPE declarations are not allowed');
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    return err(`${valid.err.msg} (line ${valid.err.line}, col ${valid.err.col})`);
  }
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    ignoreDeclaration: true,
  });
  const doc = parser.parse(body) as OrderedNode[];
  const roots = doc.map(convert).filter((n): n is XNode => typeof n === 'object');
  const root = roots[0];
  if (!root || roots.length !== 1) return err('expected exactly one root element');
  return ok(root);
}

export function child(node: XNode, name: string): XNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function childText(node: XNode, name: string): string | undefined {
  return child(node, name)?.text;
}

/** Converts an object element (`<VENDOR>…</VENDOR>`) into field values; repeated children become arrays. */
export function toFieldObject(node: XNode): FieldObject {
  const out: FieldObject = {};
  for (const c of node.children) {
    const value: FieldValue = c.children.length > 0 ? toFieldObject(c) : c.text;
    const existing = out[c.name];
    if (existing === undefined) out[c.name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else out[c.name] = [existing, value];
  }
  return out;
}

/** Reads a scalar field; nested groups and lists count as absent. */
export function scalar(rec: FieldObject, name: string): string | undefined {
  const v = rec[name];
  return typeof v === 'string' ? v : undefined;
}

/** Reads a dotted path (`DISPLAYCONTACT.EMAIL1`) as text; undefined when missing or not scalar. */
export function pathValue(rec: FieldObject, path: string): string | undefined {
  let cur: FieldValue | undefined = rec;
  for (const part of path.split('.')) {
    if (cur === undefined || typeof cur === 'string' || Array.isArray(cur)) return undefined;
    cur = cur[part];
  }
  return typeof cur === 'string' ? cur : undefined;
}

/** `<ENTRIES><GLENTRY/>…</ENTRIES>` → list of line objects, whether one or many were sent. */
export function lines(rec: FieldObject, wrapper: string, item: string): FieldObject[] {
  const group = rec[wrapper];
  if (group === undefined || typeof group === 'string' || Array.isArray(group)) return [];
  const items = group[item];
  const list = items === undefined ? [] : Array.isArray(items) ? items : [items];
  return list.filter((x): x is FieldObject => typeof x === 'object' && !Array.isArray(x));
}
