import Bottleneck from 'bottleneck';

export interface LimiterOptions {
  /** Requests in flight at once; 0 or absent means unlimited. */
  maxConcurrent?: number;
  /** Minimum spacing between request starts, in ms. */
  minTimeMs?: number;
}

/** A request limiter; `schedule` runs the task when a slot is free. */
export interface Limiter {
  schedule<T>(task: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A limiter per upstream (an Intacct company, a Sage 300 Web API). Without a minimum spacing it is plain request
 * slots: a request under the limit starts at once, with no timer between it and the wire. Only a spacing
 * (`minTimeMs`) needs bottleneck's timers.
 */
export function createLimiter(options: LimiterOptions): Limiter {
  const maxConcurrent = options.maxConcurrent && options.maxConcurrent > 0 ? options.maxConcurrent : Number.POSITIVE_INFINITY;
  if (!options.minTimeMs) return createRequestSlots(maxConcurrent);
  const bottleneck = new Bottleneck({
    maxConcurrent: options.maxConcurrent && options.maxConcurrent > 0 ? options.maxConcurrent : null,
    minTime: options.minTimeMs ?? 0,
  });
  return {
    schedule: (task) => bottleneck.schedule(task),
    stop: () => bottleneck.stop({ dropWaitingJobs: false }),
  };
}

/** A pass-through limiter, for callers that opt out of limiting (tests that provoke 429s). */
export const unlimited: Limiter = {
  schedule: (task) => task(),
  stop: () => Promise.resolve(),
};

/**
 * An upstream's concurrent-request limit as FIFO slots, for the common case without a minimum spacing.
 *
 * Bottleneck hands a freed slot to the next queued request only after two timer-queue yields, and the caller that
 * just got its response keeps the event loop busy meanwhile (recording outcomes, marking the next batch, building
 * its XML): a queued request waited ~18 ms per hand-over while Intacct had a slot free. Here the finishing task
 * passes its slot to the next waiter directly, and its own caller resumes only on the next turn of the event loop,
 * so the waiter's request is on the wire before that caller's synchronous bookkeeping starts.
 */
export function createRequestSlots(maxConcurrent: number): Limiter {
  let active = 0;
  let stopped = false;
  const waiting: (() => void)[] = [];
  const idle: (() => void)[] = [];

  /** Frees the slot or hands it to the next waiter (true), whose start is then queued ahead of our caller. */
  const release = (): boolean => {
    const next = waiting.shift();
    if (next) {
      next(); // the slot passes on without ever being free, so FIFO order holds
      return true;
    }
    active--;
    if (active === 0) for (const done of idle.splice(0)) done();
    return false;
  };
  const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  return {
    async schedule<T>(task: () => Promise<T>): Promise<T> {
      if (stopped) throw new Error('This limiter has been stopped.');
      if (active < maxConcurrent) active++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      let result: T;
      try {
        result = await task();
      } catch (error) {
        if (release()) await nextTurn();
        throw error;
      }
      if (release()) await nextTurn();
      return result;
    },
    /** Refuses new tasks; resolves once every started and queued task has finished. */
    stop(): Promise<void> {
      stopped = true;
      return active === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
    },
  };
}
