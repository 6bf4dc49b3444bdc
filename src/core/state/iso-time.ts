import type { Clock } from '../../platform/clock.ts';

/** ISO-8601 UTC timestamp from the injected clock, so tests control every stored time. */
export function isoNow(clock: Pick<Clock, 'now'>): string {
  return new Date(clock.now()).toISOString();
}
