import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';

/** What the console learns about the connection beside the request itself. */
export interface ConnectionInfo {
  readonly remoteAddress: string;
  /** Whether the request came over TLS (cookies get `Secure`). */
  readonly secure: boolean;
}

/** A body larger than the limit: answered 413 before the console sees it. */
class BodyTooLarge extends Error {}

async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * Hands a node request to a fetch-style handler (Hono's `app.fetch`) and streams its Response back, so server-sent
 * events flow as they are produced; a client that goes away cancels the stream.
 */
export async function serveFetch(
  handler: (request: Request, info: ConnectionInfo) => Response | Promise<Response>,
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<void> {
  const secure = (req.socket as Partial<TLSSocket>).encrypted === true;
  const url = new URL(req.url ?? '/', `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: Buffer | undefined;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    try {
      body = await readLimited(req, maxBodyBytes);
    } catch (err) {
      if (!(err instanceof BodyTooLarge)) throw err;
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`request body exceeds the limit of ${maxBodyBytes} bytes`);
      return;
    }
  }
  const request = new Request(url, { method: req.method ?? 'GET', headers, ...(body ? { body } : {}) });
  const response = await handler(request, { remoteAddress: req.socket.remoteAddress ?? 'unknown', secure });
  const out: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') out[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) out['set-cookie'] = cookies;
  res.writeHead(response.status, out);
  if (!response.body || req.method === 'HEAD') {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const stop = (): void => void reader.cancel().catch(() => undefined);
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = (await reader.read()) as { done: boolean; value?: Uint8Array };
      if (done || value === undefined) break;
      if (!res.write(value)) await new Promise<void>((resolve) => (res.once('drain', resolve), res.once('close', resolve)));
      if (res.destroyed) break;
    }
  } catch {
    // The client went away mid-stream; nothing left to tell it.
  } finally {
    res.off('close', stop);
    res.end();
  }
}
