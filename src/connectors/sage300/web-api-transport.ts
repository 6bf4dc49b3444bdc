/**
 * One HTTP exchange with the Sage 300 Web API, with limiting and the retry rules that keep writes exactly-once:
 * reads and idempotent writes are retried; a create is resent only after a read-back proves it did not land.
 * This file judges each attempt; the platform's retry loop decides when to wait and when to stop.
 */
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { Clock } from '../../platform/clock.ts';
import type { Limiter } from '../../platform/limiter.ts';
import type { Logger } from '../../platform/logger.ts';
import { runWithRetry, type RetryLoopOptions, type RetryVerdict } from '../../platform/retry-loop.ts';
import type { RetryBudget } from '../../platform/retry-policy.ts';
import { parseJsonExact, stringifyJsonExact } from './web-api-json.ts';
import { errorFromResponse, makeWebApiError, scrubWebApiError, type Sage300WebApiError, type WebApiOutcome } from './web-api-errors.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** What a read-back says about a write whose response was lost. */
export type ProbeResult = 'absent' | 'present' | 'unavailable';

/**
 * How safe a request is to send again:
 * - `repeatable`: GET, and PUT/PATCH that set a record by key to the same values;
 * - `probe`: a create that may be resent only when the probe proves it is absent;
 * - `once`: a create with no way to check (no caller key), so a lost response is an unknown outcome.
 */
export type RequestSafety = { kind: 'repeatable' } | { kind: 'probe'; probe: () => Promise<ProbeResult> } | { kind: 'once' };

interface WebApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the company URL (`AP/APVendors('1200')`) or an absolute URL on the same origin. */
  path: string;
  /** Already-encoded query string without `?`. */
  query?: string;
  body?: unknown;
  safety: RequestSafety;
}

interface WebApiResponse {
  status: number;
  /** Parsed JSON; undefined for an empty body (PUT, PATCH, `$process` answer with none). */
  data: unknown;
}

export interface WebApiTransportDeps {
  http: AxiosInstance;
  limiter: Limiter;
  budget: RetryBudget;
  retry: RetryLoopOptions;
  log: Logger;
  clock: Clock;
  random: () => number;
  /** Redacted from every error string. */
  secrets: readonly string[];
}

export type WebApiTransport = (request: WebApiRequest) => Promise<WebApiOutcome<WebApiResponse>>;

/** Axios instance for one company URL: Basic auth, JSON both ways, no redirects, no status throwing. */
export function createWebApiHttp(config: { baseUrl: string; user: string; password: string; timeoutMs: number }): AxiosInstance {
  return axios.create({
    baseURL: config.baseUrl.endsWith('/') ? config.baseUrl : `${config.baseUrl}/`,
    timeout: config.timeoutMs,
    auth: { username: config.user, password: config.password },
    // Sage answers HTTP 500 when Content-Type is missing, on every verb (reference §8.1).
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    maxRedirects: 0,
  });
}

/** What one HTTP attempt produced, before any judgement. */
export type WebApiAttempt =
  { kind: 'response'; response: AxiosResponse<string> } | { kind: 'network'; sent: boolean; timedOut: boolean; text: string };

/** A retry verdict that also says whether the failed attempt may have been applied (so a create needs a read-back). */
export type WebApiVerdict = RetryVerdict<WebApiResponse, Sage300WebApiError> & { appliedMaybe?: boolean };

/** Errors where the request provably never reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT']);

function parseBody(text: string): Result<unknown, undefined> {
  if (text.trim() === '') return ok(undefined);
  try {
    return ok(parseJsonExact(text));
  } catch {
    return err(undefined);
  }
}

function retryAfterMs(response: AxiosResponse<string>): number | undefined {
  const header: unknown = response.headers['retry-after'];
  if (typeof header !== 'string' || !/^\d+$/.test(header)) return undefined;
  return Number(header) * 1000;
}

/** Pure retry/classification decision for one attempt, before the request's safety is considered. */
export function judgeWebApiAttempt(result: WebApiAttempt, label: string): WebApiVerdict {
  if (result.kind === 'network') {
    const error = makeWebApiError({ code: result.timedOut ? 'transient' : 'transport', request: label, text: result.text });
    return { kind: 'retry', error, appliedMaybe: result.sent };
  }
  const { status, data } = result.response;
  if (status >= 200 && status < 300) {
    const parsed = parseBody(data);
    if (!parsed.ok)
      return {
        kind: 'fail',
        error: makeWebApiError({ code: 'transport', request: label, httpStatus: status, text: 'response body is not JSON' }),
      };
    return { kind: 'done', value: { status, data: parsed.value } };
  }
  const error = errorFromResponse(status, data, label);
  if (error.code !== 'transient') return { kind: 'fail', error };
  const retryAfter = retryAfterMs(result.response);
  // 429 is refused before any work is done; other 5xx may come after the view wrote.
  return { kind: 'retry', error, appliedMaybe: status !== 429, ...(retryAfter === undefined ? {} : { retryAfterMs: retryAfter }) };
}

export function createWebApiTransport(deps: WebApiTransportDeps): WebApiTransport {
  const log = deps.log.child({ module: 'sage300-web-api' });
  const origin = new URL(deps.http.defaults.baseURL ?? 'http://invalid/').origin;

  async function once(request: WebApiRequest): Promise<WebApiAttempt> {
    const url = request.query ? `${request.path}?${request.query}` : request.path;
    try {
      const response = await deps.limiter.schedule(() =>
        deps.http.request<string>({
          method: request.method,
          url,
          ...(request.body === undefined ? {} : { data: stringifyJsonExact(request.body) }),
        }),
      );
      return { kind: 'response', response };
    } catch (error) {
      const code = axios.isAxiosError(error) ? error.code : undefined;
      const text = error instanceof Error ? error.message : String(error);
      return {
        kind: 'network',
        sent: code === undefined || !NOT_SENT_CODES.has(code),
        timedOut: code !== undefined && TIMEOUT_CODES.has(code),
        text,
      };
    }
  }

  return async function send(request: WebApiRequest): Promise<WebApiOutcome<WebApiResponse>> {
    const label = `${request.method} ${request.path.startsWith('http') ? new URL(request.path).pathname : request.path}`;
    if (request.path.startsWith('http') && new URL(request.path).origin !== origin) {
      // A nextLink to another host would receive our Basic credentials.
      return {
        ok: false,
        error: makeWebApiError({
          code: 'transport',
          request: label,
          text: `refusing to follow a link to another origin (${new URL(request.path).origin})`,
        }),
      };
    }
    const fail = (error: Sage300WebApiError): WebApiOutcome<WebApiResponse> => ({
      ok: false,
      error: scrubWebApiError(error, deps.secrets),
    });
    const outcome = await runWithRetry(
      async (attempt): Promise<WebApiVerdict> => {
        const started = deps.clock.now();
        const result = await once(request);
        if (result.kind === 'response') {
          log.debug(
            { request: label, status: result.response.status, ms: deps.clock.now() - started, attempt },
            'sage300 web api response',
          );
        } else {
          log.debug({ request: label, attempt, sent: result.sent, timedOut: result.timedOut }, 'sage300 web api network failure');
        }
        const verdict = judgeWebApiAttempt(result, label);
        if (verdict.kind !== 'retry' || verdict.appliedMaybe !== true || request.safety.kind === 'repeatable') return verdict;
        if (request.safety.kind === 'once') return { kind: 'fail', error: unknownOutcome(verdict.error, 'not_probed') };
        const probe = await request.safety.probe().catch((): ProbeResult => 'unavailable');
        if (probe === 'present') return { kind: 'fail', error: unknownOutcome(verdict.error, 'found') };
        if (probe === 'unavailable') return { kind: 'fail', error: unknownOutcome(verdict.error, 'unavailable') };
        log.info({ request: label, attempt }, 'read-back proved the create did not land; resending');
        return verdict;
      },
      { retry: deps.retry, budget: deps.budget, clock: deps.clock, random: deps.random },
    );
    return outcome.ok ? outcome : fail(outcome.error);
  };
}

function unknownOutcome(cause: Sage300WebApiError, probe: NonNullable<Sage300WebApiError['probe']>): Sage300WebApiError {
  const why =
    probe === 'found'
      ? 'the record exists now but may predate this request'
      : probe === 'unavailable'
        ? 'the read-back failed'
        : 'no read-back is possible';
  return makeWebApiError({
    code: 'unknown_outcome',
    ...(cause.request === undefined ? {} : { request: cause.request }),
    ...(cause.httpStatus === undefined ? {} : { httpStatus: cause.httpStatus }),
    ...(cause.sageCode === undefined ? {} : { sageCode: cause.sageCode }),
    text: `write may or may not have been applied (${why}); resolve by reading back, never by a blind resend. Cause: ${cause.sageMessage ?? cause.message}`,
    probe,
  });
}
