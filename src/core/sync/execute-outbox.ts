import type { Logger } from '../../platform/logger.ts';
import type { AuditPort } from '../ports/audit-port.ts';
import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import { classifyRejection } from './classify-rejection.ts';
import { announceException, recordException, type ExceptionDeps, type ExceptionInput } from './raise-exception.ts';

/** How one batch of outbox entries is delivered to the target system. */
export interface OutboxSender {
  readonly batchSize: number;
  readonly concurrency: number;
  send(entries: readonly OutboxEntry[]): Promise<GlWriteOutcome[]>;
  /** What the audit log calls these writes: target system, function and the control id each key is sent under. */
  readonly describe: { readonly system: string; readonly function: string; controlIdFor(idempotencyKey: string): string };
}

/** Thrown when the audit log refuses a row: no further external write is made (the log fails closed). */
export class AuditUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`the audit log could not be written (${(cause as Error).message}); no further writes were sent`);
    this.name = 'AuditUnavailableError';
  }
}

/** Options of one execution. */
export interface ExecuteOptions {
  readonly onProgress?: (done: number, total: number) => void;
  /** Checked between batches: a cancelled execution leaves the rest approved, to be resumed later. */
  readonly signal?: AbortSignal;
}

/** Totals of one execution. */
export interface ExecuteTotals {
  written: number;
  alreadyApplied: number;
  failed: number;
  unknown: number;
  /** Entries not sent because the execution was cancelled or the target could not be reached (they stay approved). */
  notSent: number;
  /** Set when the target refused the connection: delivery stopped there, nothing of those requests was sent (the message says why). */
  unreachable?: string;
  confirmedKeys: string[];
}

/**
 * Delivers outbox entries with `concurrency` workers of `batchSize` each. Every entry is marked `sending` (and
 * committed) before its request leaves, and each outcome is recorded right after, so a crash at any point leaves
 * a state a restart can resume from: `sending` rows become `unknown` and are resent with the same key.
 */
export async function executeOutbox(
  deps: ExceptionDeps & { log: Logger; audit?: AuditPort | undefined },
  ctx: {
    pipeline: string;
    company: string;
    runId: number;
    changeSetId: number;
    principal: string;
    contentHash: (e: OutboxEntry) => string;
  },
  pending: readonly OutboxEntry[],
  sender: OutboxSender,
  options: ExecuteOptions = {},
): Promise<ExecuteTotals> {
  const { store } = deps;
  const totals: ExecuteTotals = { written: 0, alreadyApplied: 0, failed: 0, unknown: 0, notSent: 0, confirmedKeys: [] };
  const queue = [...pending];
  let doneCount = 0;
  let auditFailure: AuditUnavailableError | undefined;
  /** The target refused a connection: no worker takes another batch. */
  let refused = false;
  const { describe } = sender;
  const action = `${describe.system}.${describe.function}`;
  /** Appends one audit row; a refusal stops every worker before its next send. */
  const audit = (outcome: string, detail: JsonValue): void => {
    if (!deps.audit) return;
    try {
      deps.audit.append({
        kind: 'external_write',
        principal: ctx.principal,
        action,
        decision: 'approved',
        outcome,
        changeSetId: ctx.changeSetId,
        detail,
      });
    } catch (err) {
      auditFailure ??= new AuditUnavailableError(err);
      throw auditFailure;
    }
  };

  /** Records one outcome; runs inside the batch's transaction, so it must stay synchronous. New exceptions are queued for announcing after the commit. */
  const record = (entry: OutboxEntry, outcome: GlWriteOutcome | undefined, announce: { id: number; input: ExceptionInput }[]): void => {
    const key = entry.idempotencyKey;
    const raise = (input: ExceptionInput): void => {
      const raised = recordException(store, input);
      if (raised.isNew) announce.push({ id: raised.id, input });
    };
    if (outcome?.ok) {
      const confirmed = store.outbox.confirm(key, {
        targetKey: outcome.recordNo,
        recordNo: outcome.recordNo,
        contentHash: ctx.contentHash(entry),
        runId: ctx.runId,
        writtenBy: ctx.principal,
      });
      if (!confirmed.ok) {
        totals.failed++;
        store.outbox.markFailed(key, { code: confirmed.error.code, message: confirmed.error.message });
        raise({
          pipeline: ctx.pipeline,
          company: ctx.company,
          sourceKey: entry.sourceKey,
          class: 'duplicate',
          message: `${entry.sourceKey}: ${confirmed.error.message}`,
          fix: 'check the cross-reference of this record; it is already linked to another target record',
          sourceRecord: entry.payload,
        });
        return;
      }
      totals.confirmedKeys.push(key);
      if (outcome.alreadyApplied) totals.alreadyApplied++;
      else totals.written++;
      return;
    }
    const error: JsonValue = outcome
      ? { code: outcome.code, message: outcome.message, ...(outcome.errorno ? { errorno: outcome.errorno } : {}) }
      : { code: 'transport', message: 'no outcome for this write' };
    if (outcome && !outcome.ok && outcome.code === 'unreachable') {
      // Certainly never sent: the write waits, approved, for the next execution of its change set.
      totals.notSent++;
      totals.unreachable ??= outcome.message;
      store.outbox.markNotSent(key, error);
      return;
    }
    if (outcome?.definite) {
      totals.failed++;
      store.outbox.markFailed(key, error);
      const cls = classifyRejection(outcome.code);
      raise({
        pipeline: ctx.pipeline,
        company: ctx.company,
        sourceKey: entry.sourceKey,
        class: cls,
        message: `${entry.sourceKey} was rejected by the target: ${outcome.message}`,
        fix:
          cls === 'period'
            ? 'open the period in the target system, or move the entry to an open period in the source'
            : 'correct the record or its mapping, then run the sync again; the exception resolves itself when it posts',
        sourceRecord: entry.payload,
        upstreamError: { code: outcome.code, ...(outcome.errorno ? { errorno: outcome.errorno } : {}), text: outcome.message },
      });
      return;
    }
    totals.unknown++;
    store.outbox.markUnknown(key, error);
  };

  /** The audit row of one delivered batch's outcomes, written once they are committed. */
  const auditResult = (sending: readonly OutboxEntry[], outcomes: readonly GlWriteOutcome[]): void =>
    audit('result', {
      system: describe.system,
      function: describe.function,
      runId: ctx.runId,
      writes: sending.map((e, i) => {
        const o = outcomes[i];
        return {
          idempotencyKey: e.idempotencyKey,
          controlId: describe.controlIdFor(e.idempotencyKey),
          sourceKey: e.sourceKey,
          result: o?.ok
            ? o.alreadyApplied
              ? 'already_applied'
              : 'written'
            : o?.code === 'unreachable'
              ? 'not_sent'
              : o?.definite
                ? 'failed'
                : 'unknown',
          recordNo: o?.ok ? o.recordNo : null,
          ...(o && !o.ok ? { error: o.code } : {}),
        };
      }),
    });

  type Delivered = { readonly sending: readonly OutboxEntry[]; readonly outcomes: readonly GlWriteOutcome[] };
  /**
   * Records the outcomes of `done` (if any) and marks `next` sending, in ONE transaction (one fsync per request). The
   * result audit row of `done` is appended BEFORE that commit: the audit log and the state store are two files, so
   * they cannot commit together, and a crash between the two must leave a result row without its confirmation (the
   * entries stay `sending`, become `unknown` and are resent under the same key, which the target answers as already
   * applied) rather than a confirmed write without its record number in the log. When the log refuses the row, the
   * outcomes are still recorded (they are what the target holds) and nothing more is marked sending.
   */
  const commit = async (done: Delivered | undefined, next: readonly OutboxEntry[]): Promise<OutboxEntry[]> => {
    const announce: { id: number; input: ExceptionInput }[] = [];
    let refused: Error | undefined;
    if (done) {
      try {
        auditResult(done.sending, done.outcomes);
      } catch (err) {
        refused = err as Error;
      }
    }
    const sending = store.transaction(() => {
      if (done) for (const [i, entry] of done.sending.entries()) record(entry, done.outcomes[i], announce);
      if (refused !== undefined) return [];
      // The entries go out as the caller read them (their payload is the text that was read, and checked against
      // the approved digest when execution started); the move itself is what must be durable before they leave.
      for (const e of next) store.outbox.markSending(e.idempotencyKey);
      return [...next];
    });
    if (done) {
      for (const { id, input } of announce) await announceException(deps, id, input);
      doneCount += done.sending.length;
      options.onProgress?.(doneCount, pending.length);
    }
    if (refused !== undefined) throw refused;
    return sending;
  };

  // A worker records a response's outcomes in the same transaction that marks its next batch `sending`: a crash
  // before that commit leaves the answered batch `sending`, which a restart turns into `unknown` and resends with
  // the same keys (the target's replay check answers it), so nothing is lost and nothing is written twice.
  const worker = async (): Promise<void> => {
    let delivered: Delivered | undefined;
    try {
      for (;;) {
        let batch: OutboxEntry[] = [];
        // A target that refused the connection is not tried again with the rest: they wait, approved, for a resume.
        if (delivered?.outcomes.some((o) => !o.ok && o.code === 'unreachable')) refused = true;
        if (options.signal?.aborted || refused) {
          totals.notSent += queue.length;
          queue.length = 0;
        } else if (!auditFailure) batch = queue.splice(0, sender.batchSize);
        // The intent row is written before anything is marked sending: if the log refuses it, nothing leaves.
        if (batch.length > 0)
          audit('intent', {
            system: describe.system,
            function: describe.function,
            runId: ctx.runId,
            writes: batch.map((e) => ({
              idempotencyKey: e.idempotencyKey,
              controlId: describe.controlIdFor(e.idempotencyKey),
              sourceKey: e.sourceKey,
            })),
          });
        const answered = delivered;
        delivered = undefined;
        const sending = await commit(answered, batch);
        if (sending.length === 0) return;
        let outcomes: GlWriteOutcome[];
        try {
          outcomes = await sender.send(sending);
        } catch (err) {
          deps.log.error({ err }, 'sender failed unexpectedly; the batch is left unknown for a same-key resend');
          outcomes = sending.map(() => ({ ok: false, code: 'transport', message: (err as Error).message, definite: false }) as const);
        }
        delivered = { sending, outcomes };
      }
    } finally {
      // A refused intent row (or any throw) must not drop outcomes already received: record them on their own.
      if (delivered) await commit(delivered, []);
    }
  };
  const results = await Promise.allSettled(Array.from({ length: Math.max(1, sender.concurrency) }, worker));
  if (auditFailure) throw auditFailure;
  const crashed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (crashed) throw crashed.reason;
  return totals;
}
