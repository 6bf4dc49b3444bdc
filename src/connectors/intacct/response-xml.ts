/**
 * Strict response parsing. The three status levels (control, authentication, result) are checked in order; anything
 * that does not have the documented shape is a `transport` error rather than a guess. Values stay strings.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { scanXmlObject } from '../../platform/xml-scan.ts';
import { makeError, type IntacctErrorDetail } from './errors.ts';
import type { FunctionResult, IntacctRecord, Outcome, ResultStatus } from './types.ts';

interface ParsedControl {
  status: 'success' | 'failure';
  senderId?: string;
  controlId?: string;
  uniqueId?: string;
  dtdVersion?: string;
}

interface ParsedAuthentication {
  status: 'success' | 'failure';
  userId: string;
  companyId: string;
  locationId?: string;
  sessionTimestamp?: string;
  sessionTimeout?: string;
}

export interface ParsedResult extends FunctionResult {
  errors: IntacctErrorDetail[];
}

export interface ParsedResponse {
  control: ParsedControl;
  /** Absent only when control status is failure (nothing ran). */
  authentication?: ParsedAuthentication;
  results: ParsedResult[];
  /** Control-level or authentication-level errors. */
  errors: IntacctErrorDetail[];
}

type Node = Record<string, unknown>;

/** One-vs-many must not change the shape: results, errors and records are always arrays. */
function isArrayPath(tagName: string, jPath: string): boolean {
  return (
    jPath === 'response.operation.result' || jPath.endsWith('.errormessage.error') || jPath === `response.operation.result.data.${tagName}`
  );
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Intacct escapes quotes as numeric references (&#039;); only this option decodes those in fast-xml-parser 5.
  htmlEntities: true,
  isArray: (tagName, jPath) => isArrayPath(tagName, typeof jPath === 'string' ? jPath : String(jPath)),
});

class ShapeError extends Error {}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function node(parent: Node, key: string, where: string): Node {
  const v = parent[key];
  if (v === '' || v === undefined) throw new ShapeError(`missing <${key}> in ${where}`);
  if (!isNode(v)) throw new ShapeError(`<${key}> in ${where} is not an element`);
  return v;
}

/** Text content of a leaf element; `<x/>` and `<x></x>` are ''. */
function textOf(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (isNode(v) && typeof v['#text'] === 'string') return v['#text'];
  if (isNode(v) && Object.keys(v).every((k) => k.startsWith('@_'))) return '';
  return undefined;
}

function requiredText(parent: Node, key: string, where: string): string {
  const t = textOf(parent[key]);
  if (t === undefined) throw new ShapeError(`missing or non-text <${key}> in ${where}`);
  return t;
}

function optionalText(parent: Node, key: string): string | undefined {
  return textOf(parent[key]);
}

function status2(value: string, where: string): 'success' | 'failure' {
  if (value === 'success' || value === 'failure') return value;
  throw new ShapeError(`unexpected status "${value}" in ${where}`);
}

function errorsOf(parent: Node): IntacctErrorDetail[] {
  const em = parent.errormessage;
  if (em === undefined || em === '') return [];
  if (!isNode(em)) throw new ShapeError('<errormessage> is not an element');
  const list = em.error;
  if (list === undefined) return [];
  if (!Array.isArray(list)) throw new ShapeError('<error> list has an unexpected shape');
  return list.map((e: unknown) => {
    if (!isNode(e)) return { description2: textOf(e) ?? '' };
    const d: IntacctErrorDetail = {};
    for (const k of ['errorno', 'description', 'description2', 'correction'] as const) {
      const t = optionalText(e, k);
      if (t !== undefined && t !== '') d[k] = t;
    }
    return d;
  });
}

function intAttr(data: Node, name: string): number | undefined {
  const v = data[`@_${name}`];
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new ShapeError(`data attribute ${name}=${JSON.stringify(v)} is not a count`);
  return Number(v);
}

function toRecord(v: unknown): IntacctRecord {
  if (isNode(v)) return v;
  // `<vendor/>` parses as ''; a record with no fields is still a record.
  return {};
}

function parseResult(r: unknown, index: number): ParsedResult {
  const where = `result #${index + 1}`;
  if (!isNode(r)) throw new ShapeError(`${where} is not an element`);
  const status = requiredText(r, 'status', where);
  if (status !== 'success' && status !== 'failure' && status !== 'aborted') {
    throw new ShapeError(`unexpected status "${status}" in ${where}`);
  }
  const result: ParsedResult = {
    status: status satisfies ResultStatus,
    function: requiredText(r, 'function', where),
    controlId: requiredText(r, 'controlid', where),
    alreadyApplied: false,
    data: [],
    errors: errorsOf(r),
  };
  const key = optionalText(r, 'key');
  if (key !== undefined) result.key = key;
  const data = r.data;
  if (isNode(data)) {
    const listType = data['@_listtype'];
    if (typeof listType === 'string') result.listType = listType;
    const count = intAttr(data, 'count');
    const totalCount = intAttr(data, 'totalcount');
    const numRemaining = intAttr(data, 'numremaining');
    const offset = intAttr(data, 'offset');
    if (count !== undefined) result.count = count;
    if (totalCount !== undefined) result.totalCount = totalCount;
    if (numRemaining !== undefined) result.numRemaining = numRemaining;
    if (offset !== undefined) result.offset = offset;
    const resultId = data['@_resultId'];
    if (typeof resultId === 'string' && resultId !== '') result.resultId = resultId;
    for (const [tag, children] of Object.entries(data)) {
      if (tag.startsWith('@_') || tag === '#text') continue;
      if (!Array.isArray(children)) throw new ShapeError(`data child <${tag}> has an unexpected shape`);
      for (const c of children) result.data.push(toRecord(c));
    }
  } else if (data !== undefined && data !== '') {
    throw new ShapeError(`<data> in ${where} is not an element`);
  }
  return result;
}

/** The parsed document: plain bodies through the one-pass scanner, anything else through validator and parser. */
function parseDocument(xml: string): unknown {
  return scanXmlObject(xml, isArrayPath) ?? parseDocumentFully(xml);
}

/** Validator and parser alone: the reference the scanner is tested against. */
export function parseDocumentFully(xml: string): unknown {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new ShapeError(`malformed XML (line ${valid.err.line}, col ${valid.err.col}): ${valid.err.msg}`);
  }
  return parser.parse(xml);
}

function parseOrThrow(xml: string): ParsedResponse {
  const doc = parseDocument(xml);
  if (!isNode(doc) || !isNode(doc.response)) throw new ShapeError('root element is not <response>');
  const response = doc.response;
  const controlNode = node(response, 'control', '<response>');
  const control: ParsedControl = { status: status2(requiredText(controlNode, 'status', '<control>'), '<control>') };
  const senderId = optionalText(controlNode, 'senderid');
  const controlId = optionalText(controlNode, 'controlid');
  const uniqueId = optionalText(controlNode, 'uniqueid');
  const dtdVersion = optionalText(controlNode, 'dtdversion');
  if (senderId !== undefined) control.senderId = senderId;
  if (controlId !== undefined) control.controlId = controlId;
  if (uniqueId !== undefined) control.uniqueId = uniqueId;
  if (dtdVersion !== undefined) control.dtdVersion = dtdVersion;

  if (control.status === 'failure') return { control, results: [], errors: errorsOf(response) };

  if (Array.isArray(response.operation)) throw new ShapeError('more than one <operation> in the response');
  const operation = node(response, 'operation', '<response>');
  const authNode = node(operation, 'authentication', '<operation>');
  const authentication: ParsedAuthentication = {
    status: status2(requiredText(authNode, 'status', '<authentication>'), '<authentication>'),
    userId: optionalText(authNode, 'userid') ?? '',
    companyId: optionalText(authNode, 'companyid') ?? '',
  };
  for (const [key, prop] of [
    ['locationid', 'locationId'],
    ['sessiontimestamp', 'sessionTimestamp'],
    ['sessiontimeout', 'sessionTimeout'],
  ] as const) {
    const t = optionalText(authNode, key);
    if (t !== undefined) authentication[prop] = t;
  }
  if (authentication.status === 'failure') return { control, authentication, results: [], errors: errorsOf(operation) };

  const rawResults = operation.result;
  if (rawResults !== undefined && !Array.isArray(rawResults)) throw new ShapeError('<result> list has an unexpected shape');
  const results = (rawResults ?? []).map(parseResult);
  return { control, authentication, results, errors: errorsOf(operation) };
}

/** Parses a gateway response. A malformed or unexpected body is a `transport` error with the reason. */
export function parseResponseXml(xml: string): Outcome<ParsedResponse> {
  try {
    return { ok: true, value: parseOrThrow(xml) };
  } catch (err) {
    if (err instanceof ShapeError) {
      return { ok: false, error: makeError({ code: 'transport', context: 'unexpected Intacct response', text: err.message }) };
    }
    // fast-xml-parser throws plain Errors for some inputs the validator accepted (e.g. entity limits).
    if (err instanceof Error) {
      return { ok: false, error: makeError({ code: 'transport', context: 'unparseable Intacct response', text: err.message }) };
    }
    throw err;
  }
}
