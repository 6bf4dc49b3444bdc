import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLimiter, createRequestSlots } from './limiter.ts';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createRequestSlots', () => {
  it('never runs more than the limit at once and starts queued tasks in order', async () => {
    const slots = createRequestSlots(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        slots.schedule(async () => {
          started.push(i);
          running++;
          peak = Math.max(peak, running);
          await tick(5 + (i % 3));
          running--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('passes results and errors through and frees the slot either way', async () => {
    const slots = createRequestSlots(1);
    await expect(slots.schedule(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(slots.schedule(() => Promise.resolve('ok'))).resolves.toBe('ok');
  });

  it('starts the next queued task before the finishing caller resumes', async () => {
    const slots = createRequestSlots(1);
    const events: string[] = [];
    const first = slots.schedule(() => tick(5)).then(() => events.push('first caller resumed'));
    const second = slots.schedule(() => {
      events.push('second started');
      return tick(1);
    });
    await Promise.all([first, second]);
    expect(events).toEqual(['second started', 'first caller resumed']);
  });

  it('refuses new tasks once stopped and resolves stop when the running ones finish', async () => {
    const slots = createRequestSlots(1);
    let done = false;
    const running = slots.schedule(async () => {
      await tick(5);
      done = true;
    });
    await slots.stop();
    expect(done).toBe(true);
    await running;
    await expect(slots.schedule(() => Promise.resolve(1))).rejects.toThrow(/stopped/);
  });
});

describe('createLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts a request under the limit without waiting on a timer (the Sage 300 Web API client uses it)', async () => {
    vi.useFakeTimers();
    const limiter = createLimiter({ maxConcurrent: 2 });
    // With fake timers nothing scheduled on a timer can run; a limiter that waits on one never settles.
    const settled = await Promise.race([
      limiter.schedule(() => Promise.resolve('done')),
      new Promise((resolve) => queueMicrotask(() => queueMicrotask(() => queueMicrotask(() => resolve('pending'))))),
    ]);
    expect(settled).toBe('done');
  });

  it('keeps the concurrency cap', async () => {
    const limiter = createLimiter({ maxConcurrent: 2 });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.schedule(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick(5);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
