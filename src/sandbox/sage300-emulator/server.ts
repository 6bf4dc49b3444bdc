/**
 * The Sage 300 Web API emulator: real node:http on loopback over the SQLite company database that the SQL reader
 * reads, so a write through the API is visible to SQL exactly as in production. Every write runs in one SQLite
 * transaction and is rolled back on any error answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type Database from 'better-sqlite3';
import { err } from '../../domain/result.ts';
import { silentLogger, type Logger } from '../../platform/logger.ts';
import { openCompanyDb } from '../sage300-db/schema.ts';
import { behavioursWith, mergeBehaviours } from '../behaviour-switches.ts';
import { handleAdmin, waitAtGate, type PostingGate } from './admin.ts';
import { SAGE300_BEHAVIOURS_SCHEMA, type Sage300Behaviours } from './behaviours.ts';
import { isPostingRun, landDeferredRows, relaxPostingSequenceIndex } from './gl-posting.ts';
import type { WriteContext } from './db-write.ts';
import { basicCredentials, readBody, sendEmpty, sendFault, sendJson, sendText } from './http-io.ts';
import { metadataXml } from './metadata.ts';
import { parseJsonBody } from './json-wire.ts';
import { RESOURCES, type Listing, type ResourceHandlers } from './resources.ts';
import { API_ROOT, parseRoute, type Route } from './route.ts';
import { RollbackFault, failed, type Handled, type SageFault } from './sage-errors.ts';

export interface Sage300EmulatorOptions {
  /** SQLite company database file; created with the schema when missing. */
  dbPath: string;
  companyId?: string;
  port?: number;
  host?: '127.0.0.1';
  user?: string;
  password?: string;
  log?: Logger;
  now?: () => Date;
  /** Switches for UNCONFIRMED behaviours (behaviours.ts, README table); unknown names or bad values throw. */
  behaviours?: Partial<Sage300Behaviours>;
}

/** Test knobs for failure modes a real server shows; counts decrement as they fire. */
interface Sage300EmulatorFaults {
  /** The next n requests answer 500 InternalServerError without doing anything. */
  error5xx?: number;
  /** The next n writes commit, then never answer (the client times out). */
  hangAfterWrite?: number;
}

export interface Sage300Emulator {
  baseUrl: string;
  port: number;
  companyId: string;
  user: string;
  password: string;
  db: Database.Database;
  setFaults(faults: Sage300EmulatorFaults): void;
  /** Changes switches at run time (also `POST /_emulator/behaviours`); throws a TypeError naming a bad one. */
  setBehaviours(patch: Partial<Sage300Behaviours>): Sage300Behaviours;
  behaviours(): Sage300Behaviours;
  /** Lets every held second posting step land (behaviour `postingHold`); answers how many were waiting. */
  releasePostings(): number;
  /** Requests answered so far (including faults), for retry assertions. */
  requestCount(): number;
  stop(): Promise<void>;
}

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

function feedOf(
  companyUrl: string,
  route: Route,
  listing: Listing,
  search: URLSearchParams,
  behaviours: Sage300Behaviours,
): Record<string, unknown> {
  const entitySet = `${route.module}/${route.resource}`;
  const skipOnly = behaviours.nextLink === 'skip-only';
  const feed: Record<string, unknown> = {
    '@odata.context': `${companyUrl}/${route.module}/$metadata#${route.resource}${listing.select ? `(${listing.select.join(',')})` : ''}`,
  };
  if (listing.count !== undefined && behaviours.odataCount === 'v4-number') feed['@odata.count'] = listing.count;
  if (listing.count !== undefined && behaviours.odataCount === 'legacy-string') feed['odata.count'] = String(listing.count);
  feed.value = listing.select ? listing.wire.map((w) => Object.fromEntries(listing.select!.map((s) => [s, w[s]]))) : listing.wire;
  if (listing.next) {
    const params: [string, string][] = skipOnly ? [] : [...search.entries()].filter(([k]) => k !== '$skip' && k !== '$top');
    params.push(['$skip', String(listing.next.skip)]);
    if (!skipOnly && listing.next.top !== undefined) params.push(['$top', String(listing.next.top)]);
    feed['@odata.nextLink'] = `${companyUrl}/${entitySet}?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
  }
  return feed;
}

export async function startSage300Emulator(options: Sage300EmulatorOptions): Promise<Sage300Emulator> {
  const companyId = (options.companyId ?? 'SAMINC').toUpperCase();
  const user = options.user ?? 'ADMIN';
  const password = options.password ?? 'ADMIN';
  const log = (options.log ?? silentLogger()).child({ module: 'sage300-emulator' });
  const now = options.now ?? (() => new Date());
  const db = openCompanyDb(options.dbPath);
  // The SQL reader may hold the file open in another connection; wait rather than fail on a brief lock.
  db.pragma('busy_timeout = 5000');
  relaxPostingSequenceIndex(db);
  const faults: Required<Sage300EmulatorFaults> = { error5xx: 0, hangAfterWrite: 0 };
  let behaviours: Sage300Behaviours = behavioursWith(SAGE300_BEHAVIOURS_SCHEMA, options.behaviours, 'Sage 300 emulator');
  const setBehaviours = (patch: unknown): Sage300Behaviours => {
    const merged = mergeBehaviours(SAGE300_BEHAVIOURS_SCHEMA, behaviours, patch, 'Sage 300 emulator');
    if (!merged.ok) throw new TypeError(merged.error);
    behaviours = merged.value;
    return behaviours;
  };
  const gate: PostingGate = { waiting: [] };
  const sockets = new Set<Socket>();
  let requests = 0;
  let companyUrl = '';
  let stopped = false;
  function releasePostings(): number {
    const waiting = gate.waiting.splice(0);
    for (const go of waiting) go();
    return waiting.length;
  }

  function runWrite<T>(work: () => Handled<T>): Handled<T> {
    try {
      return db.transaction((): Handled<T> => {
        const out = work();
        if (!out.ok) throw new RollbackFault(out.error);
        return out;
      })();
    } catch (error) {
      if (error instanceof RollbackFault) return err(error.fault);
      throw error;
    }
  }

  async function dispatch(
    req: IncomingMessage,
    res: ServerResponse,
    ctxUser: string,
    route: Route,
    search: URLSearchParams,
  ): Promise<SageFault | 'hang' | undefined> {
    if (route.resource === '$metadata' && route.key.kind === 'none' && req.method === 'GET') {
      const xml = metadataXml(route.module);
      if (xml === undefined) return failed(404, 'ResourceNotFound', `The module '${route.module}' has no resources here.`).error;
      sendText(res, 200, 'application/xml; charset=utf-8', xml);
      return undefined;
    }
    const handlers: ResourceHandlers | undefined = RESOURCES.get(`${route.module.toUpperCase()}/${route.resource}`);
    if (!handlers) return failed(404, 'ResourceNotFound', `The resource '${route.module}/${route.resource}' does not exist.`).error;
    const ctx: WriteContext = { db, companyId, user: ctxUser, now, behaviours };
    const method = req.method ?? 'GET';
    const notAllowed = failed(405, 'MethodNotAllowed', `The method ${method} is not allowed on '${route.resource}'.`).error;
    const key = route.key;
    if (key.kind === 'invalid') return failed(400, 'InvalidEntityKey', `The key '${key.text}' is not valid for '${route.resource}'.`).error;

    if (method === 'GET') {
      if (key.kind === 'none') {
        if (!handlers.list) return notAllowed;
        const listing = handlers.list(ctx, search);
        if (!listing.ok) return listing.error;
        sendJson(res, 200, feedOf(companyUrl, route, listing.value, search, behaviours));
        return undefined;
      }
      if (key.kind !== 'value' || !handlers.get) return notAllowed;
      const one = handlers.get(ctx, key.value);
      if (!one.ok) return one.error;
      sendJson(res, 200, { '@odata.context': `${companyUrl}/${route.module}/$metadata#${route.resource}/$entity`, ...one.value });
      return undefined;
    }

    if (method === 'POST' && key.kind === 'value')
      return failed(400, 'InvalidAction', 'POST with a key must use $process or $template.').error;
    if (method === 'POST' && key.kind === 'action' && key.action === '$template') {
      if (!handlers.template) return notAllowed;
      sendJson(res, 200, handlers.template);
      return undefined;
    }
    const canWrite =
      method === 'POST'
        ? key.kind === 'none'
          ? handlers.create
          : handlers.process
        : method === 'PATCH' || (method === 'PUT' && handlers.allowPut)
          ? key.kind === 'value'
            ? handlers.update
            : undefined
          : undefined;
    if (canWrite === undefined) return notAllowed;
    // The endpoint reference lists PO/POPurchaseOrders as GET and POST only (behaviour `poPatch`).
    if (method === 'PATCH' && route.resource === 'POPurchaseOrders' && behaviours.poPatch === 'refused') return notAllowed;
    const raw = await readBody(req);
    if (!raw.ok) return failed(413, 'InvalidPayload', 'The request body is too large.').error;
    const body = parseJsonBody(raw.value);
    if (!body.ok) return failed(400, 'InvalidPayload', `The request body is not valid JSON: ${body.error}.`).error;

    let answer: () => void;
    if (method === 'POST' && key.kind === 'none') {
      const created = runWrite(() => handlers.create!(ctx, body.value));
      if (!created.ok) return created.error;
      const entity = { '@odata.context': `${companyUrl}/${route.module}/$metadata#${route.resource}/$entity`, ...created.value };
      const status = behaviours.createStatus;
      answer = () => (status === '204' ? sendEmpty(res, 204) : sendJson(res, Number(status), entity));
    } else if (key.kind === 'action') {
      const done = runWrite(() => handlers.process!(ctx, body.value));
      if (!done.ok) return done.error;
      if (isPostingRun(done.value) && done.value.deferred.length > 0) {
        // Two-step posting run: the first part is committed and visible; the rest lands after the gap.
        await waitAtGate(gate, behaviours.postingHold ? undefined : behaviours.postingGapMs);
        if (stopped) return 'hang';
        landDeferredRows(ctx, done.value.deferred);
      }
      answer = () => sendEmpty(res, 204);
    } else if (key.kind === 'value') {
      const keyValue = key.value;
      const done = runWrite(() => handlers.update!(ctx, keyValue, body.value));
      if (!done.ok) return done.error;
      const after = behaviours.updateStatus === '200' && handlers.get ? handlers.get(ctx, keyValue) : undefined;
      answer = () =>
        after?.ok
          ? sendJson(res, 200, { '@odata.context': `${companyUrl}/${route.module}/$metadata#${route.resource}/$entity`, ...after.value })
          : sendEmpty(res, 204);
    } else {
      return notAllowed;
    }
    if (faults.hangAfterWrite > 0) {
      faults.hangAfterWrite--;
      log.info({ route }, 'fault: write committed, response withheld');
      return 'hang';
    }
    answer();
    return undefined;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    // Admin routes for tests and operators, outside the Web API (like the Intacct emulator's); not counted as requests.
    if (url.pathname.startsWith('/_emulator/')) {
      await handleAdmin(req, res, url.pathname, { behaviours: () => behaviours, setBehaviours, releasePostings });
      return;
    }
    requests++;
    if (faults.error5xx > 0) {
      faults.error5xx--;
      sendFault(res, { status: 500, code: 'InternalServerError', message: 'An unexpected error occurred (injected fault).' });
      return;
    }
    const parsed = parseRoute(url.pathname);
    if (!parsed.ok) {
      sendFault(res, { status: 404, code: 'ResourceNotFound', message: `No Web API resource at ${url.pathname}.` });
      return;
    }
    const creds = basicCredentials(req.headers.authorization);
    if (!creds || !same(creds.user.toUpperCase(), user.toUpperCase()) || !same(creds.password, password)) {
      sendFault(res, { status: 401, code: 'Unauthorized', message: 'Authorization has been denied for this request.' });
      return;
    }
    // Sage answers 500 when Content-Type is missing, on every verb (reference §8.1).
    if (!req.headers['content-type']) {
      sendFault(res, {
        status: 500,
        code: 'InternalServerError',
        message: 'The request has no Content-Type header; send Content-Type: application/json.',
      });
      return;
    }
    if (parsed.value.company.toUpperCase() !== companyId) {
      sendFault(res, {
        status: 400,
        code: 'InvalidParameters',
        message: `Company '${parsed.value.company}' is not available on this server.`,
      });
      return;
    }
    const outcome = await dispatch(req, res, creds.user.toUpperCase(), parsed.value, url.searchParams);
    if (outcome === 'hang' || outcome === undefined) return;
    sendFault(res, outcome);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log.error({ err: error }, 'emulator bug');
      if (!res.headersSent)
        sendFault(res, { status: 500, code: 'InternalServerError', message: 'Internal error in the Sage 300 emulator.' });
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  companyUrl = `http://${host}:${port}${API_ROOT}${companyId}`;
  log.info({ baseUrl: companyUrl }, 'sage300 web api emulator listening');

  return {
    baseUrl: companyUrl,
    port,
    companyId,
    user,
    password,
    db,
    setFaults(next) {
      Object.assign(faults, next);
    },
    setBehaviours,
    behaviours: () => behaviours,
    releasePostings,
    requestCount: () => requests,
    async stop() {
      stopped = true;
      releasePostings();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
