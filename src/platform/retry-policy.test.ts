import { describe, expect, it } from 'vitest';
import { backoffDelay, RetryBudget } from './retry-policy.ts';

describe('backoffDelay', () => {
  it('grows the ceiling exponentially and caps it', () => {
    const top = () => 0.999999;
    expect(backoffDelay(0, { baseDelayMs: 100, maxDelayMs: 5000 }, top)).toBe(99);
    expect(backoffDelay(3, { baseDelayMs: 100, maxDelayMs: 5000 }, top)).toBe(799);
    expect(backoffDelay(10, { baseDelayMs: 100, maxDelayMs: 5000 }, top)).toBe(4999);
  });
  it('uses full jitter down to zero', () => {
    expect(backoffDelay(4, { baseDelayMs: 100, maxDelayMs: 5000 }, () => 0)).toBe(0);
  });
});

describe('RetryBudget', () => {
  it('refuses retries once the burst is spent and earns them back from traffic', () => {
    const budget = new RetryBudget({ initialTokens: 2, ratio: 0.5, maxTokens: 3 });
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(true);
    expect(budget.tryAcquire()).toBe(false);
    budget.recordAttempt();
    budget.recordAttempt();
    expect(budget.tryAcquire()).toBe(true);
  });
  it('never saves more than the cap', () => {
    const budget = new RetryBudget({ initialTokens: 0, ratio: 1, maxTokens: 2 });
    for (let i = 0; i < 10; i++) budget.recordAttempt();
    expect(budget.available).toBe(2);
  });
});
