import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { err, ERR } from './errors.ts';
import { FaultError, mergeFaults } from './faults.ts';
import { executeRequest, prepareRequest, rejectedBodyXml, type GatewayDeps } from './gateway.ts';
import { gatewayErrorXml } from './response.ts';
import { GATEWAY_PATH, type EmulatorStats, type FaultSettings } from './types.ts';

/** Mutable runtime state shared by the HTTP layer and the public handle. */
export interface RuntimeState {
  faults: FaultSettings;
  stats: EmulatorStats;
  inFlight: number;
  maxConcurrent: number;
  random: () => number;
  /** Sockets of requests we answer never (hangAfterCommit); destroyed on stop. */
  held: Set<Socket>;
}

export interface AdminActions {
  expireSessions(): void;
  closePeriod(period: string): void;
  counts(): Record<string, number>;
  resetStats(): void;
  behaviours(): unknown;
  /** Throws a TypeError naming the bad behaviour. */
  setBehaviours(patch: unknown): unknown;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

const XML_TYPE = 'text/xml; encoding="UTF-8"';

export function emptyStats(): EmulatorStats {
  return {
    requests: 0,
    functions: 0,
    rejected429: 0,
    maxInFlight: 0,
    sessionsIssued: 0,
    sessionsByLocation: {},
    byFunction: {},
    processingMs: 0,
  };
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'Content-Type': XML_TYPE, 'Content-Length': Buffer.byteLength(xml) });
  res.end(xml);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Reads the body up to the cap; past it the rest is drained and discarded so the client can read our answer. */
function readBody(req: IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve({ text: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'), tooLarge }));
    req.on('error', reject);
  });
}

function tooManyRequests(res: ServerResponse, state: RuntimeState): void {
  state.stats.rejected429++;
  sendXml(
    res,
    429,
    gatewayErrorXml([
      err(
        ERR.rateLimit,
        'You have exceeded the rate limit: too many requests in a short period of time or too many concurrent requests. Retry later.',
      ),
    ]),
  );
}

function resetSocket(socket: Socket): void {
  // resetAndDestroy sends a TCP RST so the client sees ECONNRESET rather than a clean close.
  const s = socket as Socket & { resetAndDestroy?: () => void };
  if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
  else socket.destroy();
}

async function handleGateway(req: IncomingMessage, res: ServerResponse, state: RuntimeState, gateway: GatewayDeps): Promise<void> {
  const arrivedAt = performance.now();
  state.stats.requests++;
  if (state.maxConcurrent > 0 && state.inFlight >= state.maxConcurrent) return tooManyRequests(res, state);
  if (state.faults.storm429 > 0) {
    state.faults.storm429--;
    return tooManyRequests(res, state);
  }
  state.inFlight++;
  state.stats.maxInFlight = Math.max(state.stats.maxInFlight, state.inFlight);
  let released = false;
  const release = (): void => {
    if (!released) {
      released = true;
      state.inFlight--;
    }
  };
  res.on('close', release);
  try {
    const body = await readBody(req);
    if (body.tooLarge) return sendXml(res, 200, rejectedBodyXml(`The request body exceeds ${MAX_BODY_BYTES} bytes.`));
    if (state.random() < state.faults.error5xxRate) {
      res.writeHead(state.faults.error5xxStatus, { 'Content-Type': 'text/plain' });
      res.end('Service Unavailable');
      return;
    }
    if (state.random() < state.faults.resetRate) return resetSocket(req.socket);
    const prepared = prepareRequest(body.text);
    // A slow function delays the processing itself, so a client that gives up first leaves an unknown outcome.
    const extra = prepared.functionNames.reduce((ms, name) => ms + (state.faults.functionLatencyMs[name] ?? 0), 0);
    if (extra > 0) await sleep(extra);
    // Processed even if the client gave up meanwhile: like a real server, so timeouts are unknown outcomes.
    const xml = executeRequest(prepared, gateway);
    state.stats.processingMs += performance.now() - arrivedAt - extra;
    if (prepared.hasWrite && state.faults.hangAfterCommit > 0) {
      state.faults.hangAfterCommit--;
      // Committed above; now never answer, holding the socket until the client times out or we stop.
      state.held.add(req.socket);
      req.socket.once('close', () => state.held.delete(req.socket));
      return;
    }
    // `latencyMs` is the answer time as a client sees it (network plus the server's own work), so the emulator's
    // processing counts toward it instead of adding to it: every answer leaves latencyMs (plus any slow-function
    // delay) after the request arrived, or later when processing took longer than that.
    const wait = state.faults.latencyMs + extra - (performance.now() - arrivedAt);
    if (wait > 0) await sleep(wait);
    sendXml(res, 200, xml);
  } catch (error) {
    gateway.log.error({ err: error }, 'emulator request failed');
    if (!res.headersSent) sendXml(res, 500, gatewayErrorXml([err(ERR.internal, 'Internal emulator error')]));
  }
}

async function handleAdmin(
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  state: RuntimeState,
  admin: AdminActions,
): Promise<void> {
  const route = `${req.method ?? ''} ${path}`;
  const json = async (): Promise<unknown> => {
    const body = await readBody(req);
    if (body.tooLarge) throw new FaultError('body too large');
    return body.text.trim() === '' ? {} : (JSON.parse(body.text) as unknown);
  };
  try {
    switch (route) {
      case 'POST /_emulator/faults':
        state.faults = mergeFaults(state.faults, await json());
        return sendJson(res, 200, state.faults);
      case 'POST /_emulator/expire-sessions':
        admin.expireSessions();
        return sendJson(res, 200, { ok: true });
      case 'POST /_emulator/close-period': {
        const body = (await json()) as { period?: unknown };
        if (typeof body.period !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(body.period)) {
          return sendJson(res, 400, { error: 'period must be a string like "2026-01"' });
        }
        admin.closePeriod(body.period);
        return sendJson(res, 200, { ok: true, period: body.period });
      }
      case 'GET /_emulator/behaviours':
        return sendJson(res, 200, admin.behaviours());
      case 'POST /_emulator/behaviours':
        return sendJson(res, 200, admin.setBehaviours(await json()));
      case 'GET /_emulator/stats':
        return sendJson(res, 200, state.stats);
      case 'POST /_emulator/reset-stats':
        admin.resetStats();
        return sendJson(res, 200, { ok: true });
      case 'GET /_emulator/counts':
        return sendJson(res, 200, admin.counts());
      default:
        return sendJson(res, 404, { error: `no admin route ${route}` });
    }
  } catch (error) {
    if (error instanceof FaultError || error instanceof SyntaxError || error instanceof TypeError)
      return sendJson(res, 400, { error: error.message });
    throw error;
  }
}

/** The gateway endpoint plus the /_emulator admin routes, on one node:http server. */
export function createEmulatorServer(state: RuntimeState, gateway: GatewayDeps, admin: AdminActions): Server {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://emulator').pathname;
    let work: Promise<void>;
    if (path === GATEWAY_PATH) {
      if (req.method !== 'POST') {
        res.writeHead(405, { Allow: 'POST', 'Content-Type': 'text/plain' });
        res.end('Method Not Allowed: the XML gateway accepts POST only');
        return;
      }
      work = handleGateway(req, res, state, gateway);
    } else if (path.startsWith('/_emulator/')) {
      work = handleAdmin(path, req, res, state, admin);
    } else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    work.catch((error: unknown) => {
      gateway.log.error({ err: error }, 'emulator handler crashed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal emulator error' });
    });
  });
}
