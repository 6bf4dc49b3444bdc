/**
 * Sage 300 Web API client: Basic auth, OData reads with paging, and writes whose retry behaviour follows from
 * whether they are safe to repeat (see web-api-transport.ts). Typed resource methods live in web-api-resources.ts.
 */
import { systemClock, type Clock } from '../../platform/clock.ts';
import { createLimiter, type Limiter } from '../../platform/limiter.ts';
import type { Logger } from '../../platform/logger.ts';
import { RetryBudget } from '../../platform/retry-policy.ts';
import { makeWebApiError, type WebApiOutcome } from './web-api-errors.ts';
import { buildQueryString, keySegment, pagingFromNextLink, type EntityKey, type ODataQuery } from './web-api-odata.ts';
import type { CreateOptions, ODataPage, Sage300WebApiOperations } from './web-api-operations.ts';
import { bindSage300Resources, type Sage300Resources } from './web-api-resources.ts';
import {
  createWebApiHttp,
  createWebApiTransport,
  type ProbeResult,
  type RequestSafety,
  type WebApiTransport,
} from './web-api-transport.ts';

export interface Sage300WebApiClientConfig {
  /** Company URL, e.g. `https://erp.example.com/Sage300WebApi/v1.0/-/SAMINC`. */
  baseUrl: string;
  user: string;
  password: string;
  /** Requests in flight at once (default 4). */
  maxConcurrent?: number;
  /** Per-request timeout (default 60 s). */
  timeoutMs?: number;
  retry?: {
    maxRetries?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    budgetInitial?: number;
    budgetRatio?: number;
  };
}

export interface Sage300WebApiClientDeps {
  log: Logger;
  clock?: Clock;
  random?: () => number;
  /** Shared limiter, e.g. one per Sage server; default is one per client. */
  limiter?: Limiter;
}

// The operation types live in web-api-operations.ts so the typed resources can use them without importing this file.

export interface Sage300WebApiClient extends Sage300WebApiOperations, Sage300Resources {
  readonly companyId: string;
  close(): Promise<void>;
}

const REPEATABLE: RequestSafety = { kind: 'repeatable' };
const DEFAULT_PAGE_LIMIT = 1_000_000;

function companyOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  const parts = url.pathname.split('/').filter((p) => p !== '');
  const company = parts.at(-1);
  if (parts.length < 4 || company === undefined || parts.at(-2) !== '-') {
    throw new TypeError(`baseUrl must end in /Sage300WebApi/v1.0/-/{COMPANY}, got ${url.pathname}`);
  }
  return decodeURIComponent(company);
}

function asObject(data: unknown): Record<string, unknown> | undefined {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
}

/** An entity without its OData annotations (`@odata.context`, …), which are transport, not data. */
function entityOf(data: unknown): Record<string, unknown> | undefined {
  const obj = asObject(data);
  return obj === undefined
    ? undefined
    : Object.fromEntries(Object.entries(obj).filter(([k]) => !k.startsWith('@odata.') && !k.startsWith('odata.')));
}

export function createSage300WebApiClient(config: Sage300WebApiClientConfig, deps: Sage300WebApiClientDeps): Sage300WebApiClient {
  const companyId = companyOf(config.baseUrl);
  const retry = {
    maxRetries: config.retry?.maxRetries ?? 4,
    baseDelayMs: config.retry?.baseDelayMs ?? 250,
    maxDelayMs: config.retry?.maxDelayMs ?? 20_000,
  };
  const ownLimiter = deps.limiter === undefined;
  const limiter = deps.limiter ?? createLimiter({ maxConcurrent: config.maxConcurrent ?? 4 });
  const send: WebApiTransport = createWebApiTransport({
    http: createWebApiHttp({
      baseUrl: config.baseUrl,
      user: config.user,
      password: config.password,
      timeoutMs: config.timeoutMs ?? 60_000,
    }),
    limiter,
    budget: new RetryBudget({
      initialTokens: config.retry?.budgetInitial ?? 20,
      ratio: config.retry?.budgetRatio ?? 0.2,
      maxTokens: config.retry?.budgetInitial ?? 20,
    }),
    retry,
    log: deps.log,
    clock: deps.clock ?? systemClock,
    random: deps.random ?? Math.random,
    secrets: [config.password],
  });

  const path = (resource: string, key?: EntityKey): string => (key === undefined ? resource : `${resource}${keySegment(key)}`);

  async function getOne<T>(resource: string, key: EntityKey, select?: readonly string[]): Promise<WebApiOutcome<T>> {
    const query = select === undefined ? '' : buildQueryString({ select });
    const out = await send({ method: 'GET', path: path(resource, key), ...(query ? { query } : {}), safety: REPEATABLE });
    if (!out.ok) return out;
    const entity = entityOf(out.value.data);
    if (entity === undefined)
      return {
        ok: false,
        error: makeWebApiError({ code: 'transport', request: `GET ${path(resource, key)}`, text: 'expected a JSON object' }),
      };
    return { ok: true, value: entity as T };
  }

  async function listPage<T>(resource: string, query: ODataQuery = {}): Promise<WebApiOutcome<ODataPage<T>>> {
    const qs = buildQueryString(query);
    const out = await send({ method: 'GET', path: resource, ...(qs ? { query: qs } : {}), safety: REPEATABLE });
    if (!out.ok) return out;
    const feed = asObject(out.value.data);
    const value = feed?.value;
    if (!Array.isArray(value))
      return {
        ok: false,
        error: makeWebApiError({ code: 'transport', request: `GET ${resource}`, text: 'expected an OData feed with a value array' }),
      };
    const page: ODataPage<T> = { value: value as T[] };
    const next = feed?.['@odata.nextLink'] ?? feed?.['odata.nextLink'];
    if (typeof next === 'string' && next !== '') page.nextLink = next;
    const count = feed?.['@odata.count'] ?? feed?.['odata.count'];
    if (typeof count === 'number' || (typeof count === 'string' && /^\d+$/.test(count))) page.count = Number(count);
    return { ok: true, value: page };
  }

  async function listAll<T>(resource: string, query: ODataQuery = {}, options: { maxItems?: number } = {}): Promise<WebApiOutcome<T[]>> {
    const items: T[] = [];
    const limit = options.maxItems ?? DEFAULT_PAGE_LIMIT;
    let current: ODataQuery = query;
    for (;;) {
      const page = await listPage<T>(resource, current);
      if (!page.ok) return page;
      items.push(...page.value.value);
      if (page.value.nextLink === undefined || items.length >= limit) break;
      const paging = pagingFromNextLink(page.value.nextLink);
      if (paging === undefined || page.value.value.length === 0) {
        return {
          ok: false,
          error: makeWebApiError({
            code: 'transport',
            request: `GET ${resource}`,
            text: `cannot follow @odata.nextLink without $skip: ${page.value.nextLink}`,
          }),
        };
      }
      // The server's $skip counts from the start of the whole result; our own $top bounds the total.
      const remaining = query.top === undefined ? undefined : query.top - items.length;
      if (remaining !== undefined && remaining <= 0) break;
      current = { ...query, skip: paging.skip, ...(remaining === undefined ? {} : { top: remaining }) };
    }
    return { ok: true, value: items.slice(0, limit) };
  }

  function keyProbe(resource: string, key: EntityKey): () => Promise<ProbeResult> {
    return async () => {
      const found = await getOne(resource, key, undefined);
      if (found.ok) return 'present';
      return found.error.code === 'not_found' ? 'absent' : 'unavailable';
    };
  }

  async function create<T>(resource: string, body: unknown, options: CreateOptions = {}): Promise<WebApiOutcome<T>> {
    const probe = options.probe ?? (options.key === undefined ? undefined : keyProbe(resource, options.key));
    const out = await send({
      method: 'POST',
      path: resource,
      body,
      safety: probe === undefined ? { kind: 'once' } : { kind: 'probe', probe },
    });
    if (!out.ok) return out;
    return { ok: true, value: (entityOf(out.value.data) ?? {}) as T };
  }

  async function write(method: 'PATCH' | 'PUT', resource: string, key: EntityKey, body: unknown): Promise<WebApiOutcome<void>> {
    const out = await send({ method, path: path(resource, key), body, safety: REPEATABLE });
    return out.ok ? { ok: true, value: undefined } : out;
  }

  async function processCall(
    resource: string,
    body: unknown,
    options: { probe?: () => Promise<ProbeResult> } = {},
  ): Promise<WebApiOutcome<unknown>> {
    const safety: RequestSafety = options.probe === undefined ? { kind: 'once' } : { kind: 'probe', probe: options.probe };
    const out = await send({ method: 'POST', path: `${resource}('$process')`, body, safety });
    return out.ok ? { ok: true, value: out.value.data } : out;
  }

  const ops: Sage300WebApiOperations = {
    getOne,
    listPage,
    listAll,
    create,
    patch: (resource, key, body) => write('PATCH', resource, key, body),
    put: (resource, key, body) => write('PUT', resource, key, body),
    process: processCall,
  };
  return {
    companyId,
    ...ops,
    ...bindSage300Resources(ops),
    async close() {
      if (ownLimiter) await limiter.stop();
    },
  };
}
