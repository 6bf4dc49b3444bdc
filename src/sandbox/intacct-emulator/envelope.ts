import { isKnownFunction } from './functions.ts';
import { child, childText, parseXml, type XNode } from './xml-node.ts';

/** Request envelope parsing and strict DTD 3.0 order checks (reference §2.1). */

export interface ControlBlock {
  senderId: string;
  password: string;
  controlId: string;
  uniqueId: boolean;
  /** Echoed verbatim: the raw texts of uniqueid/dtdversion when sent. */
  uniqueIdText: string | undefined;
  dtdVersion: string | undefined;
  includeWhitespace: boolean;
}

export type Authentication =
  | { kind: 'login'; userId: string; companyId: string; password: string; clientId: string | undefined; locationId: string | undefined }
  | { kind: 'session'; sessionId: string }
  | { kind: 'oauth' };

export interface FunctionCall {
  controlId: string;
  name: string;
  node: XNode;
}

export interface OperationBlock {
  transaction: boolean;
  auth: Authentication;
  functions: FunctionCall[];
}

/** Whatever could be read from <control>, so even a schema failure echoes the caller's ids. */
interface ControlEcho {
  senderId: string;
  controlId: string;
  uniqueId: string | undefined;
  dtdVersion: string | undefined;
}

export type Envelope =
  { ok: true; control: ControlBlock; operations: OperationBlock[] } | { ok: false; message: string; echo: ControlEcho };

interface Slot {
  name: string;
  min: number;
  max: number;
}

const one = (name: string): Slot => ({ name, min: 1, max: 1 });
const opt = (name: string): Slot => ({ name, min: 0, max: 1 });
const many = (name: string, min: number): Slot => ({ name, min, max: Infinity });

class SchemaError extends Error {}

/** Greedy sequence match; enough for the envelope, whose sequences have no ambiguous choices. */
function checkSequence(parent: XNode, slots: Slot[]): void {
  let i = 0;
  for (const slot of slots) {
    let n = 0;
    while (i < parent.children.length && parent.children[i]!.name === slot.name && n < slot.max) {
      i++;
      n++;
    }
    if (n < slot.min) {
      const found = parent.children[i];
      throw new SchemaError(`<${parent.name}> is missing <${slot.name}>${found ? ` (found <${found.name}> in its place)` : ''}`);
    }
  }
  const extra = parent.children[i];
  if (extra) throw new SchemaError(`unexpected element <${extra.name}> in <${parent.name}> (wrong order or not allowed there)`);
}

function bool(node: XNode, name: string, fallback: boolean): boolean {
  const text = childText(node, name);
  if (text === undefined) return fallback;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new SchemaError(`<${name}> must be true or false, got '${text}'`);
}

function parseControl(control: XNode): ControlBlock {
  checkSequence(control, [
    opt('appid'),
    one('senderid'),
    opt('password'),
    one('controlid'),
    opt('uniqueid'),
    opt('dtdversion'),
    opt('policyid'),
    opt('debug'),
    opt('includewhitespace'),
    opt('showadditionalerrorinfo'),
  ]);
  const controlId = childText(control, 'controlid') ?? '';
  if (controlId.length < 1 || controlId.length > 256) throw new SchemaError('<controlid> must be 1 to 256 characters');
  const dtdVersion = childText(control, 'dtdversion');
  if (dtdVersion !== undefined && dtdVersion !== '3.0') throw new SchemaError(`<dtdversion> ${dtdVersion} is not supported; use 3.0`);
  if (childText(control, 'policyid')) throw new SchemaError('<policyid> (asynchronous delivery) is not emulated');
  return {
    senderId: childText(control, 'senderid') ?? '',
    password: childText(control, 'password') ?? '',
    controlId,
    uniqueId: bool(control, 'uniqueid', false),
    uniqueIdText: childText(control, 'uniqueid'),
    dtdVersion,
    includeWhitespace: bool(control, 'includewhitespace', true),
  };
}

function parseAuthentication(auth: XNode): Authentication {
  const choice = auth.children[0];
  if (auth.children.length !== 1 || !choice)
    throw new SchemaError('<authentication> must contain exactly one of <login>, <sessionid>, <oauth>');
  if (choice.name === 'sessionid') return { kind: 'session', sessionId: choice.text };
  if (choice.name === 'oauth') return { kind: 'oauth' };
  if (choice.name !== 'login') throw new SchemaError(`unexpected element <${choice.name}> in <authentication>`);
  checkSequence(choice, [one('userid'), one('companyid'), one('password'), opt('clientid'), opt('locationid')]);
  return {
    kind: 'login',
    userId: childText(choice, 'userid') ?? '',
    companyId: childText(choice, 'companyid') ?? '',
    password: childText(choice, 'password') ?? '',
    clientId: childText(choice, 'clientid'),
    locationId: childText(choice, 'locationid'),
  };
}

function parseFunction(fn: XNode): FunctionCall {
  const controlId = fn.attrs.controlid;
  if (controlId === undefined) throw new SchemaError('<function> requires the controlid attribute');
  if (controlId.length < 1 || controlId.length > 256) throw new SchemaError('function controlid must be 1 to 256 characters');
  const inner = fn.children[0];
  if (fn.children.length !== 1 || !inner)
    throw new SchemaError(`<function controlid="${controlId}"> must contain exactly one function element`);
  if (!isKnownFunction(inner.name)) throw new SchemaError(`<${inner.name}> is not a valid function element`);
  return { controlId, name: inner.name, node: inner };
}

function parseOperation(op: XNode): OperationBlock {
  checkSequence(op, [one('authentication'), many('preferences', 0), many('content', 0)]);
  const transactionAttr = op.attrs.transaction ?? 'false';
  if (transactionAttr !== 'true' && transactionAttr !== 'false')
    throw new SchemaError(`operation transaction must be true or false, got '${transactionAttr}'`);
  const functions: FunctionCall[] = [];
  for (const content of op.children.filter((c) => c.name === 'content')) {
    checkSequence(content, [many('function', 0)]);
    functions.push(...content.children.map(parseFunction));
  }
  return { transaction: transactionAttr === 'true', auth: parseAuthentication(child(op, 'authentication')!), functions };
}

function echoOf(root: XNode | undefined): ControlEcho {
  const control = root && child(root, 'control');
  return {
    senderId: (control && childText(control, 'senderid')) ?? '',
    controlId: (control && childText(control, 'controlid')) ?? '',
    uniqueId: control && childText(control, 'uniqueid'),
    dtdVersion: control && childText(control, 'dtdversion'),
  };
}

/** Parses and validates a whole request; any problem is a control-level schema failure. */
export function parseEnvelope(body: string): Envelope {
  const parsed = parseXml(body);
  if (!parsed.ok) return { ok: false, message: parsed.error, echo: echoOf(undefined) };
  const root = parsed.value;
  try {
    if (root.name !== 'request') throw new SchemaError(`root element must be <request>, got <${root.name}>`);
    checkSequence(root, [one('control'), many('operation', 1)]);
    const control = parseControl(child(root, 'control')!);
    const operations = root.children.filter((c) => c.name === 'operation').map(parseOperation);
    return { ok: true, control, operations };
  } catch (error) {
    if (error instanceof SchemaError) return { ok: false, message: error.message, echo: echoOf(root) };
    throw error;
  }
}
