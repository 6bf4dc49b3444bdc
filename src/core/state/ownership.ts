import { randomUUID } from 'node:crypto';

/**
 * Which process owns the work it records: the token stamped on the runs it starts and the change sets it executes,
 * and a probe telling whether the process behind another token is still alive. Recovery at start only touches
 * rows whose owner is certainly gone, so a CLI opening the state dir never takes work from a live `serve`.
 */
export interface ProcessOwnership {
  /** This process's token. */
  readonly self: string;
  /** False only when the owner is certainly gone; when in doubt, true (recovery then leaves its rows alone). */
  isAlive(owner: string): boolean;
}

/**
 * Ownership for a store no other live process shares (unit tests, benches, one-shot fixtures): any token but its
 * own belongs to a process that has stopped. Deployments use a lease (platform/process-lease) instead.
 */
export function soleOwnership(): ProcessOwnership {
  const self = `sole:${process.pid}:${randomUUID()}`;
  return { self, isAlive: (owner) => owner === self };
}
