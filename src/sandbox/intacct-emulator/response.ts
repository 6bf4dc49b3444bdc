import { XMLBuilder } from 'fast-xml-parser';
import type { ErrorEntry } from './errors.ts';
import type { XmlObject } from './function-types.ts';

/** Response XML (reference §3), always produced by XMLBuilder so every value is escaped. */

export interface ControlEchoOut {
  status: 'success' | 'failure';
  senderId: string;
  controlId: string;
  uniqueId: string | undefined;
  dtdVersion: string | undefined;
}

export interface AuthenticationOut {
  status: 'success' | 'failure';
  userId: string;
  companyId: string;
  locationId: string;
  sessionTimestamp?: string;
  sessionTimeout?: string;
}

export interface ResultOut {
  status: 'success' | 'failure' | 'aborted';
  function: string;
  controlId: string;
  key?: string;
  data?: XmlObject;
  errors?: ErrorEntry[];
}

export interface OperationOut {
  authentication: AuthenticationOut;
  errors?: ErrorEntry[];
  results: ResultOut[];
}

const XML_PROLOG = '<?xml version="1.0" encoding="UTF-8"?>';

function errorMessage(errors: ErrorEntry[]): XmlObject {
  return {
    error: errors.map((e) => ({ errorno: e.errorno, description: e.description, description2: e.description2, correction: e.correction })),
  };
}

function controlBlock(c: ControlEchoOut): XmlObject {
  const out: XmlObject = { status: c.status, senderid: c.senderId, controlid: c.controlId };
  if (c.uniqueId !== undefined) out.uniqueid = c.uniqueId;
  if (c.dtdVersion !== undefined) out.dtdversion = c.dtdVersion;
  return out;
}

function result(r: ResultOut): XmlObject {
  const out: XmlObject = { status: r.status, function: r.function, controlid: r.controlId };
  if (r.key !== undefined) out.key = r.key;
  if (r.data !== undefined) out.data = r.data;
  if (r.errors && r.errors.length > 0) out.errormessage = errorMessage(r.errors);
  return out;
}

function authentication(a: AuthenticationOut): XmlObject {
  const out: XmlObject = { status: a.status, userid: a.userId, companyid: a.companyId, locationid: a.locationId };
  if (a.sessionTimestamp !== undefined) out.sessiontimestamp = a.sessionTimestamp;
  if (a.sessionTimeout !== undefined) out.sessiontimeout = a.sessionTimeout;
  return out;
}

function render(tree: XmlObject, pretty: boolean): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: pretty,
    indentBy: '  ',
    suppressEmptyNode: false,
    suppressBooleanAttributes: false,
    processEntities: true,
  });
  return `${XML_PROLOG}${pretty ? '\n' : ''}${builder.build(tree)}`;
}

/** Control-level failure: no <operation> at all. */
export function controlFailureXml(control: ControlEchoOut, errors: ErrorEntry[], pretty = true): string {
  return render({ response: { control: controlBlock(control), errormessage: errorMessage(errors) } }, pretty);
}

/** The 429 body: a bare control status, as in the documented gateway errors. */
export function gatewayErrorXml(errors: ErrorEntry[]): string {
  return render({ response: { control: { status: 'failure' }, errormessage: errorMessage(errors) } }, false);
}

export function responseXml(control: ControlEchoOut, operations: OperationOut[], pretty: boolean): string {
  const ops = operations.map((op) => {
    const out: XmlObject = { authentication: authentication(op.authentication) };
    if (op.errors && op.errors.length > 0) out.errormessage = errorMessage(op.errors);
    else if (op.results.length > 0) out.result = op.results.map(result);
    return out;
  });
  return render({ response: { control: controlBlock(control), operation: ops } }, pretty);
}
