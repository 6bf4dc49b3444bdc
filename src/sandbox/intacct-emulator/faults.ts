import { DEFAULT_FAULTS, type FaultSettings } from './types.ts';

/** Small seeded PRNG (mulberry32) so fault injection is repeatable with `seed`. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultError extends Error {}

const RATE_KEYS = ['error5xxRate', 'resetRate'] as const;
const COUNT_KEYS = ['latencyMs', 'hangAfterCommit', 'storm429'] as const;

/**
 * Merges a partial settings object (from code or the admin endpoint's JSON) into the current one; unknown
 * keys and out-of-range values are refused rather than ignored, so a typo cannot silently disable a test.
 */
export function mergeFaults(current: FaultSettings, patch: unknown): FaultSettings {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) throw new FaultError('faults must be a JSON object');
  const next: FaultSettings = { ...current, functionLatencyMs: { ...current.functionLatencyMs } };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    if ((RATE_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new FaultError(`${key} must be a number from 0 to 1`);
      next[key as (typeof RATE_KEYS)[number]] = value;
    } else if ((COUNT_KEYS as readonly string[]).includes(key)) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new FaultError(`${key} must be an integer >= 0`);
      next[key as (typeof COUNT_KEYS)[number]] = value;
    } else if (key === 'error5xxStatus') {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 500 || value > 599)
        throw new FaultError('error5xxStatus must be an integer from 500 to 599');
      next.error5xxStatus = value;
    } else if (key === 'functionLatencyMs') {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new FaultError('functionLatencyMs must be an object of function name to ms');
      const map: Record<string, number> = {};
      for (const [fn, ms] of Object.entries(value as Record<string, unknown>)) {
        if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0)
          throw new FaultError(`functionLatencyMs.${fn} must be an integer >= 0`);
        map[fn] = ms;
      }
      next.functionLatencyMs = map;
    } else {
      throw new FaultError(`unknown fault setting '${key}'; known: ${Object.keys(DEFAULT_FAULTS).join(', ')}`);
    }
  }
  return next;
}
