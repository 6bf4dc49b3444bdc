import type { Clock } from '../../platform/clock.ts';

let lastMs = Number.NaN;
let lastText = '';

/**
 * ISO-8601 UTC timestamp from the injected clock, so tests control every stored time. A batch of outbox transitions
 * asks many times within one millisecond, so the last rendering is reused while the clock has not moved.
 */
export function isoNow(clock: Pick<Clock, 'now'>): string {
  const ms = clock.now();
  if (ms !== lastMs) {
    lastText = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastText;
}
