import type { Logger } from '../../platform/logger.ts';
import type { AuditPort } from '../ports/audit-port.ts';
import type { OutboxEntry } from '../state/index.ts';
import { executeOutbox, type ExecuteTotals, type OutboxSender } from './execute-outbox.ts';
import type { ExceptionDeps } from './raise-exception.ts';

/** One target system of a change set and how its outbox items are delivered. */
export interface TargetPass {
  readonly system: string;
  readonly sender: OutboxSender;
  /** Called after each delivery pass with the keys it confirmed (e.g. to add canonical cross-references). */
  readonly afterPass?: (confirmedKeys: readonly string[]) => void;
}

/** Totals of a change set delivered target by target. */
export interface TargetsOutcome {
  readonly written: number;
  readonly alreadyApplied: number;
  readonly failed: number;
  /** Items still unresolved (sending or unknown) after the resend. */
  readonly unknown: number;
  /** Items not sent because the execution was cancelled. */
  readonly notSent: number;
  readonly finished: boolean;
}

/**
 * Delivers an executing change set one target system after the other, in the given order (e.g. create in Intacct
 * before writing back to Sage 300). Writes whose outcome was lost get one same-key resend (the adapter reads back
 * first). The change set is finished when nothing is left pending.
 */
export async function executeByTarget(
  deps: ExceptionDeps & { log: Logger; audit?: AuditPort | undefined },
  ctx: { pipeline: string; company: string; runId: number; changeSetId: number; principal: string; contentHash: (e: OutboxEntry) => string },
  passes: readonly TargetPass[],
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<TargetsOutcome> {
  const { store } = deps;
  const totals: ExecuteTotals = { written: 0, alreadyApplied: 0, failed: 0, unknown: 0, notSent: 0, confirmedKeys: [] };
  const all = store.outbox.pendingFor(ctx.changeSetId).length;
  let done = 0;
  for (const { system, sender, afterPass } of passes) {
    for (let pass = 0; pass < 2; pass++) {
      const pending = store.outbox.pendingFor(ctx.changeSetId).filter((e) => e.targetSystem === system && (pass === 0 || e.state === 'unknown'));
      if (pending.length === 0 || options.signal?.aborted) break;
      const base = done;
      const run = { ...(options.signal ? { signal: options.signal } : {}), onProgress: (d: number) => options.onProgress?.(base + d, all) };
      const t = await executeOutbox(deps, ctx, pending, sender, run);
      afterPass?.(t.confirmedKeys);
      if (pass === 0) done += pending.length;
      totals.written += t.written;
      totals.alreadyApplied += t.alreadyApplied;
      totals.failed += t.failed;
      if (t.unknown === 0) break;
    }
  }
  const pending = store.outbox.pendingFor(ctx.changeSetId);
  const unknown = pending.filter((e) => e.state !== 'approved').length;
  const finished = pending.length === 0;
  // Stopped with items left (cancelled, or outcomes still unknown): back to approved, so a re-run resumes it.
  if (finished) store.changeSets.finishExecuting(ctx.changeSetId);
  else store.changeSets.pauseExecuting(ctx.changeSetId);
  return { written: totals.written, alreadyApplied: totals.alreadyApplied, failed: totals.failed, unknown, notSent: pending.length - unknown, finished };
}
