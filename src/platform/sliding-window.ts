import { err, ok, type Result } from '../domain/result.ts';

/** A call budget: at most `calls` in any `windowMs`. */
export interface WindowBudget {
  readonly calls: number;
  readonly windowMs: number;
}

/** Refused: the time until the oldest counted call leaves the window. */
type WindowTake = Result<void, { readonly retryAfterMs: number }>;

/**
 * In-memory sliding-window logs, one per key: every check is synchronous arithmetic (no timer, no promise), so a
 * limit costs the caller nothing while it is under budget.
 */
export interface SlidingWindows {
  /** Counts one call for `key` if the budget allows it; else refuses without counting. */
  take(key: string): WindowTake;
  /** Whether `key` has spent its budget (nothing is counted). */
  check(key: string): WindowTake;
  /** Counts one call for `key` whether or not the budget allows it (the log never holds more than `calls` entries). */
  charge(key: string): void;
  /** Keys currently holding a log (bounded by `maxKeys`). */
  size(): number;
}

/** One key's log: timestamps in order, the live ones from `head`. */
interface Log {
  times: number[];
  head: number;
}

/**
 * Creates the window set. Memory stays bounded: a log holds at most `budget.calls` timestamps, and beyond `maxKeys`
 * keys the expired logs are dropped first, then the oldest keys (an attacker spraying keys, e.g. source addresses,
 * loses their own history, never the server's memory).
 */
export function createSlidingWindows(budget: WindowBudget, options: { now?: () => number; maxKeys?: number } = {}): SlidingWindows {
  const now = options.now ?? Date.now;
  const maxKeys = options.maxKeys ?? 10_000;
  const logs = new Map<string, Log>();

  const live = (log: Log, t: number): number => {
    const cutoff = t - budget.windowMs;
    while (log.head < log.times.length && log.times[log.head]! <= cutoff) log.head++;
    if (log.head > 64 && log.head * 2 > log.times.length) {
      log.times = log.times.slice(log.head);
      log.head = 0;
    }
    return log.times.length - log.head;
  };

  const bound = (t: number): void => {
    if (logs.size < maxKeys) return;
    for (const [key, log] of logs) if (live(log, t) === 0) logs.delete(key);
    for (const key of logs.keys()) {
      if (logs.size < maxKeys) break;
      logs.delete(key);
    }
  };

  const logOf = (key: string, t: number): Log => {
    let log = logs.get(key);
    if (!log) {
      bound(t);
      log = { times: [], head: 0 };
      logs.set(key, log);
    }
    return log;
  };

  const refusal = (log: Log, t: number): WindowTake => err({ retryAfterMs: Math.max(1, log.times[log.head]! + budget.windowMs - t) });

  return {
    take(key) {
      const t = now();
      const log = logOf(key, t);
      if (live(log, t) >= budget.calls) return refusal(log, t);
      log.times.push(t);
      return ok(undefined);
    },
    check(key) {
      const log = logs.get(key);
      if (!log) return ok(undefined);
      const t = now();
      return live(log, t) >= budget.calls ? refusal(log, t) : ok(undefined);
    },
    charge(key) {
      const t = now();
      const log = logOf(key, t);
      if (live(log, t) >= budget.calls) log.head++;
      log.times.push(t);
    },
    size: () => logs.size,
  };
}
