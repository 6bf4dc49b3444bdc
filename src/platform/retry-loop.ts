/**
 * The one retry loop every upstream client runs. A transport supplies only its pure verdict per attempt (done,
 * fail, or retry with an optional server-requested wait); when to stop, how long to wait and the shared budget are
 * decided here, so the Intacct and Sage 300 clients cannot drift apart. Waiting goes through the injected clock, so
 * fake timers drive it in tests.
 */
import type { Result } from '../domain/result.ts';
import type { Clock } from './clock.ts';
import { backoffDelay, type BackoffOptions, type RetryBudget } from './retry-policy.ts';

/** What a transport's decision function says about one attempt. */
export type RetryVerdict<T, E> =
  | { kind: 'done'; value: T }
  | { kind: 'fail'; error: E }
  /** `retryAfterMs`: the server asked us to wait at least this long (Retry-After). */
  | { kind: 'retry'; error: E; retryAfterMs?: number };

export interface RetryLoopOptions extends BackoffOptions {
  /** Retries after the first attempt; 0 sends once. */
  maxRetries: number;
}

export interface RetryLoopDeps {
  retry: RetryLoopOptions;
  /** Shared by every call of one client, so an outage does not multiply load by each caller's retry count. */
  budget: RetryBudget;
  clock: Pick<Clock, 'sleep'>;
  random: () => number;
}

export interface RetryHooks<E> {
  /** Called before sleeping for retry `attempt + 1`. */
  onRetry?: (info: { attempt: number; delayMs: number; error: E }) => void;
  /** Called when a retryable failure is returned because the attempts or the budget ran out. */
  onGiveUp?: (info: { attempt: number; reason: 'max_retries' | 'budget'; error: E }) => void;
}

/** Full jitter, never sooner than the server asked and never longer than the cap. */
export function retryDelay(attempt: number, options: BackoffOptions, random: () => number, retryAfterMs = 0): number {
  return Math.min(options.maxDelayMs, Math.max(backoffDelay(attempt, options, random), retryAfterMs));
}

/** Runs `attempt` (numbered from 0) until its verdict is done or fail, or retries are no longer allowed. */
export async function runWithRetry<T, E>(
  attempt: (n: number) => Promise<RetryVerdict<T, E>>,
  deps: RetryLoopDeps,
  hooks: RetryHooks<E> = {},
): Promise<Result<T, E>> {
  deps.budget.recordAttempt();
  for (let n = 0; ; n++) {
    const verdict = await attempt(n);
    if (verdict.kind === 'done') return { ok: true, value: verdict.value };
    const { error } = verdict;
    if (verdict.kind === 'fail') return { ok: false, error };
    const reason = n >= deps.retry.maxRetries ? 'max_retries' : deps.budget.tryAcquire() ? undefined : 'budget';
    if (reason !== undefined) {
      hooks.onGiveUp?.({ attempt: n, reason, error });
      return { ok: false, error };
    }
    const delayMs = retryDelay(n, deps.retry, deps.random, verdict.retryAfterMs);
    hooks.onRetry?.({ attempt: n, delayMs, error });
    await deps.clock.sleep(delayMs);
  }
}
