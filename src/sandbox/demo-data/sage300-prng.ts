import { Money } from '../../domain/money.ts';

/** Seeded pseudo-random source: the demo company must be byte-identical for the same seed. */
export interface Prng {
  /** Uniform in [0, 1); used for choices only, never as an amount. */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
  /** A money amount with whole cents in [min, max] currency units, built from an integer count of cents. */
  amount(min: number, max: number): Money;
}

/** mulberry32: tiny, fast and good enough for demo data; state is one 32-bit integer. */
export function createPrng(seed: number): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick<T>(items: readonly T[]): T {
      const item = items[int(0, items.length - 1)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    chance: (probability) => next() < probability,
    amount: (min, max) => new Money(int(min * 100, max * 100)).div(100),
  };
}
