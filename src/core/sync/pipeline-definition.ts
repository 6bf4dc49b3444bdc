import type { Logger } from '../../platform/logger.ts';
import type { AuditPort } from '../ports/audit-port.ts';
import type { AlertPort, GlWriteOutcome } from '../ports/gl-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet, OutboxEntry, PlanItem, StateStore } from '../state/index.ts';
import type { NamesPort, PeriodStatusPort } from '../ports/preview-ports.ts';
import type { PeriodCheck } from './closed-periods.ts';
import type { ChangeSetExecution } from './open-for-execution.ts';
import type { ExceptionClass } from './raise-exception.ts';
import type { PlanProblem } from './raise-problems.ts';
import type { FoundRecords, NaturalKeyLookup } from './target-lookup.ts';

/** What the engine itself needs of every pipeline's dependencies (a pipeline's deps extend it). */
export interface EngineDeps {
  readonly store: StateStore;
  readonly alerts: AlertPort;
  readonly log: Logger;
  /** When present, every external write is recorded before and after it is sent (and refused if it cannot be). */
  readonly audit?: AuditPort;
  /**
   * False skips the natural-key lookup in the target before planning (only the bench's baseline does this); a lost
   * state store would then post again what the target already holds.
   */
  readonly lookupInTarget?: boolean;
  /** The closed-period pre-check of planned journal entries (absent: not checked). */
  readonly periods?: PeriodStatusPort;
  /** Names of the target records a preview totals (absent: ids only). */
  readonly names?: NamesPort;
}

/** The part of a plan request the engine reads (a pipeline's request extends it with its selection). */
export interface PlanRequestBase {
  readonly company: string;
  readonly principal: string;
  readonly dryRun?: boolean;
  /** After this instant the change set can no longer be approved. */
  readonly expiresAt?: string;
}

/**
 * What a pipeline's read + transform produced: the items of the change set, the problems to raise, and how to
 * present and summarise them. Nothing has been written (not even a run) when a draft is returned.
 */
export interface PlanDraft<P> {
  /** The writes, in a stable order (the digest and an agent's identical retry depend on it). */
  readonly items: readonly PlanItem[];
  /** Problems raised on every run, even where a person dismissed an earlier one (rows that could not be read). */
  readonly raiseAlways?: readonly PlanProblem[];
  /** Problems of readable records: one a person dismissed (resolved with a reason) is not raised again. */
  readonly problems: readonly PlanProblem[];
  /**
   * The preview of this plan; `changeSet` is the stored, reused or resumed change set (its id and digest), null for
   * a dry run or nothing to send. Counts are this plan's: for a resumed change set, what is left to send.
   */
  preview(changeSet: ChangeSet | null): P;
  /** The summary stored on the change set (what `previewOf` rebuilds the preview from). */
  summary(): JsonValue;
  /** The cursor before this run (reported until the run completes); null when the pipeline keeps none. */
  readonly cursorBefore?: JsonValue | null;
  /**
   * The cursor to store when the run ends: `execution` is null when nothing was left to send (no change set).
   * Null keeps the stored cursor. Called after execution, so it may read what the execution confirmed.
   */
  cursorAfter?(execution: ChangeSetExecution | null): JsonValue | null;
  /**
   * True when the source had nothing new at all: the plan settles as nothing to do without recording a run (the
   * cursor still moves).
   */
  readonly nothingRead?: boolean;
  /**
   * Called once the planning run is started, before the problems are raised: for work that belongs to the run but
   * is not a write to a target (e.g. re-linking records found equal, or storing a second change set that needs
   * more approvers).
   */
  onRun?(runId: number): Promise<void> | void;
  /**
   * Source records the target already holds (found by the pipeline's natural-key lookup) with no cross-reference: the
   * engine links them when the planning run starts (a dry run only counts them), so they are never planned again.
   */
  readonly found?: readonly FoundRecords[];
}

/** One delivery pass of a change set: which of its items, to which system, and how a chunk is sent. */
export interface TargetPass {
  /** The items of this pass (e.g. every item for Intacct, or the contracts of the first wave). */
  select(entry: OutboxEntry): boolean;
  /** Items per request. */
  readonly batchSize: number;
  /** Requests in flight at once (the company's limit for this system). */
  readonly concurrency: number;
  /**
   * True when the client enforces `concurrency` itself (the Intacct client's request slots): the engine then runs
   * one worker more, so the next batch is marked `sending` and built while the others are in flight.
   */
  readonly clientLimited?: boolean;
  /** Sends one chunk; one outcome per entry, in order. A definite failure must carry a closed code (e.g. `period_closed`). */
  send(batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]>;
  /** What the audit log calls these writes: target system, function, and the control id each key is sent under. */
  readonly audit: { readonly system: string; readonly function: string; controlIdFor(idempotencyKey: string): string };
  /**
   * Why an approved item of this pass must not be sent now (e.g. a payment whose invoice did not make it), or null.
   * A held item is never sent: it is recorded as failed with `code` and raised as an exception, so a later plan
   * can plan it again.
   */
  hold?(entry: OutboxEntry): HeldWrite | null;
  /** Called after the pass (and its resend) with the keys it confirmed, e.g. to add canonical cross-references. */
  afterPass?(confirmedKeys: readonly string[]): void;
}

/** Why a write is held back: the error recorded on it and the exception raised for it. */
interface HeldWrite {
  readonly code: string;
  readonly message: string;
  readonly exception: { readonly class: ExceptionClass; readonly message: string; readonly fix: string };
}

/** How a run ended, as every pipeline's summary is built from it. */
export type RunStatus = 'completed' | 'partial' | 'dry_run' | 'awaiting_approval' | 'rejected' | 'nothing_to_do' | 'cancelled';

/** What a pipeline's `summarize` is given: the run's status, preview, execution totals and cursor. */
export interface RunOutcome<P> {
  readonly status: RunStatus;
  readonly runId: number | null;
  readonly changeSetId: number | null;
  readonly preview: P;
  /** Exceptions of the run: the plan's plus the writes the target rejected. */
  readonly exceptions: number;
  readonly execution: ChangeSetExecution | null;
  /** The cursor after this run (before it while the change set waits). */
  readonly cursor: JsonValue | null;
}

/**
 * One change-set pipeline as a declaration: how to read and transform (`draft`), where and how to send
 * (`passes`), how to count requests, how to rebuild a preview from a stored change set, and how to summarise a
 * run. The engine (plan tail, execute, settle, complete, run) is the same for every pipeline.
 */
export interface PipelineDefinition<D extends EngineDeps, R extends PlanRequestBase, P, S> {
  /** Pipeline name of runs, change sets, exceptions and cursors (e.g. `gl`). */
  readonly pipeline: string;
  /** What the log calls a change set of this pipeline (e.g. `gl`). */
  readonly noun: string;
  /**
   * How a source record with no cross-reference is found in the target by its natural key before it is planned (one
   * per object the pipeline creates); `state rebuild` recovers cross-references through them.
   */
  readonly lookups?: readonly NaturalKeyLookup<D>[];
  /** The params recorded on the planning run. */
  runParams(request: R): JsonValue;
  /** Reads the source and transforms it; nothing is written. */
  draft(deps: D, request: R): Promise<PlanDraft<P>>;
  /** The delivery passes, in order (e.g. Intacct creates before the Sage 300 write-back). */
  passes(deps: D): readonly TargetPass[];
  /** HTTP requests made so far by every client the passes use. */
  requests(deps: D): number;
  /** Opens the target connection ahead of the first write (overlapping the approval); never rejects. */
  warmUp?(deps: D): Promise<void> | undefined;
  /** The content hash recorded with a confirmed write (default: the payload digest). */
  contentHash?(entry: OutboxEntry): string;
  /** The preview of a stored change set, rebuilt from its summary (for an approval that arrives later). */
  previewOf(changeSet: ChangeSet): P;
  /** Open work beyond exceptions that leaves a run `partial` (e.g. sensitive changes waiting in their own change set). */
  outstanding?(preview: P): number;
  /**
   * Expires older pending change sets the fresh one replaces (default: those planning any of the same source
   * records). A plan that changed needs a new approval.
   */
  supersede?(store: StateStore, company: string, fresh: ChangeSet): void;
  /** The pipeline's run summary (returned by `runChangeSet`, stored on the run). */
  summarize(outcome: RunOutcome<P>): S;
}

/** A planned (or already settled) sync: either a final summary, or a change set waiting for its approval step. */
export type Planned<P, S> =
  | {
      readonly kind: 'settled';
      readonly status: 'dry_run' | 'nothing_to_do' | 'partial';
      readonly runId: number | null;
      readonly preview: P;
      readonly summary: S;
      /** The closed-period pre-check of what would be sent. */
      readonly periods: PeriodCheck;
      /** What would be sent, in send order (a dry run's items). */
      readonly items: readonly PlanItem[];
    }
  | PlannedChangeSet<P>;

/**
 * A change set planned now (or an identical pending one reused), waiting for its approval step; or an approved one
 * whose execution stopped with exactly the planned items left (`resumed`), to execute without a new approval.
 */
export interface PlannedChangeSet<P> {
  readonly kind: 'planned';
  readonly runId: number;
  readonly changeSet: ChangeSet;
  readonly preview: P;
  /** True when an identical pending change set already existed (an agent retry) and was returned instead. */
  readonly reused: boolean;
  /**
   * True when an approved change set whose execution stopped (cancelled, or returned to approved by recovery after
   * a crash) has exactly this plan's items left: it is executed under the approval it has, and the run stays open.
   */
  readonly resumed: boolean;
  /** Exceptions the plan raised (the execution's rejections are added when it completes). */
  readonly exceptions: number;
  /** The draft it was planned from (its cursor is moved when the run completes). */
  readonly draft: PlanDraft<P>;
  /** The closed-period pre-check of its items (also stored in the change set's summary as `periodCheck`). */
  readonly periods: PeriodCheck;
}

/** The answer of an approval step. */
type ApprovalDecision =
  | { decision: 'approved'; by: string; selfConfirmed: boolean; note?: string }
  | { decision: 'rejected'; by: string; reason: string }
  | { decision: 'pending' };

/** The approval step of a one-call run; the CLI and the tests supply their own (prompt, --yes, policy). */
export type ApprovalStep<P> = (preview: P) => Promise<ApprovalDecision>;

/** What `runChangeSet` adds to a plan request: the approval step, progress and cancellation. */
export interface RunRequest<P> {
  readonly approve: ApprovalStep<P>;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}
