import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * A deliberately tiny raw-XML client for the emulator's own contract tests and benches: builds requests with
 * XMLBuilder and parses answers loosely. It is not the product's Intacct client (src/connectors/intacct).
 */

interface RawLogin {
  userid: string;
  companyid: string;
  password: string;
  locationid?: string;
}

export interface RawFunction {
  controlid: string;
  /** `{ readByQuery: { object: 'VENDOR', query: '' } }` — exactly one key, the function element. */
  body: Record<string, unknown>;
}

export interface RawRequest {
  senderId: string;
  senderPassword: string;
  controlId?: string;
  uniqueId?: boolean;
  transaction?: boolean;
  auth: { login: RawLogin } | { sessionid: string };
  functions: RawFunction[];
}

// suppressBooleanAttributes would turn transaction="true" into a bare attribute, which is not XML.
const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  suppressBooleanAttributes: false,
});

export function buildRequestXml(r: RawRequest): string {
  const tree = {
    request: {
      control: {
        senderid: r.senderId,
        password: r.senderPassword,
        controlid: r.controlId ?? `req-${Date.now()}`,
        uniqueid: String(r.uniqueId ?? false),
        dtdversion: '3.0',
        includewhitespace: 'false',
      },
      operation: {
        '@_transaction': String(r.transaction ?? false),
        authentication: r.auth,
        content: { function: r.functions.map((f) => ({ '@_controlid': f.controlid, ...f.body })) },
      },
    },
  };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build(tree)}`;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  isArray: (name) => name === 'result' || name === 'error' || name === 'operation',
});

/** Parsed response; element values stay strings. Loosely typed on purpose: tests walk arbitrary answer shapes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ParsedResponse = { response: Record<string, any> };

export function parseResponseXml(xml: string): ParsedResponse {
  return parser.parse(xml) as ParsedResponse;
}

/** Normalizes "one element or many" into a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

export async function postXml(
  endpoint: string,
  xml: string,
  signal?: AbortSignal,
): Promise<{ status: number; contentType: string | null; text: string }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    body: xml,
    headers: { 'Content-Type': 'application/xml' },
    ...(signal ? { signal } : {}),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

/** What `emulatorCall` needs of a running emulator: its gateway and the credentials it accepts. */
interface EmulatorGateway {
  readonly endpoint: string;
  readonly credentials: { senderId: string; senderPassword: string; userId: string; companyId: string; userPassword: string };
}

/** One function sent to the emulator's gateway as any Intacct client sends it (login auth); its result element. */
export async function emulatorCall(emulator: EmulatorGateway, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const c = emulator.credentials;
  const xml = buildRequestXml({
    senderId: c.senderId,
    senderPassword: c.senderPassword,
    auth: { login: { userid: c.userId, companyid: c.companyId, password: c.userPassword } },
    functions: [{ controlid: `t-${Date.now()}-${Math.random()}`, body }],
  });
  const res = parseResponseXml((await postXml(emulator.endpoint, xml)).text);
  return asList(res.response.operation)[0].result[0] as Record<string, unknown>;
}
