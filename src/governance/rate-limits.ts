import Bottleneck from 'bottleneck';
import type { Config, RateLimitConfig } from '../platform/config.ts';
import { ToolError } from './errors.ts';
import type { Result } from '../domain/result.ts';

/** Per principal and tool call limits: a window budget and a concurrency cap, both refusing instead of queueing. */
export interface RateLimits {
  /** Runs `task` within the principal's budget for the tool, or throws `rate_limited` with the seconds to wait. */
  run<T>(principal: string, tool: string, task: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

interface Bucket {
  readonly limiter: Bottleneck;
  readonly startedAt: number;
  readonly rule: RateLimitConfig;
}

/** Where call budgets are kept when several processes share them (the state DB's call windows). */
export interface CallLedger {
  take(principal: string, tool: string, calls: number, windowMs: number, nowMs: number): Result<void, { readonly retryAfterMs: number }>;
}

/**
 * Creates the limiter set from `config.rateLimits`. With a `ledger` the call budget is drawn from it (shared by every
 * process: the server and each CLI command), and this process enforces only the concurrency cap; without one the
 * budget lives in memory. `now` is injectable for tests.
 */
export function createRateLimits(
  config: Config['rateLimits'],
  options: { readonly ledger?: CallLedger; readonly now?: () => number } = {},
): RateLimits {
  const now = options.now ?? Date.now;
  const { ledger } = options;
  const buckets = new Map<string, Bucket>();
  const bucket = (principal: string, tool: string): Bucket => {
    const key = `${principal}\u0000${tool}`;
    let b = buckets.get(key);
    if (!b) {
      const rule = config.tools[tool] ?? config.default;
      // A bottleneck reservoir is the window budget; highWater 0 with OVERFLOW drops a job instead of queueing it,
      // so an over-limit call fails at once with a retry-after rather than hanging the client.
      const budget = ledger
        ? {}
        : { reservoir: rule.calls, reservoirRefreshAmount: rule.calls, reservoirRefreshInterval: rule.windowSeconds * 1000 };
      const limiter = new Bottleneck({
        maxConcurrent: rule.maxConcurrent,
        ...budget,
        highWater: 0,
        strategy: Bottleneck.strategy.OVERFLOW,
      });
      b = { limiter, startedAt: now(), rule };
      buckets.set(key, b);
    }
    return b;
  };
  const retryAfter = (b: Bucket): number => {
    const windowMs = b.rule.windowSeconds * 1000;
    const elapsed = (now() - b.startedAt) % windowMs;
    return Math.max(1, Math.ceil((windowMs - elapsed) / 1000));
  };
  return {
    async run<T>(principal: string, tool: string, task: () => Promise<T>): Promise<T> {
      const b = bucket(principal, tool);
      if (ledger) {
        const taken = ledger.take(principal, tool, b.rule.calls, b.rule.windowSeconds * 1000, now());
        if (!taken.ok) {
          const wait = Math.max(1, Math.ceil(taken.error.retryAfterMs / 1000));
          throw new ToolError(
            'rate_limited',
            `${principal} has used all ${b.rule.calls} calls of ${tool} allowed per ${b.rule.windowSeconds}s; retry after ${wait}s`,
            wait,
          );
        }
      }
      const reservoir = await b.limiter.currentReservoir();
      if (reservoir !== null && reservoir <= 0) {
        throw new ToolError(
          'rate_limited',
          `${principal} has used all ${b.rule.calls} calls of ${tool} allowed per ${b.rule.windowSeconds}s; retry after ${retryAfter(b)}s`,
          retryAfter(b),
        );
      }
      try {
        return await b.limiter.schedule(task);
      } catch (err) {
        // Dropped by the OVERFLOW strategy: the concurrency cap (or a budget spent by a racing call) was reached.
        if (err instanceof Bottleneck.BottleneckError)
          throw new ToolError(
            'rate_limited',
            `${principal} already has ${b.rule.maxConcurrent} call(s) of ${tool} running or has no budget left; retry after 1s`,
            1,
          );
        throw err;
      }
    },
    async stop() {
      await Promise.all([...buckets.values()].map((b) => b.limiter.stop({ dropWaitingJobs: true }).catch(() => undefined)));
      buckets.clear();
    },
  };
}
