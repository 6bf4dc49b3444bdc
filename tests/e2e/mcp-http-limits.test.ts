/**
 * The HTTP door under abuse (issue 17, items 3 and 5): requests without a valid token are counted per remote
 * address (rateLimits.unauthenticated) and answered 429 with Retry-After beyond the budget; sessions per principal
 * are capped (server.maxSessionsPerPrincipal: the least recently used idle one is closed); headers over
 * server.maxHeaderBytes get 431 naming the limit; by default the loopback Origins of the bound port are allowed.
 */
import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/sandbox/sandbox.ts';
import type { App } from '../../src/server/app.ts';
import { startHttpServer, type HttpServerHandle } from '../../src/server/http-server.ts';
import { startTestSandbox, testApp, testConfig } from '../helpers/mcp-app.ts';

let sandbox: Sandbox;
let app: App;
const servers: HttpServerHandle[] = [];
const token = (name: string): string => sandbox.prepared.tokens[name]!;

beforeAll(async () => {
  const started = await startTestSandbox();
  sandbox = started.sandbox;
  app = testApp(testConfig(sandbox, started.dir, { rateLimits: { unauthenticated: { calls: 5, windowSeconds: 60 } } }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await app?.close();
  await sandbox?.stop();
});

/** A fresh HTTP server over the shared app (each has its own address budget and sessions). */
async function serve(options: { maxSessionsPerPrincipal?: number; maxHeaderBytes?: number } = {}): Promise<HttpServerHandle> {
  const http = await startHttpServer(app, {
    host: '127.0.0.1',
    port: 0,
    allowedHosts: [],
    allowedOrigins: [],
    maxBodyBytes: 64 * 1024,
    ...options,
  });
  servers.push(http);
  return http;
}

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

const post = (http: HttpServerHandle, headers: Record<string, string>, body: unknown = INIT): Promise<Response> =>
  fetch(http.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });

/** Opens a session as the principal; returns its id. */
async function openSession(http: HttpServerHandle, principal: string): Promise<string> {
  const res = await post(http, { authorization: `Bearer ${token(principal)}` });
  expect(res.status).toBe(200);
  await res.body?.cancel();
  return res.headers.get('mcp-session-id')!;
}

/** tools/list on a session: the HTTP status. */
async function listOn(http: HttpServerHandle, principal: string, session: string): Promise<number> {
  const res = await post(
    http,
    { authorization: `Bearer ${token(principal)}`, 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' },
    { jsonrpc: '2.0', id: 2, method: 'tools/list' },
  );
  await res.body?.cancel();
  return res.status;
}

describe('unauthenticated requests cost the caller', () => {
  it('answers 401 up to the address budget, then 429 with Retry-After to every request from that address', async () => {
    const http = await serve();
    for (let i = 0; i < 5; i++) expect((await post(http, { authorization: `Bearer wrong-${i}` })).status).toBe(401);
    const limited = await post(http, { authorization: 'Bearer wrong-again' });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { error: { message: string } }).error.message).toMatch(/rateLimits\.unauthenticated/);
    // A valid token from the same address is refused too while the address is over budget: no guessing oracle.
    expect((await post(http, { authorization: `Bearer ${token('analyst')}` })).status).toBe(429);
    // Another server (its own budget) still serves the valid token.
    expect((await post(await serve(), { authorization: `Bearer ${token('analyst')}` })).status).toBe(200);
  });

  it('counts foreign Host or Origin refusals against the address as well', async () => {
    const http = await serve();
    for (let i = 0; i < 5; i++) expect((await post(http, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await post(http, { authorization: `Bearer ${token('analyst')}` })).status).toBe(429);
  });
});

describe('sessions per principal', () => {
  it('closes the least recently used idle session when a principal opens one more than server.maxSessionsPerPrincipal', async () => {
    const http = await serve({ maxSessionsPerPrincipal: 2 });
    const first = await openSession(http, 'analyst');
    const second = await openSession(http, 'analyst');
    expect(await listOn(http, 'analyst', first)).toBe(200); // the first is now the most recently used
    const other = await openSession(http, 'auditor'); // other principals have their own cap
    const third = await openSession(http, 'analyst');
    expect(await listOn(http, 'analyst', second)).toBe(404); // evicted: least recently used
    expect(await listOn(http, 'analyst', first)).toBe(200);
    expect(await listOn(http, 'analyst', third)).toBe(200);
    expect(await listOn(http, 'auditor', other)).toBe(200);
    expect(http.sessions()).toBe(3);
  });

  it('refuses a new session with 429 when every session of the principal is busy', async () => {
    const http = await serve({ maxSessionsPerPrincipal: 1 });
    let answer!: (result: ElicitResult) => void;
    let asked!: () => void;
    const confirmationShown = new Promise<void>((resolve) => (asked = resolve));
    const client = new Client({ name: 'busy', version: '1' }, { capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, () => {
      asked();
      return new Promise<ElicitResult>((resolve) => (answer = resolve));
    });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { Authorization: `Bearer ${token('analyst')}` } } }),
    );
    // The analyst's write waits on the confirmation: its session has a request in flight.
    const pending = client.callTool({ name: 'post_journal_entries', arguments: { period: '2026-03' } });
    await confirmationShown;
    const refused = await post(http, { authorization: `Bearer ${token('analyst')}` });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/server\.maxSessionsPerPrincipal 1/);
    answer({ action: 'decline' });
    await pending;
    await client.close();
  });
});

describe('header size', () => {
  it('answers 431 naming server.maxHeaderBytes when the headers are too large', async () => {
    const http = await serve({ maxHeaderBytes: 4096 });
    const url = new URL(http.url);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'x-pad': 'p'.repeat(8192) } },
        (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(431);
    expect(body).toMatch(/exceed the limit of 4096 bytes \(server\.maxHeaderBytes\)/);
  });
});

describe('default allowed Origins', () => {
  it('accepts the loopback origins of the bound port and refuses any other', async () => {
    const http = await serve();
    const port = new URL(http.url).port;
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]) {
      const res = await post(http, { authorization: `Bearer ${token('auditor')}`, origin });
      expect(res.status, origin).toBe(200);
      await res.body?.cancel();
    }
    expect((await post(http, { authorization: `Bearer ${token('auditor')}`, origin: 'http://localhost:1' })).status).toBe(403);
    expect((await post(http, { authorization: `Bearer ${token('auditor')}`, origin: `http://evil.example:${port}` })).status).toBe(403);
  });
});

describe('body size without Content-Length', () => {
  it('stops reading a chunked body at server.maxBodyBytes and keeps serving', async () => {
    const http = await serve();
    const url = new URL(http.url);
    // A chunked body (no Content-Length) that grows past the limit: the server must stop reading it, not buffer it all.
    const outcome = await new Promise<string>((resolve) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${token('agent')}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          res.resume();
          resolve(`status ${res.statusCode ?? 0}`);
        },
      );
      req.on('error', () => resolve('connection closed'));
      const chunk = 'x'.repeat(16 * 1024);
      let sent = 0;
      const pump = (): void => {
        // Up to 1 MB, far over the 64 KiB limit; a server still reading would take it all.
        while (sent < 64 && req.write(chunk)) sent++;
        if (sent < 64) req.once('drain', pump);
        else req.end();
      };
      pump();
    });
    expect(['status 413', 'connection closed']).toContain(outcome);
    // The server still answers the next request.
    expect((await post(http, { authorization: `Bearer ${token('agent')}` })).status).toBe(200);
  });
});
