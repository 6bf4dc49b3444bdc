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

/** One bottleneck instance per upstream company (or per principal and tool, later). */
export function createLimiter(options: LimiterOptions): Limiter {
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
