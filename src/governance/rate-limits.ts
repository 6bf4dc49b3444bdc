import type { Config, RateLimitConfig } from '../platform/config.ts';
import { createSlidingWindows, type SlidingWindows } from '../platform/sliding-window.ts';
import { ToolError } from './errors.ts';
import type { Result } from '../domain/result.ts';

/**
 * Per principal and tool call limits (a window budget and a concurrency cap), and a per principal budget of refused
 * calls. Every check is synchronous: under the limits a call never waits on a timer or a queue, and over them it is
 * refused at once with a retry-after instead of queueing.
 */
export interface RateLimits {
  /** Runs `task` within the principal's budget for the tool, or throws `rate_limited` with the seconds to wait. */
  run<T>(principal: string, tool: string, task: () => Promise<T>): Promise<T>;
  /** Throws `rate_limited` while the principal's refused (forbidden, invalid) calls exceed their budget. */
  admit(principal: string): void;
  /** Counts one refused call of the principal against that budget. */
  chargeRefused(principal: string): void;
  stop(): Promise<void>;
}

/** Where call budgets are kept when several processes share them (the state DB's call windows). */
export interface CallLedger {
  take(principal: string, tool: string, calls: number, windowMs: number, nowMs: number): Result<void, { readonly retryAfterMs: number }>;
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/**
 * Creates the limits from `config.rateLimits`. With a `ledger` the call budget is drawn from it (shared by every
 * process: the server and each CLI command), and this process enforces only the concurrency cap; without one the
 * budget lives in memory. The refused-call budget is per process, in memory. `now` is injectable for tests.
 */
export function createRateLimits(
  config: Config['rateLimits'],
  options: { readonly ledger?: CallLedger; readonly now?: () => number } = {},
): RateLimits {
  const now = options.now ?? Date.now;
  const { ledger } = options;
  const running = new Map<string, number>();
  const windows = new Map<RateLimitConfig, SlidingWindows>();
  const windowsOf = (rule: RateLimitConfig): SlidingWindows => {
    let w = windows.get(rule);
    if (!w) {
      w = createSlidingWindows({ calls: rule.calls, windowMs: rule.windowSeconds * 1000 }, { now });
      windows.set(rule, w);
    }
    return w;
  };
  const refused = createSlidingWindows({ calls: config.refused.calls, windowMs: config.refused.windowSeconds * 1000 }, { now });

  const takeBudget = (principal: string, tool: string, key: string, rule: RateLimitConfig): void => {
    const taken = ledger ? ledger.take(principal, tool, rule.calls, rule.windowSeconds * 1000, now()) : windowsOf(rule).take(key);
    if (taken.ok) return;
    const wait = seconds(taken.error.retryAfterMs);
    throw new ToolError(
      'rate_limited',
      `${principal} has used all ${rule.calls} calls of ${tool} allowed per ${rule.windowSeconds}s; retry after ${wait}s`,
      wait,
    );
  };

  return {
    async run<T>(principal: string, tool: string, task: () => Promise<T>): Promise<T> {
      const rule = config.tools[tool] ?? config.default;
      const key = `${principal}\u0000${tool}`;
      const active = running.get(key) ?? 0;
      // The concurrency cap first: a call refused for it does not spend the window budget.
      if (active >= rule.maxConcurrent)
        throw new ToolError(
          'rate_limited',
          `${principal} already has ${rule.maxConcurrent} call(s) of ${tool} running (rateLimits maxConcurrent); retry after 1s`,
          1,
        );
      takeBudget(principal, tool, key, rule);
      running.set(key, active + 1);
      try {
        return await task();
      } finally {
        const left = (running.get(key) ?? 1) - 1;
        if (left === 0) running.delete(key);
        else running.set(key, left);
      }
    },
    admit(principal) {
      const over = refused.check(principal);
      if (over.ok) return;
      const wait = seconds(over.error.retryAfterMs);
      throw new ToolError(
        'rate_limited',
        `${principal} made more than ${config.refused.calls} forbidden or invalid calls in ${config.refused.windowSeconds}s (rateLimits.refused); every call is refused for ${wait}s`,
        wait,
      );
    },
    chargeRefused: (principal) => refused.charge(principal),
    stop() {
      running.clear();
      windows.clear();
      return Promise.resolve();
    },
  };
}
