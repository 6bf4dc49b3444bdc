import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../platform/config.ts';
import { ToolError } from './errors.ts';
import { createRateLimits } from './rate-limits.ts';

const limitsConfig = (rateLimits: Record<string, unknown>) => parseConfig({ rateLimits }, 'test', {}).rateLimits;

afterEach(() => {
  vi.useRealTimers();
});

/** The rate_limited error a promise rejects with. */
async function refusal(p: Promise<unknown>): Promise<ToolError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ToolError);
  expect((error as ToolError).code).toBe('rate_limited');
  return error as ToolError;
}

describe('createRateLimits', () => {
  it('admits a call under the limits without any timer: it completes while timers are frozen', async () => {
    vi.useFakeTimers();
    const limits = createRateLimits(limitsConfig({ default: { calls: 5, windowSeconds: 60, maxConcurrent: 2 } }));
    // With fake timers nothing scheduled on a timer can run; a limiter that waits on one never settles.
    const settled = await Promise.race([
      limits.run('ann', 'get_sync_status', () => Promise.resolve('done')),
      new Promise((resolve) => queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => resolve('pending'))))),
    ]);
    expect(settled).toBe('done');
  });

  it('refuses the call beyond the window budget with the seconds until a call leaves the window', async () => {
    let t = 0;
    const limits = createRateLimits(limitsConfig({ default: { calls: 2, windowSeconds: 60, maxConcurrent: 4 } }), { now: () => t });
    await limits.run('ann', 'x', () => Promise.resolve(1));
    t = 20_000;
    await limits.run('ann', 'x', () => Promise.resolve(1));
    const error = await refusal(limits.run('ann', 'x', () => Promise.resolve(1)));
    expect(error.retryAfterSeconds).toBe(40);
    await limits.run('bob', 'x', () => Promise.resolve(1)); // another principal has its own budget
    t = 60_001;
    await limits.run('ann', 'x', () => Promise.resolve(1));
  });

  it('refuses a call over the concurrency cap at once without spending the budget, and frees the slot when a call ends', async () => {
    const limits = createRateLimits(limitsConfig({ default: { calls: 3, windowSeconds: 60, maxConcurrent: 1 } }));
    let finish!: () => void;
    const first = limits.run('ann', 'x', () => new Promise<void>((resolve) => (finish = resolve)));
    const error = await refusal(limits.run('ann', 'x', () => Promise.resolve()));
    expect(error.message).toMatch(/maxConcurrent/);
    finish();
    await first;
    await limits.run('ann', 'x', () => Promise.reject(new Error('boom'))).catch(() => undefined);
    // 2 calls ran (one failed); the refused one did not count, so a third is still within the budget of 3.
    await limits.run('ann', 'x', () => Promise.resolve());
    await refusal(limits.run('ann', 'x', () => Promise.resolve()));
  });

  it('draws the budget from a shared ledger when given one', async () => {
    const taken: string[] = [];
    const limits = createRateLimits(limitsConfig({}), {
      ledger: {
        take: (principal, tool) => {
          taken.push(`${principal}/${tool}`);
          return taken.length > 1 ? { ok: false, error: { retryAfterMs: 2_500 } } : { ok: true, value: undefined };
        },
      },
    });
    await limits.run('ann', 'x', () => Promise.resolve());
    expect((await refusal(limits.run('ann', 'x', () => Promise.resolve()))).retryAfterSeconds).toBe(3);
    expect(taken).toEqual(['ann/x', 'ann/x']);
  });

  it('refuses every call of a principal whose refused calls spent rateLimits.refused, until the window frees', () => {
    let t = 0;
    const limits = createRateLimits(limitsConfig({ refused: { calls: 3, windowSeconds: 10 } }), { now: () => t });
    for (let i = 0; i < 3; i++) {
      limits.admit('mallory');
      limits.chargeRefused('mallory');
    }
    expect(() => limits.admit('mallory')).toThrow(/rateLimits\.refused/);
    limits.admit('ann');
    t = 10_001;
    limits.admit('mallory');
  });
});
