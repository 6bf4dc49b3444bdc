import { describe, expect, it } from 'vitest';
import { assertTransition, canTransition, IllegalOutboxTransition, OUTBOX_STATES, type OutboxState } from './outbox-state-machine.ts';

const LEGAL: readonly [OutboxState, OutboxState][] = [
  ['planned', 'approved'],
  ['approved', 'sending'],
  ['sending', 'confirmed'],
  ['sending', 'failed'],
  ['sending', 'unknown'],
  ['sending', 'approved'],
  ['unknown', 'sending'],
  ['unknown', 'confirmed'],
  ['unknown', 'failed'],
  ['failed', 'approved'],
];
const isLegal = (from: OutboxState, to: OutboxState) => LEGAL.some(([f, t]) => f === from && t === to);
const ALL_PAIRS = OUTBOX_STATES.flatMap((from) => OUTBOX_STATES.map((to) => [from, to] as const));

describe('outbox state machine', () => {
  it.each(LEGAL)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
    expect(() => assertTransition('k', from, to)).not.toThrow();
  });

  it.each(ALL_PAIRS.filter(([f, t]) => !isLegal(f, t)))('forbids %s → %s with a bug error', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition('k1', from, to)).toThrow(IllegalOutboxTransition);
  });

  it('never lets a write with an unknown outcome be re-approved as a fresh write', () => {
    expect(canTransition('unknown', 'approved')).toBe(false);
    expect(canTransition('unknown', 'planned')).toBe(false);
  });

  it('names the key and the allowed moves in the error', () => {
    expect(() => assertTransition('gl:JE-1', 'confirmed', 'sending')).toThrow(
      'outbox gl:JE-1: illegal transition confirmed → sending (allowed from confirmed: none)',
    );
  });
});
