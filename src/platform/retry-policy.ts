/** Pure retry arithmetic: exponential backoff with full jitter, and a shared retry budget. */

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Full jitter: a uniform delay in [0, min(max, base * 2^attempt)). `attempt` counts from 0. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export interface RetryBudgetOptions {
  /** Retries allowed before any request has succeeded (burst). */
  initialTokens: number;
  /** Tokens earned per first-attempt request; 0.2 allows retries on about 20% of traffic. */
  ratio: number;
  /** Cap on saved-up tokens. */
  maxTokens: number;
}

/**
 * A retry budget shared by all calls of one client: retries spend a token, first attempts earn a fraction of one.
 * When an upstream is down, this stops every caller from multiplying load by its own retry count.
 */
export class RetryBudget {
  private tokens: number;

  constructor(private readonly options: RetryBudgetOptions) {
    this.tokens = options.initialTokens;
  }

  recordAttempt(): void {
    this.tokens = Math.min(this.options.maxTokens, this.tokens + this.options.ratio);
  }

  tryAcquire(): boolean {
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  get available(): number {
    return this.tokens;
  }
}
