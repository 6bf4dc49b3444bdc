import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Principal } from '../governance/principals.ts';
import type { App } from './app.ts';
import { buildMcpServer } from './mcp-server.ts';

/** HTTP listener options (from `config.server`, with the port possibly overridden on the command line). */
export interface HttpOptions {
  readonly host: string;
  readonly port: number;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly maxBodyBytes: number;
  /** Sessions idle longer than this are closed (default 30 min). */
  readonly idleSessionMs?: number;
}

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

async function readBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit)
    throw new HttpFailure(413, `request body of ${declared} bytes exceeds the limit of ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new HttpFailure(413, `request body exceeds the limit of ${limit} bytes`);
    chunks.push(buf);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpFailure(400, 'request body is not valid JSON');
  }
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
  const allowedOrigins = new Set(options.allowedOrigins.map((o) => new URL(o).origin));

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

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    if (!allowedHosts.has(req.headers.host ?? '')) throw new HttpFailure(403, `Host "${req.headers.host ?? ''}" is not allowed`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) throw new HttpFailure(403, `Origin "${origin}" is not allowed`);
    if (path !== '/mcp') throw new HttpFailure(404, 'not found; the MCP endpoint is /mcp');
    const principal = authenticate(req);
    const body = req.method === 'POST' ? await readBody(req, options.maxBodyBytes) : undefined;
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string' && sessionId !== '') {
      const session = sessions.get(sessionId);
      if (!session) throw new HttpFailure(404, 'session not found; initialize a new session');
      if (session.principal.name !== principal.name) throw new HttpFailure(403, 'this session belongs to another principal');
      session.lastSeen = Date.now();
      await session.transport.handleRequest(req, res, body);
      return;
    }
    if (req.method !== 'POST' || !isInitializeRequest(body))
      throw new HttpFailure(400, 'no valid session: send an initialize request first (without Mcp-Session-Id)');
    const server = buildMcpServer(app, principal, 'http');
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, { transport, server, principal, lastSeen: Date.now() });
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

  const http: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (err instanceof HttpFailure) {
        sendJson(res, err.status, rpcError(err.status === 401 ? -32001 : -32000, err.message), err.headers);
        return;
      }
      log.error({ err }, 'mcp http request failed');
      sendJson(res, 500, rpcError(-32603, 'internal error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  const port = (http.address() as AddressInfo).port;
  if (options.allowedHosts.length === 0)
    allowedHosts = new Set([`${options.host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`]);
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
