import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from './clock.ts';
import { retryDelay, runWithRetry, type RetryLoopDeps, type RetryVerdict } from './retry-loop.ts';
import { RetryBudget } from './retry-policy.ts';

type V = RetryVerdict<string, string>;

function deps(tokens = 10, maxRetries = 3): RetryLoopDeps {
  return {
    retry: { maxRetries, baseDelayMs: 100, maxDelayMs: 1000 },
    budget: new RetryBudget({ initialTokens: tokens, ratio: 0, maxTokens: tokens }),
    clock: systemClock,
    random: () => 0.5,
  };
}

/** An attempt function answering from a script, counting its calls. */
function script(verdicts: V[]): { attempt: () => Promise<V>; calls: () => number } {
  let n = 0;
  return { attempt: () => Promise.resolve(verdicts[n++] ?? { kind: 'retry', error: 'script ran out' }), calls: () => n };
}

describe('retryDelay', () => {
  it('uses the jittered backoff, raised to Retry-After and capped at the maximum', () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(retryDelay(2, opts, () => 0.5)).toBe(200);
    expect(retryDelay(2, opts, () => 0.5, 700)).toBe(700);
    expect(retryDelay(2, opts, () => 0.5, 60_000)).toBe(1000);
  });
});

describe('runWithRetry', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits the backoff on the clock between attempts and returns the value once done', async () => {
    const s = script([
      { kind: 'retry', error: 'busy' },
      { kind: 'retry', error: 'busy', retryAfterMs: 800 },
      { kind: 'done', value: 'ok' },
    ]);
    const retries: number[] = [];
    const out = runWithRetry(s.attempt, deps(), { onRetry: ({ delayMs }) => retries.push(delayMs) });
    await vi.advanceTimersByTimeAsync(49);
    expect(s.calls()).toBe(1); // still sleeping the first 50 ms
    await vi.advanceTimersByTimeAsync(1);
    expect(s.calls()).toBe(2);
    await vi.advanceTimersByTimeAsync(799);
    expect(s.calls()).toBe(2); // Retry-After holds the second retry to 800 ms
    await vi.advanceTimersByTimeAsync(1);
    await expect(out).resolves.toEqual({ ok: true, value: 'ok' });
    expect(retries).toEqual([50, 800]);
  });

  it('returns a failure verdict at once without spending the budget', async () => {
    const d = deps(2);
    const s = script([{ kind: 'fail', error: 'bad request' }]);
    await expect(runWithRetry(s.attempt, d)).resolves.toEqual({ ok: false, error: 'bad request' });
    expect(s.calls()).toBe(1);
    expect(d.budget.available).toBe(2);
  });

  it('gives up with the last error after maxRetries retries', async () => {
    const s = script([]);
    const gaveUp: string[] = [];
    const out = runWithRetry(s.attempt, deps(10, 2), { onGiveUp: ({ reason }) => gaveUp.push(reason) });
    await vi.runAllTimersAsync();
    await expect(out).resolves.toEqual({ ok: false, error: 'script ran out' });
    expect(s.calls()).toBe(3);
    expect(gaveUp).toEqual(['max_retries']);
  });

  it('gives up when the shared budget is spent, before the retry limit', async () => {
    const s = script([]);
    const gaveUp: string[] = [];
    const out = runWithRetry(s.attempt, deps(1, 5), { onGiveUp: ({ reason }) => gaveUp.push(reason) });
    await vi.runAllTimersAsync();
    await expect(out).resolves.toMatchObject({ ok: false });
    expect(s.calls()).toBe(2);
    expect(gaveUp).toEqual(['budget']);
  });
});
