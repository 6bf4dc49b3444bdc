import axios, { AxiosError, type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../platform/clock.ts';
import { unlimited } from '../../platform/limiter.ts';
import { silentLogger } from '../../platform/logger.ts';
import { RetryBudget } from '../../platform/retry-policy.ts';
import {
  createWebApiTransport,
  judgeWebApiAttempt,
  type ProbeResult,
  type RequestSafety,
  type WebApiAttempt,
} from './web-api-transport.ts';

type Step =
  { status: number; body?: unknown; headers?: Record<string, string> } | { network: 'ECONNREFUSED' | 'ECONNABORTED' | 'ECONNRESET' };

/** Scripted HTTP answers through axios's adapter hook (dependency injection, not a module mock). */
function harness(steps: Step[], budgetTokens = 10) {
  const calls: string[] = [];
  const sleeps: number[] = [];
  const adapter: AxiosAdapter = (config: InternalAxiosRequestConfig) => {
    calls.push(`${config.method?.toUpperCase()} ${config.url}`);
    const step = steps.shift() ?? { status: 599 };
    if ('network' in step) return Promise.reject(new AxiosError('network', step.network, config));
    const data = step.body === undefined ? '' : JSON.stringify(step.body);
    return Promise.resolve({ data, status: step.status, statusText: '', headers: step.headers ?? {}, config });
  };
  const http = axios.create({
    baseURL: 'http://sage.test/Sage300WebApi/v1.0/-/SAMINC/',
    adapter,
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
  });
  const clock: Clock = {
    now: () => 0,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
  };
  const send = createWebApiTransport({
    http,
    limiter: unlimited,
    budget: new RetryBudget({ initialTokens: budgetTokens, ratio: 0, maxTokens: budgetTokens }),
    retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 1000 },
    log: silentLogger(),
    clock,
    random: () => 0.5,
    secrets: ['pw-secret'],
  });
  return { send, calls, sleeps };
}

const sageError = (code: string) => ({ error: { code, message: { lang: 'en-US', value: code } } });
const GET: RequestSafety = { kind: 'repeatable' };

describe('Web API transport retry rules', () => {
  it('retries a GET with backoff and jitter, then succeeds', async () => {
    const h = harness([{ status: 503 }, { status: 500, body: sageError('InternalServerError') }, { status: 200, body: { Amount: 1.1 } }]);
    const out = await h.send({ method: 'GET', path: 'AP/APVendors', safety: GET });
    expect(out).toEqual({ ok: true, value: { status: 200, data: { Amount: '1.1' } } });
    expect(h.sleeps).toEqual([50, 100]);
  });

  it('stops retrying when the shared budget is spent', async () => {
    const h = harness([{ status: 500 }, { status: 500 }, { status: 500 }], 1);
    const out = await h.send({ method: 'GET', path: 'AP/APVendors', safety: GET });
    expect(h.calls).toHaveLength(2);
    expect(!out.ok && out.error.code).toBe('transient');
  });

  it('honours Retry-After on 429 and resends even a create (refused before any work)', async () => {
    const h = harness([
      { status: 429, body: sageError('TooManyRequests'), headers: { 'retry-after': '1' } },
      { status: 201, body: { VendorNumber: 'V1' } },
    ]);
    const out = await h.send({ method: 'POST', path: 'AP/APVendors', body: {}, safety: { kind: 'once' } });
    expect(out.ok).toBe(true);
    expect(h.sleeps).toEqual([1000]);
  });

  it('resends a create after a refused connection without probing (nothing was sent)', async () => {
    const h = harness([{ network: 'ECONNREFUSED' }, { status: 201, body: {} }]);
    const out = await h.send({ method: 'POST', path: 'AP/APVendors', body: {}, safety: { kind: 'once' } });
    expect(out.ok).toBe(true);
  });

  it('never resends a keyless create that timed out', async () => {
    const h = harness([{ network: 'ECONNABORTED' }, { status: 201, body: {} }]);
    const out = await h.send({ method: 'POST', path: 'GL/GLJournalBatches', body: {}, safety: { kind: 'once' } });
    expect(h.calls).toHaveLength(1);
    expect(!out.ok && out.error).toMatchObject({ code: 'unknown_outcome', probe: 'not_probed' });
  });

  it.each([
    ['present', 'found'],
    ['unavailable', 'unavailable'],
  ] as const)('reports unknown_outcome when the read-back is %s', async (probe, expected) => {
    const h = harness([{ network: 'ECONNRESET' }]);
    const out = await h.send({
      method: 'POST',
      path: 'AP/APVendors',
      body: {},
      safety: { kind: 'probe', probe: () => Promise.resolve<ProbeResult>(probe) },
    });
    expect(!out.ok && out.error).toMatchObject({ code: 'unknown_outcome', probe: expected });
    expect(h.calls).toHaveLength(1);
  });

  it('does not retry business errors and keeps the Sage code', async () => {
    const h = harness([{ status: 409, body: sageError('General') }]);
    const out = await h.send({ method: 'PATCH', path: "AP/APVendors('V1')", body: {}, safety: GET });
    expect(h.calls).toHaveLength(1);
    expect(!out.ok && out.error).toMatchObject({ code: 'business_rule', sageCode: 'General', httpStatus: 409 });
  });

  it('refuses to follow a link to another origin with our credentials', async () => {
    const h = harness([]);
    const out = await h.send({ method: 'GET', path: 'http://evil.test/Sage300WebApi/v1.0/-/SAMINC/AP/APVendors?$skip=100', safety: GET });
    expect(h.calls).toHaveLength(0);
    expect(!out.ok && out.error.code).toBe('transport');
  });
});

describe('judgeWebApiAttempt (retry decision table)', () => {
  const res = (status: number, body = '', headers: Record<string, string> = {}): WebApiAttempt => ({
    kind: 'response',
    response: { data: body, status, statusText: '', headers, config: {} as InternalAxiosRequestConfig },
  });
  const net = (sent: boolean, timedOut: boolean): WebApiAttempt => ({ kind: 'network', sent, timedOut, text: 'socket' });
  const cases: [string, WebApiAttempt, string, string | undefined, boolean | undefined][] = [
    ['2xx JSON is done', res(200, '{"Amount": 1.10}'), 'done', undefined, undefined],
    ['2xx that is not JSON fails', res(200, '<html>'), 'fail', 'transport', undefined],
    ['429 is retried and was not applied', res(429, JSON.stringify(sageError('TooManyRequests'))), 'retry', 'transient', false],
    ['503 is retried and may have been applied', res(503), 'retry', 'transient', true],
    ['409 is a business error, not retried', res(409, JSON.stringify(sageError('General'))), 'fail', 'business_rule', undefined],
    ['refused connection is retried, never sent', net(false, false), 'retry', 'transport', false],
    ['timeout after sending may have been applied', net(true, true), 'retry', 'transient', true],
  ];
  it.each(cases)('%s', (_name, attempt, kind, code, appliedMaybe) => {
    const v = judgeWebApiAttempt(attempt, 'GET AP/APVendors');
    expect(v.kind).toBe(kind);
    if (v.kind === 'done') expect(v.value.data).toEqual({ Amount: '1.10' });
    if (v.kind !== 'done') expect(v.error.code).toBe(code);
    expect(v.appliedMaybe).toBe(appliedMaybe);
  });

  it('carries Retry-After as the minimum wait', () => {
    const v = judgeWebApiAttempt(res(429, '', { 'retry-after': '2' }), 'GET x');
    expect(v).toMatchObject({ kind: 'retry', retryAfterMs: 2000 });
  });
});
