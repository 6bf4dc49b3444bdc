/** Lifecycle of one external write. */
export type OutboxState = 'planned' | 'approved' | 'sending' | 'confirmed' | 'failed' | 'unknown';

/** Every state, for exhaustive tests and CHECK constraints. */
export const OUTBOX_STATES: readonly OutboxState[] = ['planned', 'approved', 'sending', 'confirmed', 'failed', 'unknown'];

/**
 * The only legal moves. `unknown` (timeout, crash mid-send) may never become a fresh write: it is resolved by a
 * same-key resend, a read-back that finds the record, or a definite failure. `confirmed` is terminal. `sending` goes
 * back to `approved` only when the request certainly never left (the connection was refused before any byte of it).
 */
export const OUTBOX_TRANSITIONS: Readonly<Record<OutboxState, readonly OutboxState[]>> = {
  planned: ['approved'],
  approved: ['sending'],
  sending: ['confirmed', 'failed', 'unknown', 'approved'],
  unknown: ['sending', 'confirmed', 'failed'],
  failed: ['approved'],
  confirmed: [],
};

/** True when the state machine allows `from → to`. */
export function canTransition(from: OutboxState, to: OutboxState): boolean {
  return OUTBOX_TRANSITIONS[from].includes(to);
}

/** Thrown for a move the state machine forbids: it means the caller has a bug, not that the upstream failed. */
export class IllegalOutboxTransition extends Error {
  constructor(
    readonly idempotencyKey: string,
    readonly from: OutboxState,
    readonly to: OutboxState,
  ) {
    super(
      `outbox ${idempotencyKey}: illegal transition ${from} → ${to} (allowed from ${from}: ${OUTBOX_TRANSITIONS[from].join(', ') || 'none'})`,
    );
    this.name = 'IllegalOutboxTransition';
  }
}

/** Throws IllegalOutboxTransition unless `from → to` is allowed. */
export function assertTransition(idempotencyKey: string, from: OutboxState, to: OutboxState): void {
  if (!canTransition(from, to)) throw new IllegalOutboxTransition(idempotencyKey, from, to);
}
