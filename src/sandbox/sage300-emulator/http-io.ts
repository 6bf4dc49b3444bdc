/** Request/response plumbing for node:http: bounded body reads, JSON answers, Basic credentials. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { stringifyJson } from './json-wire.ts';
import { errorBody, type SageFault } from './sage-errors.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** Sage bodies are one record each; anything near this size is a client bug. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export function readBody(req: IncomingMessage): Promise<Result<string, undefined>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? err(undefined) : ok(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = stringifyJson(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Length': '0' });
  res.end();
}

export function sendFault(res: ServerResponse, fault: SageFault): void {
  sendJson(res, fault.status, errorBody(fault), fault.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Sage300WebApi"' } : {});
}

/** `Authorization: Basic base64(user:password)` → the pair, or undefined when absent or malformed. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
