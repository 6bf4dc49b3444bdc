import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../platform/logger.ts';
import { unlimited } from '../../platform/limiter.ts';
import { ORDINARY_NAMES, secretFor, SENSITIVE_NAMES } from '../../platform/redaction.test-support.ts';
import { RetryBudget } from '../../platform/retry-policy.ts';
import { controlFailureResponse, okResponse, startFakeGateway, type FakeGateway, type Handler } from './fake-gateway.test-support.ts';
import { judgeAttempt, createTransport, type AttemptResult, type Transport } from './transport.ts';

const OK_BODY = okResponse([]);

describe('judgeAttempt (retry decision table)', () => {
  const err = (code: string, sent: boolean, timeout = false): AttemptResult => ({ kind: 'error', code, message: code, sent, timeout });
  const res = (status: number, body = OK_BODY): AttemptResult => ({ kind: 'response', status, body });
  const cases: [string, AttemptResult, boolean, string, string?][] = [
    ['200 with a response', res(200), true, 'done'],
    ['500 is retried', res(500, ''), true, 'retry', 'transport'],
    ['503 is retried', res(503, 'busy'), false, 'retry', 'transport'],
    ['524 is not retried; a write has an unknown outcome', res(524, ''), true, 'fail', 'unknown_outcome'],
    ['524 on a read is a transport error', res(524, ''), false, 'fail', 'transport'],
    ['429 is retried as rate_limited', res(429, controlFailureResponse('GW-0010', 'Too many')), true, 'retry', 'rate_limited'],
    ['200 with GW-0010 body is retried', res(200, controlFailureResponse('GW-0010', 'Too many')), true, 'retry', 'rate_limited'],
    [
      '401 is auth_failed, not retried',
      res(401, controlFailureResponse('XMLGW_JPP0002', 'Sign-in information is incorrect')),
      false,
      'fail',
      'auth_failed',
    ],
    ['malformed 200 body on a read is transport', res(200, '<response><control>'), false, 'fail', 'transport'],
    ['malformed 200 body on a write has an unknown outcome', res(200, '<response><control>'), true, 'fail', 'unknown_outcome'],
    ['redirect is transport', res(302, ''), false, 'fail', 'transport'],
    ['refused is retried', err('ECONNREFUSED', false), true, 'retry', 'transport'],
    ['reset before send is retried', err('ECONNRESET', false), true, 'retry', 'transport'],
    ['reset after send of a write is retried (same controlids + uniqueid)', err('ECONNRESET', true), true, 'retry', 'transport'],
    ['EPIPE is retried', err('EPIPE', true), false, 'retry', 'transport'],
    ['timeout after a write was sent is unknown_outcome', err('ETIMEDOUT', true, true), true, 'fail', 'unknown_outcome'],
    ['timeout on a read is retried', err('ETIMEDOUT', true, true), false, 'retry', 'transport'],
    ['connect timeout before a write was sent is retried', err('ETIMEDOUT', false, true), true, 'retry', 'transport'],
    ['DNS failure is not retried', err('ENOTFOUND', false), false, 'fail', 'transport'],
  ];
  it.each(cases)('%s', (_name, attempt, hasWrite, kind, code) => {
    const v = judgeAttempt(attempt, hasWrite);
    expect(v.kind).toBe(kind);
    if (code !== undefined && v.kind !== 'done') expect(v.error.code).toBe(code);
  });
});

describe('transport against a loopback server', () => {
  let gw: FakeGateway | undefined;
  let transport: Transport | undefined;
  afterEach(async () => {
    transport?.close();
    await gw?.close();
    gw = undefined;
  });

  const sleeps: number[] = [];
  async function setup(handler: Handler, opts: { maxRetries?: number; budget?: number; timeoutMs?: number } = {}) {
    sleeps.length = 0;
    gw = await startFakeGateway(handler);
    transport = createTransport({
      limiter: unlimited,
      clock: {
        now: () => 0,
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      },
      random: () => 0.5,
      budget: new RetryBudget({ initialTokens: opts.budget ?? 10, ratio: 0, maxTokens: 10 }),
      retry: { maxRetries: opts.maxRetries ?? 3, baseDelayMs: 100, maxDelayMs: 1000, budgetInitial: 10, budgetRatio: 0 },
      timeoutMs: opts.timeoutMs ?? 2000,
      userAgent: 'test',
      log: silentLogger(),
    });
    return { gw, transport };
  }
  const BODY =
    '<?xml version="1.0" encoding="UTF-8"?><request><control><uniqueid>true</uniqueid></control><operation transaction="false"><authentication><sessionid>s</sessionid></authentication><content><function controlid="w1"><create><VENDOR/></create></function></content></operation></request>';

  it('masks every sensitive element of the shared vocabulary (swift and iban included) in the request and response it logs', async () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
    const elements = (names: readonly string[]) => names.map((n) => `<${n}>${secretFor(n)}</${n}>`).join('');
    const leaves = elements([...SENSITIVE_NAMES, ...ORDINARY_NAMES]);
    gw = await startFakeGateway(() => ({ body: okResponse([`<result><status>success</status><data>${leaves}</data></result>`]) }));
    transport = createTransport({
      limiter: unlimited,
      clock: { now: () => 0, sleep: () => Promise.resolve() },
      random: () => 0.5,
      budget: new RetryBudget({ initialTokens: 10, ratio: 0, maxTokens: 10 }),
      retry: { maxRetries: 0, baseDelayMs: 100, maxDelayMs: 1000, budgetInitial: 10, budgetRatio: 0 },
      timeoutMs: 2000,
      userAgent: 'test',
      log,
    });
    // Whether the canned result parses does not matter here: both bodies are logged before they are judged.
    await transport.send(gw.url, BODY.replace('<VENDOR/>', `<VENDOR>${leaves}</VENDOR>`), { hasWrite: true });
    expect(gw.requests[0]!.body).toContain(secretFor('swift'));
    const logged = lines.join('');
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg).slice(0, 2)).toEqual(['intacct request', 'intacct response']);
    for (const name of SENSITIVE_NAMES) expect(logged, name).not.toContain(secretFor(name));
    for (const name of ORDINARY_NAMES) expect(logged, name).toContain(secretFor(name));
  });

  it('retries 5xx with the identical body, backing off with full jitter, then succeeds', async () => {
    const { gw, transport } = await setup((_r, i) => (i < 2 ? { status: 502, body: 'bad gateway' } : { body: OK_BODY }));
    const out = await transport.send(gw.url, BODY, { hasWrite: true });
    expect(out.ok).toBe(true);
    expect(gw.requests.map((r) => r.body)).toEqual([BODY, BODY, BODY]);
    expect(sleeps).toEqual([50, 100]); // random 0.5 * min(1000, 100 * 2^attempt)
    expect(transport.stats).toEqual({ requests: 3, retries: 2 });
  });

  it('does not retry 524', async () => {
    const { gw, transport } = await setup(() => ({ status: 524 }));
    const out = await transport.send(gw.url, BODY, { hasWrite: false });
    expect(!out.ok && out.error.code).toBe('transport');
    expect(!out.ok && out.error.httpStatus).toBe(524);
    expect(gw.requests).toHaveLength(1);
  });

  it('rides out a 429 storm and honours Retry-After within maxDelayMs', async () => {
    const { gw, transport } = await setup(
      (_r, i) =>
        i < 3 ? { status: 429, body: controlFailureResponse('GW-0010', 'Too many'), headers: { 'Retry-After': '2' } } : { body: OK_BODY },
      { maxRetries: 5 },
    );
    const out = await transport.send(gw.url, BODY, { hasWrite: true });
    expect(out.ok).toBe(true);
    expect(gw.requests).toHaveLength(4);
    expect(sleeps).toEqual([1000, 1000, 1000]);
  });

  it('gives up with rate_limited after maxRetries', async () => {
    const { gw, transport } = await setup(() => ({ status: 429, body: controlFailureResponse('GW-0010', 'Too many') }), { maxRetries: 2 });
    const out = await transport.send(gw.url, BODY, { hasWrite: false });
    expect(!out.ok && out.error.code).toBe('rate_limited');
    expect(!out.ok && out.error.errorno).toBe('GW-0010');
    expect(gw.requests).toHaveLength(3);
  });

  it('stops retrying when the retry budget is spent, returning the last error', async () => {
    const { gw, transport } = await setup(() => ({ status: 503 }), { maxRetries: 10, budget: 2 });
    const out = await transport.send(gw.url, BODY, { hasWrite: false });
    expect(!out.ok && out.error.httpStatus).toBe(503);
    expect(gw.requests).toHaveLength(3); // first attempt + 2 budgeted retries
  });

  it('reports a timed-out write as unknown_outcome and never resends it', async () => {
    const { gw, transport } = await setup(() => ({ delayMs: 600, body: OK_BODY }), { timeoutMs: 150 });
    const out = await transport.send(gw.url, BODY, { hasWrite: true });
    expect(!out.ok && out.error.code).toBe('unknown_outcome');
    await new Promise((r) => setTimeout(r, 50));
    expect(gw.requests).toHaveLength(1);
  });

  it('retries a timed-out read', async () => {
    const { gw, transport } = await setup((_r, i) => (i === 0 ? { delayMs: 600, body: OK_BODY } : { body: OK_BODY }), { timeoutMs: 150 });
    const out = await transport.send(gw.url, BODY, { hasWrite: false });
    expect(out.ok).toBe(true);
    expect(gw.requests).toHaveLength(2);
  });

  it('retries a connection dropped without an answer', async () => {
    const { gw, transport } = await setup((_r, i) => (i === 0 ? { destroy: true } : { body: OK_BODY }));
    const out = await transport.send(gw.url, BODY, { hasWrite: true });
    expect(out.ok).toBe(true);
    expect(gw.requests.map((r) => r.body)).toEqual([BODY, BODY]);
  });

  it('retries a refused connection and then reports it unreachable: no attempt sent a byte', async () => {
    const { transport } = await setup(() => ({ body: OK_BODY }), { maxRetries: 2 });
    const out = await transport.send('http://127.0.0.1:1/ia/xml/xmlgw.phtml', BODY, { hasWrite: true });
    expect(!out.ok && out.error.code).toBe('unreachable');
    expect(!out.ok && out.error.message).toMatch(/ECONNREFUSED/);
    expect(transport.stats.requests).toBe(3);
  });
});
