import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../governance/principals.ts';
import { createSlidingWindows } from '../platform/sliding-window.ts';
import { createConsole, type ConsoleOptions } from '../console/console-app.ts';
import { serveFetch } from '../console/node-bridge.ts';
import { TOOLS } from '../../tools/index.ts';
import type { App } from './app.ts';
import { buildMcpServer } from './mcp-server.ts';

/** HTTP listener options (from `config.server`, with the port possibly overridden on the command line). */
export interface HttpOptions {
  readonly host: string;
  readonly port: number;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  /** All request headers together; larger requests get HTTP 431 (default 16 KiB, node's own default). */
  readonly maxHeaderBytes?: number;
  /** Open sessions per principal; one more closes that principal's least recently used idle session (default 16). */
  readonly maxSessionsPerPrincipal?: number;
  /** Sessions idle longer than this are closed (default 30 min). */
  readonly idleSessionMs?: number;
  /** The web console at /console (sessions, sign-in limits). */
  readonly console?: ConsoleOptions;
}

/** Marks a console request as handled (the console rate-limits its own sign-ins). */
const CONSOLE_REQUEST: Principal = { name: '(console)', roles: [] };

/** A running Streamable HTTP endpoint. */
export interface HttpServerHandle {
  readonly url: string;
  readonly port: number;
  sessions(): number;
  close(): Promise<void>;
}

interface Session {
  readonly transport: StreamableHTTPServerTransport;
  readonly server: McpServer;
  readonly principal: Principal;
  lastSeen: number;
  /** Requests of this session being handled now; a session with one is never evicted. */
  inFlight: number;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A JSON-RPC error body (what MCP clients expect even for HTTP-level refusals). */
const rpcError = (code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

/**
 * The request body as JSON (undefined when empty). Read with 'data' events rather than an async iterator, which costs
 * a promise and a stream wrapper per request; a body over the limit stops the read at once.
 */
function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit)
    return Promise.reject(new HttpFailure(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        // Stop reading at once, as the async iterator this replaces did (it destroyed the request).
        req.destroy();
        reject(new HttpFailure(413, `request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      const text = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new HttpFailure(400, 'request body is not valid JSON'));
      }
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * Serves MCP over Streamable HTTP at /mcp. Every request needs a principal's bearer token; Host and Origin are
 * checked against allow-lists (DNS-rebinding protection); bodies are size-limited; a session belongs to the principal
 * that opened it and no other token may use it.
 */
export async function startHttpServer(app: App, options: HttpOptions): Promise<HttpServerHandle> {
  const sessions = new Map<string, Session>();
  const log = app.log.child({ module: 'http' });
  let allowedHosts = new Set(options.allowedHosts);
  let allowedOrigins = new Set(options.allowedOrigins.map((o) => new URL(o).origin));
  const maxSessions = options.maxSessionsPerPrincipal ?? 16;
  // Requests refused before a principal is known (no or a wrong token, a foreign Host or Origin) are counted per
  // remote address; beyond the budget every request from that address gets 429 until the window frees, so guessing
  // tokens or hammering the endpoint costs the caller, not the server.
  const unauthBudget = app.config.rateLimits.unauthenticated;
  const unauthenticated = createSlidingWindows({ calls: unauthBudget.calls, windowMs: unauthBudget.windowSeconds * 1000 });
  const addressOf = (req: IncomingMessage): string => req.socket.remoteAddress ?? 'unknown';
  const consoleFetch = createConsole({ app, tools: TOOLS }, options.console);

  /** Makes room for one more session of the principal: closes its least recently used idle session, or refuses. */
  const makeRoom = (principal: Principal): void => {
    const own = [...sessions].filter(([, s]) => s.principal.name === principal.name);
    if (own.length < maxSessions) return;
    const idle = own.filter(([, s]) => s.inFlight === 0).sort(([, a], [, b]) => a.lastSeen - b.lastSeen);
    const victim = idle[0];
    if (!victim)
      throw new HttpFailure(
        429,
        `${principal.name} has ${own.length} sessions, all busy (server.maxSessionsPerPrincipal ${maxSessions}); retry later`,
        { 'retry-after': '1' },
      );
    sessions.delete(victim[0]);
    void victim[1].transport.close().catch(() => undefined);
    log.info(
      { principal: principal.name, session: victim[0].slice(0, 8) },
      'mcp session closed to make room (server.maxSessionsPerPrincipal)',
    );
  };

  const authenticate = (req: IncomingMessage): Principal => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const principal = match ? app.principals.authenticate(match[1]!) : undefined;
    if (!principal) {
      throw new HttpFailure(401, match ? 'the bearer token is not valid' : 'a bearer token is required (Authorization: Bearer <token>)', {
        'www-authenticate': `Bearer realm="sagebridge", error="${match ? 'invalid_token' : 'invalid_request'}"`,
      });
    }
    return principal;
  };

  /** Admits the request's address, or refuses it with 429 while the address is over its unauthenticated budget. */
  const admitAddress = (req: IncomingMessage): void => {
    const over = unauthenticated.check(addressOf(req));
    if (over.ok) return;
    const wait = Math.max(1, Math.ceil(over.error.retryAfterMs / 1000));
    throw new HttpFailure(
      429,
      `too many requests without a valid bearer token from this address (rateLimits.unauthenticated: ${unauthBudget.calls} per ${unauthBudget.windowSeconds}s); retry after ${wait}s`,
      { 'retry-after': String(wait) },
    );
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, seen: { principal?: Principal }): Promise<void> => {
    admitAddress(req);
    const path = (req.url ?? '/').split('?')[0];
    if (!allowedHosts.has(req.headers.host ?? '')) throw new HttpFailure(403, `Host "${req.headers.host ?? ''}" is not allowed`);
    const origin = req.headers.origin;
    const toConsole = path === '/console' || path?.startsWith('/console/') === true;
    // The console's pages say Referrer-Policy: no-referrer, so the browser posts their forms with `Origin: null`; such a
    // request is the console's own only when the browser itself vouches for it (Sec-Fetch-Site cannot be set by a page).
    const ownConsoleForm = toConsole && origin === 'null' && req.headers['sec-fetch-site'] === 'same-origin';
    if (origin !== undefined && !ownConsoleForm && !allowedOrigins.has(origin))
      throw new HttpFailure(403, `Origin "${origin}" is not allowed`);
    // The console (same origin, same Host/Origin checks) signs in with a session cookie, not a bearer header.
    if (toConsole) {
      seen.principal = CONSOLE_REQUEST;
      await serveFetch(consoleFetch, req, res, options.maxBodyBytes);
      return;
    }
    if (path !== '/mcp') throw new HttpFailure(404, 'not found; the MCP endpoint is /mcp and the console is at /console');
    const principal = authenticate(req);
    seen.principal = principal;
    const body = req.method === 'POST' ? await readBody(req, options.maxBodyBytes) : undefined;
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string' && sessionId !== '') {
      const session = sessions.get(sessionId);
      if (!session) throw new HttpFailure(404, 'session not found; initialize a new session');
      if (session.principal.name !== principal.name) throw new HttpFailure(403, 'this session belongs to another principal');
      session.lastSeen = Date.now();
      session.inFlight++;
      try {
        await session.transport.handleRequest(req, res, body);
      } finally {
        session.inFlight--;
        session.lastSeen = Date.now();
      }
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body))
      throw new HttpFailure(400, 'no valid session: send an initialize request first (without Mcp-Session-Id)');
    makeRoom(principal);
    const server = buildMcpServer(app, principal, 'http');
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, principal, lastSeen: Date.now(), inFlight: 0 });
        log.info({ principal: principal.name, session: id.slice(0, 8) }, 'mcp session opened');
      },
    });
    transport.onclose = () => {
      const id = transport.sessionId;
      if (id && sessions.delete(id)) log.info({ principal: principal.name, session: id.slice(0, 8) }, 'mcp session closed');
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const http: Server = createServer({ maxHeaderSize: options.maxHeaderBytes ?? 16_384 }, (req, res) => {
    const seen: { principal?: Principal } = {};
    handle(req, res, seen).catch((err: unknown) => {
      if (err instanceof HttpFailure) {
        if (seen.principal === undefined && err.status !== 429) unauthenticated.charge(addressOf(req));
        sendJson(res, err.status, rpcError(err.status === 401 ? -32001 : -32000, err.message), err.headers);
        return;
      }
      log.error({ err }, 'mcp http request failed');
      sendJson(res, 500, rpcError(-32603, 'internal error'));
    });
  });
  // Headers over the limit never reach the handler: node refuses them while parsing. Say which limit it was.
  http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const oversize = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify(
      rpcError(
        -32000,
        oversize ? `request headers exceed the limit of ${options.maxHeaderBytes ?? 16_384} bytes (server.maxHeaderBytes)` : 'bad request',
      ),
    );
    socket.end(
      `HTTP/1.1 ${oversize ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  // Console links point here unless server.publicUrl is set (a wildcard bind is no address to open in a browser).
  app.listeningAt(
    `http://${options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
  );
  if (options.allowedHosts.length === 0)
    allowedHosts = new Set([`${options.host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
  // By default a browser page served from the loopback origins of this port may call it (a local inspector or web
  // client); any other Origin is refused (DNS-rebinding protection).
  if (options.allowedOrigins.length === 0) {
    const hosts = [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, ...allowedHosts];
    allowedOrigins = new Set(hosts.flatMap((h) => (URL.canParse(`http://${h}`) ? [new URL(`http://${h}`).origin] : [])));
  }
  const idleMs = options.idleSessionMs ?? 30 * 60_000;
  const sweeper = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const [id, s] of sessions) {
        if (s.lastSeen < cutoff) {
          sessions.delete(id);
          void s.transport.close().catch(() => undefined);
        }
      }
    },
    Math.min(idleMs, 60_000),
  );
  sweeper.unref();
  const hostForUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostForUrl}:${port}/mcp`,
    port,
    sessions: () => sessions.size,
    async close() {
      clearInterval(sweeper);
      await Promise.all([...sessions.values()].map((s) => s.transport.close().catch(() => undefined)));
      sessions.clear();
      await new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      });
    },
  };
}
