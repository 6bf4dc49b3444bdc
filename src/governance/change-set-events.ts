import type { ChangeSet } from '../core/state/index.ts';
import type { ResolvedPolicy } from './approval-policy.ts';

/** What a waiting change set waits for. */
export type WaitingFor = 'requester_confirmation' | 'approval';

/**
 * What the governance layer tells the rest of the server about change sets, outside the call that caused it: approver
 * webhooks, MCP clients that opened a console page. Listeners must not throw and must not block (they run in the call).
 */
export interface ChangeSetEvents {
  /** A change set started waiting (when its policy was first bound, or a repeat made it wait for something else). */
  waiting(cs: ChangeSet, info: { readonly policy: ResolvedPolicy; readonly waitingFor: WaitingFor; readonly consoleUrl: string }): void;
  /** A waiting change set was confirmed by its requester, approved by an approver, or rejected. */
  decided(cs: ChangeSet, decision: 'confirmed' | 'approved' | 'rejected'): void;
}

/** Listeners that do nothing (a CLI run, tests of the governance layer alone). */
export const NO_CHANGE_SET_EVENTS: ChangeSetEvents = { waiting: () => undefined, decided: () => undefined };
