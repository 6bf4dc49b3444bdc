/**
 * The one place that sends HTTP to Intacct and judges each attempt; the platform's retry loop acts on the verdict.
 * A retry resends the same bytes, so the same function
 * controlids reach Intacct again and (with uniqueid=true) a write that did apply is reported as a replay, not redone.
 * A write that timed out after it was sent is never resent here: it is an unknown outcome for the caller to resolve.
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import type { Clock } from '../../platform/clock.ts';
import type { RetryConfig } from '../../platform/config.ts';
import type { Limiter } from '../../platform/limiter.ts';
import type { Logger } from '../../platform/logger.ts';
import { redactXml } from '../../platform/redaction.ts';
import { runWithRetry, type RetryVerdict } from '../../platform/retry-loop.ts';
import type { RetryBudget } from '../../platform/retry-policy.ts';
import { classifyControlFailure, isRateLimitDetail, makeError, withCode, type IntacctError } from './errors.ts';
import { parseResponseXml, type ParsedResponse } from './response-xml.ts';
import type { Outcome } from './types.ts';

/** What one HTTP attempt produced, before any judgement. */
export type AttemptResult =
  | { kind: 'response'; status: number; body: string; retryAfterMs?: number }
  /** `sent` = the request body was fully handed to the socket, so the server may have acted on it. */
  | { kind: 'error'; code: string; message: string; sent: boolean; timeout: boolean };

export type AttemptVerdict = RetryVerdict<ParsedResponse, IntacctError>;

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);
/** Errors raised before a connection exists: no byte of the request can have reached Intacct. */
const NOT_CONNECTED_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Whether an attempt may have put any of the request in front of Intacct (anything but a refused connection). */
function mayHaveReached(attempt: AttemptResult): boolean {
  return attempt.kind === 'response' || attempt.sent || !NOT_CONNECTED_CODES.has(attempt.code);
}
const NOT_RETRIED_5XX = new Set([524]);

/** Pure retry/classification decision for one attempt; unit-tested as a table. */
export function judgeAttempt(attempt: AttemptResult, hasWrite: boolean): AttemptVerdict {
  if (attempt.kind === 'error') {
    const base = { text: `${attempt.code}: ${attempt.message}` };
    if (attempt.timeout) {
      if (hasWrite && attempt.sent) {
        return { kind: 'fail', error: makeError({ code: 'unknown_outcome', context: 'request timed out after it was sent', ...base }) };
      }
      return { kind: 'retry', error: makeError({ code: 'transport', context: 'request timed out', ...base }) };
    }
    // A reset can come after Intacct committed; resending is still safe because the same function controlids go
    // out again with uniqueid=true, so an applied write comes back as a replay. A timeout differs: the first
    // request may still be running, and a replay check against unfinished work is not promised.
    if (attempt.code === 'ECONNREFUSED' || RESET_CODES.has(attempt.code)) {
      return {
        kind: 'retry',
        error: makeError({ code: 'transport', context: attempt.sent ? 'connection dropped' : 'connection failed', ...base }),
      };
    }
    return { kind: 'fail', error: makeError({ code: 'transport', context: 'HTTP request failed', ...base }) };
  }

  const { status, body } = attempt;
  const httpStatus = status;
  const retryAfter = attempt.retryAfterMs === undefined ? {} : { retryAfterMs: attempt.retryAfterMs };
  if (status === 429) {
    const parsed = parseResponseXml(body);
    const details = parsed.ok ? parsed.value.errors : [];
    return { kind: 'retry', error: makeError({ code: 'rate_limited', context: 'HTTP 429', details, httpStatus }), ...retryAfter };
  }
  if (status >= 500) {
    if (NOT_RETRIED_5XX.has(status)) {
      // 524 = the origin took too long: the request ran, or may still be running.
      const code = hasWrite ? 'unknown_outcome' : 'transport';
      return { kind: 'fail', error: makeError({ code, context: `HTTP ${status}`, text: 'gateway timeout from the origin', httpStatus }) };
    }
    return { kind: 'retry', error: makeError({ code: 'transport', context: `HTTP ${status}`, text: 'server error', httpStatus }) };
  }
  if (status < 200 || (status >= 300 && status < 400)) {
    return { kind: 'fail', error: makeError({ code: 'transport', context: `HTTP ${status}`, text: 'unexpected status', httpStatus }) };
  }
  const parsed = parseResponseXml(body);
  if (status === 401) {
    const details = parsed.ok ? parsed.value.errors : [];
    return { kind: 'fail', error: makeError({ code: 'auth_failed', context: 'HTTP 401', details, text: 'unauthorized', httpStatus }) };
  }
  if (!parsed.ok) {
    // A 200 we cannot read may still mean the write ran; only a same-key resend or a read-back can tell.
    const code = hasWrite && status < 300 ? 'unknown_outcome' : parsed.error.code;
    return { kind: 'fail', error: { ...parsed.error, code, httpStatus } };
  }
  const response = parsed.value;
  if (response.control.status === 'failure' && isRateLimitDetail(response.errors)) {
    return { kind: 'retry', error: makeError({ code: 'rate_limited', details: response.errors, httpStatus }), ...retryAfter };
  }
  if (status >= 400 && response.control.status === 'success') {
    return {
      kind: 'fail',
      error: makeError({ code: 'transport', context: `HTTP ${status}`, text: 'error status with a success body', httpStatus }),
    };
  }
  if (status >= 400) {
    const code = classifyControlFailure(response.errors, status);
    return { kind: 'fail', error: makeError({ code, context: `HTTP ${status}`, details: response.errors, httpStatus }) };
  }
  return { kind: 'done', value: response };
}

export interface TransportStats {
  requests: number;
  retries: number;
}

export interface TransportDeps {
  limiter: Limiter;
  clock: Clock;
  random: () => number;
  budget: RetryBudget;
  retry: RetryConfig;
  timeoutMs: number;
  userAgent: string;
  log: Logger;
}

interface SendOptions {
  hasWrite: boolean;
  /** Also counts this send's attempts here: the tally of one client facade among several sharing the transport. */
  tally?: TransportStats;
}

export interface Transport {
  send(url: string, body: string, opts: SendOptions): Promise<Outcome<ParsedResponse>>;
  readonly stats: TransportStats;
  close(): void;
}

function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== 'string' || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}

async function attemptOnce(client: AxiosInstance, url: string, body: string): Promise<AttemptResult> {
  try {
    const res = await client.post<string>(url, body);
    const ra = retryAfterMs(res.headers['retry-after']);
    return {
      kind: 'response',
      status: res.status,
      body: typeof res.data === 'string' ? res.data : '',
      ...(ra === undefined ? {} : { retryAfterMs: ra }),
    };
  } catch (err) {
    if (!axios.isAxiosError(err)) throw err;
    const req = err.request as { writableFinished?: boolean } | undefined;
    const code = err.code ?? 'EUNKNOWN';
    return {
      kind: 'error',
      code,
      message: err.message,
      sent: req?.writableFinished === true,
      timeout: code === 'ETIMEDOUT' || code === 'ECONNABORTED',
    };
  }
}

export function createTransport(deps: TransportDeps): Transport {
  const httpAgent = new http.Agent({ keepAlive: true });
  const httpsAgent = new https.Agent({ keepAlive: true });
  const client = axios.create({
    timeout: deps.timeoutMs,
    maxRedirects: 0,
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
    validateStatus: () => true,
    transitional: { clarifyTimeoutError: true },
    httpAgent,
    httpsAgent,
    headers: { 'Content-Type': 'application/xml', Accept: 'application/xml, text/xml', 'User-Agent': deps.userAgent },
  });
  const stats: TransportStats = { requests: 0, retries: 0 };
  const { retry, log } = deps;

  async function send(url: string, body: string, opts: SendOptions): Promise<Outcome<ParsedResponse>> {
    if (log.isLevelEnabled('debug')) log.debug({ url, body: redactXml(body) }, 'intacct request');
    // A request none of whose attempts got a connection certainly was not sent: its failure says so (`unreachable`),
    // so a write is known not to have applied and can wait, approved, instead of becoming an unknown outcome.
    let reached = false;
    const outcome = await runWithRetry(
      async () => {
        stats.requests++;
        if (opts.tally) opts.tally.requests++;
        const result = await deps.limiter.schedule(() => attemptOnce(client, url, body));
        reached ||= mayHaveReached(result);
        if (result.kind === 'response' && log.isLevelEnabled('debug')) {
          log.debug({ status: result.status, body: redactXml(result.body) }, 'intacct response');
        }
        return judgeAttempt(result, opts.hasWrite);
      },
      { retry, budget: deps.budget, clock: deps.clock, random: deps.random },
      {
        onGiveUp: ({ reason, error }) => {
          if (reason === 'budget') log.warn({ reason: error.message }, 'intacct retry budget exhausted; giving up');
        },
        onRetry: ({ attempt, delayMs, error }) => {
          log.info({ attempt: attempt + 1, delayMs, reason: error.message }, 'intacct request retry');
          stats.retries++;
          if (opts.tally) opts.tally.retries++;
        },
      },
    );
    if (outcome.ok || reached) return outcome;
    return { ok: false, error: withCode(outcome.error, 'unreachable') };
  }

  return {
    send,
    stats,
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
