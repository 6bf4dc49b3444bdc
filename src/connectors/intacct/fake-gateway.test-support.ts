/**
 * Test support: a loopback `node:http` server that answers with canned XML, and records every request body.
 * Used by the unit tests beside this file; never imported by production code.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { XMLParser } from 'fast-xml-parser';

interface CannedReply {
  status?: number;
  body?: string;
  /** Wait this long before answering (to provoke client timeouts). */
  delayMs?: number;
  /** Drop the connection without answering. */
  destroy?: boolean;
  headers?: Record<string, string>;
}

export interface ReceivedRequest {
  url: string;
  body: string;
  /** Function element names in order, e.g. ['getAPISession'] or ['create', 'readByQuery']. */
  functions: string[];
  controlIds: string[];
  sessionId?: string;
  uniqueId: string;
  transaction: string;
}

export type Handler = (req: ReceivedRequest, index: number) => CannedReply | Promise<CannedReply>;

export interface FakeGateway {
  url: string;
  requests: ReceivedRequest[];
  setHandler(h: Handler): void;
  close(): Promise<void>;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  isArray: (n) => n === 'function',
});

function describeRequest(url: string, body: string): ReceivedRequest {
  const doc = parser.parse(body) as { request: { control: { uniqueid: string }; operation: Record<string, unknown> } };
  const op = doc.request.operation;
  const content = op.content as { function?: Record<string, unknown>[] } | '';
  const fns = content === '' || content.function === undefined ? [] : content.function;
  const auth = op.authentication as { sessionid?: string };
  const out: ReceivedRequest = {
    url,
    body,
    functions: fns.map((f) => Object.keys(f).find((k) => !k.startsWith('@_')) ?? '?'),
    controlIds: fns.map((f) => String(f['@_controlid'])),
    uniqueId: doc.request.control.uniqueid,
    transaction: String(op['@_transaction']),
  };
  if (auth.sessionid !== undefined) out.sessionId = auth.sessionid;
  return out;
}

export async function startFakeGateway(handler: Handler): Promise<FakeGateway> {
  let current = handler;
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = describeRequest(req.url ?? '/', Buffer.concat(chunks).toString('utf8'));
      requests.push(received);
      void Promise.resolve(current(received, requests.length - 1)).then(async (reply) => {
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (reply.destroy) {
          req.socket.destroy();
          return;
        }
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { 'Content-Type': 'text/xml; charset=UTF-8', ...reply.headers });
        res.end(reply.body ?? '');
      });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ia/xml/xmlgw.phtml`,
    requests,
    setHandler(h) {
      current = h;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// ---- canned response bodies (hand-written shapes of reference §3 / §11.2) ----

const control = (status = 'success') =>
  `<control><status>${status}</status><senderid>sb-sender</senderid><controlid>req</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>`;

const TIMEOUT_ISO = '2099-01-01T00:00:00+00:00';

const authOk = (timeout = TIMEOUT_ISO) =>
  `<authentication><status>success</status><userid>sb-user</userid><companyid>sb-co</companyid><locationid></locationid><sessiontimestamp>2025-01-01T00:00:00+00:00</sessiontimestamp><sessiontimeout>${timeout}</sessiontimeout></authentication>`;

export function okResponse(results: string[], opts: { timeout?: string } = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?><response>${control()}<operation>${authOk(opts.timeout)}${results.join('')}</operation></response>`;
}

export function sessionResponse(sessionId: string, endpoint: string, controlId = 'x', timeout?: string): string {
  return okResponse(
    [
      `<result><status>success</status><function>getAPISession</function><controlid>${controlId}</controlid><data><api><sessionid>${sessionId}</sessionid><endpoint>${endpoint}</endpoint><locationid></locationid></api></data></result>`,
    ],
    timeout === undefined ? {} : { timeout },
  );
}

export function authFailureResponse(errorno = 'XL03000006', text = 'Sign-in information is incorrect'): string {
  return `<?xml version="1.0" encoding="UTF-8"?><response>${control()}<operation><authentication><status>failure</status><userid>sb-user</userid><companyid>sb-co</companyid><locationid></locationid></authentication><errormessage><error><errorno>${errorno}</errorno><description></description><description2>${text}</description2><correction></correction></error></errormessage></operation></response>`;
}

export function controlFailureResponse(errorno: string, description: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><response><control><status>failure</status></control><errormessage><error><errorno>${errorno}</errorno><description>${description}</description></error></errormessage></response>`;
}

export function createResult(controlId: string, object: string, recordNo: string, idField?: string, id?: string): string {
  const idEl = idField ? `<${idField}>${id ?? ''}</${idField}>` : '';
  return `<result><status>success</status><function>create</function><controlid>${controlId}</controlid><data listtype="objects" count="1"><${object.toLowerCase()}><RECORDNO>${recordNo}</RECORDNO>${idEl}</${object.toLowerCase()}></data></result>`;
}

export function failureResult(controlId: string, fnName: string, errorno: string, description2: string, status = 'failure'): string {
  return `<result><status>${status}</status><function>${fnName}</function><controlid>${controlId}</controlid><errormessage><error><errorno>${errorno}</errorno><description></description><description2>${description2}</description2><correction></correction></error></errormessage></result>`;
}

export function readByQueryResult(
  controlId: string,
  object: string,
  rows: Record<string, string>[],
  page: { totalcount: number; numremaining: number; resultId: string },
  fnName = 'readByQuery',
): string {
  const tag = object.toLowerCase();
  const body = rows
    .map(
      (r) =>
        `<${tag}>${Object.entries(r)
          .map(([k, v]) => `<${k}>${v}</${k}>`)
          .join('')}</${tag}>`,
    )
    .join('');
  return `<result><status>success</status><function>${fnName}</function><controlid>${controlId}</controlid><data listtype="${tag}" count="${rows.length}" totalcount="${page.totalcount}" numremaining="${page.numremaining}" resultId="${page.resultId}">${body}</data></result>`;
}
