import { describe, expect, it } from 'vitest';
import { createSlidingWindows } from './sliding-window.ts';

describe('createSlidingWindows', () => {
  it('admits calls up to the budget, refuses the next with the time until the oldest leaves the window', () => {
    let t = 1_000;
    const w = createSlidingWindows({ calls: 3, windowMs: 10_000 }, { now: () => t });
    expect(w.take('a').ok).toBe(true);
    t += 2_000;
    expect(w.take('a').ok).toBe(true);
    expect(w.take('a').ok).toBe(true);
    const refused = w.take('a');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.retryAfterMs).toBe(8_000);
    expect(w.take('b').ok).toBe(true); // keys are separate
    t += 8_000; // the first call leaves the window
    expect(w.take('a').ok).toBe(true);
    expect(w.take('a').ok).toBe(false);
  });

  it('check counts nothing; charge counts even over the budget without growing the log', () => {
    let t = 0;
    const w = createSlidingWindows({ calls: 2, windowMs: 1_000 }, { now: () => t });
    expect(w.check('x').ok).toBe(true);
    w.charge('x');
    expect(w.check('x').ok).toBe(true);
    w.charge('x');
    expect(w.check('x').ok).toBe(false);
    for (let i = 0; i < 1_000; i++) w.charge('x');
    t += 1_001;
    expect(w.check('x').ok).toBe(true);
  });

  it('keeps at most maxKeys logs, dropping expired ones first', () => {
    let t = 0;
    const w = createSlidingWindows({ calls: 1, windowMs: 100 }, { now: () => t, maxKeys: 50 });
    for (let i = 0; i < 10_000; i++) {
      w.take(`addr-${i}`);
      t += 1;
    }
    expect(w.size()).toBeLessThanOrEqual(50);
    // The most recent keys are still counted.
    expect(w.take('addr-9999').ok).toBe(false);
  });
});
