import { formatMinorUnits, toMinorUnits } from '../../domain/money.ts';
import type { Logger } from '../../platform/logger.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { AuditPort } from '../ports/audit-port.ts';
import { canonicalJson, digestOfText, type JsonValue } from '../state/canonical-json.ts';
import { AUTO_RESOLVER, type ChangeSet, type OutboxEntry, type PlanItem, type StateStore } from '../state/index.ts';
import { executeOutbox, type OutboxSender } from '../sync/execute-outbox.ts';
import { findResumableChangeSet, findReusableChangeSet, supersedeOverlapping } from '../sync/pending-change-sets.ts';
import { raiseException } from '../sync/raise-exception.ts';
import { groupEntries, type SourceEntry } from './gl-entries.ts';
import type { AlertPort, GlSelection, GlSourcePort, GlTargetPort, GlWriteOutcome } from '../ports/gl-ports.ts';
import { AccountTotals, field, type GlPreview } from './gl-summary.ts';
import { transformEntry, type GlPostingOptions, type GlProblem, type MappedEntry } from './gl-transform.ts';
import { openForExecution, type ChangeSetExecuteOptions, type ChangeSetExecution } from '../sync/open-for-execution.ts';

export type { AccountTotal, GlPreview } from './gl-summary.ts';

export const GL_PIPELINE = 'gl';
const SOURCE = 'sage300';
const TARGET = 'intacct';
const OBJECT = 'GLBATCH';
/** Problems kept verbatim in a change set's summary; the rest are counted (all are in the exceptions queue). */
const PROBLEMS_KEPT = 500;

/** The approval step of the pipeline; the CLI and the MCP server supply their own (prompt, --yes, policy). */
export type ApprovalStep = (preview: GlPreview) => Promise<
  { decision: 'approved'; by: string; selfConfirmed: boolean; note?: string } | { decision: 'rejected'; by: string; reason: string } | { decision: 'pending' }
>;

/** What to plan: one GL sync selection for one company. */
export interface GlPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly selection: GlSelection;
  readonly options: GlPostingOptions;
  readonly dryRun?: boolean;
  /** After this instant the change set can no longer be approved. */
  readonly expiresAt?: string;
}

/** One GL sync request (plan, approve, execute in one call). */
export interface GlSyncRequest extends GlPlanRequest {
  readonly approve: ApprovalStep;
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** The run summary (also stored on the run). */
export interface GlSyncSummary {
  readonly runId: number | null;
  readonly changeSetId: number | null;
  readonly status: 'completed' | 'partial' | 'dry_run' | 'awaiting_approval' | 'rejected' | 'nothing_to_do' | 'cancelled';
  readonly entries: number;
  readonly planned: number;
  readonly written: number;
  readonly alreadyApplied: number;
  readonly skipped: number;
  readonly exceptions: number;
  readonly unknown: number;
  readonly apiRequests: number;
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  readonly cursor: JsonValue | null;
}

/** Everything the GL pipeline needs, injected by the composition root. */
export interface GlDeps {
  readonly store: StateStore;
  readonly source: GlSourcePort;
  readonly target: GlTargetPort;
  readonly engine: MappingEngine;
  readonly alerts: AlertPort;
  readonly log: Logger;
  /** When present, every external write is recorded before and after it is sent (and refused if it cannot be). */
  readonly audit?: AuditPort;
}

/** A planned (or already settled) GL sync: either a final summary, or a change set waiting for its approval step. */
export type GlPlanned =
  | { readonly kind: 'settled'; readonly summary: GlSyncSummary }
  | {
      readonly kind: 'planned';
      readonly runId: number;
      readonly changeSet: ChangeSet;
      readonly preview: GlPreview;
      /** True when an identical pending change set already existed (an agent retry) and was returned instead. */
      readonly reused: boolean;
      readonly entries: readonly SourceEntry[];
      readonly cursorBefore: JsonValue | null;
    };

const INFLIGHT = ['approved', 'sending', 'unknown'] as const;

interface Planned {
  items: PlanItem[];
  skipped: SourceEntry[];
  problems: { entry: SourceEntry; problem: GlProblem }[];
  /** Debit totals per currency in exact cents. */
  totals: Map<string, bigint>;
  accounts: AccountTotals;
}

function plan(deps: GlDeps, entries: SourceEntry[], mapped: Map<string, MappedEntry>, problems: Planned['problems']): Planned {
  const out: Planned = { items: [], skipped: [], problems, totals: new Map(), accounts: new AccountTotals() };
  // Two statements for the whole plan instead of two lookups per entry: what is linked already, and what is in flight.
  const linked = deps.store.xrefs.linkedSources(OBJECT, SOURCE, TARGET, entries.filter((e) => mapped.has(e.sourceKey)).map((e) => e.sourceKey));
  const inflight = new Map<string, OutboxEntry>();
  for (const state of INFLIGHT) {
    for (const e of deps.store.outbox.list({ state })) if (e.sourceSystem === SOURCE && e.objectType === OBJECT) inflight.set(e.sourceKey, e);
  }
  for (const entry of entries) {
    const m = mapped.get(entry.sourceKey);
    if (!m) continue;
    if (linked.has(entry.sourceKey)) {
      out.skipped.push(entry);
      continue;
    }
    // A write that may already have landed is only ever resent with its own key and payload, never re-planned.
    const prior = inflight.get(entry.sourceKey);
    let item: PlanItem;
    if (prior) item = { idempotencyKey: prior.idempotencyKey, targetSystem: TARGET, objectType: OBJECT, sourceSystem: SOURCE, sourceKey: entry.sourceKey, payload: prior.payload };
    else {
      const payloadText = canonicalJson(m.payload);
      const payloadDigest = digestOfText(payloadText);
      const key = `gl:${entry.sourceKey}~${payloadDigest.slice(0, 12)}`;
      item = { idempotencyKey: key, targetSystem: TARGET, objectType: OBJECT, sourceSystem: SOURCE, sourceKey: entry.sourceKey, payload: m.payload, payloadText, payloadDigest };
    }
    out.items.push(item);
    // A resent in-flight item is counted from the payload it goes out with; a new one from the transform's lines.
    if (prior) out.accounts.add(item.payload);
    else for (const posting of m.postings) out.accounts.addPosting(posting);
    for (const [cur, total] of Object.entries(m.debitsByCurrency)) out.totals.set(cur, (out.totals.get(cur) ?? 0n) + toMinorUnitsExact(total));
  }
  return out;
}

const totalsJson = (totals: Map<string, bigint>): Record<string, string> => Object.fromEntries([...totals].map(([c, t]) => [c, formatMinorUnits(t, 2)]));

/** Cents of a 2-decimal total the transform formatted; anything else is a bug, not data to round. */
function toMinorUnitsExact(text: string): bigint {
  const cents = toMinorUnits(text, 2);
  if (cents === undefined || formatMinorUnits(cents, 2) !== text) throw new Error(`debit total "${text}" is not a 2-decimal amount`);
  return cents;
}

/** Next incremental cursor: just before the oldest entry not yet in Intacct, else after everything read. */
function nextCursor(deps: GlDeps, entries: readonly SourceEntry[], previous: JsonValue | null): JsonValue | null {
  if (entries.length === 0) return previous;
  const open = entries.filter((e) => !deps.store.xrefs.bySource(OBJECT, SOURCE, e.sourceKey, TARGET));
  const seq = open.length > 0 ? Math.min(...open.map((e) => e.postingSeq)) - 1 : Math.max(...entries.map((e) => e.postingSeq));
  const prevSeq = field(previous, 'postingSeq');
  const prev = typeof prevSeq === 'number' ? prevSeq : 0;
  return { v: 1, postingSeq: Math.max(seq, prev) };
}

/** The preview of a stored GL change set, rebuilt from what was saved when it was planned. */
export function glPreviewOf(cs: ChangeSet): GlPreview {
  const s = cs.summary;
  const num = (name: string): number => {
    const v = field(s, name);
    return typeof v === 'number' ? v : 0;
  };
  const toSend = num('toSend');
  return {
    changeSetId: cs.id,
    digest: cs.digest,
    entries: num('entries'),
    toSend,
    created: toSend,
    updated: 0,
    skipped: num('skipped'),
    exceptions: num('exceptions'),
    totalsByCurrency: (field(s, 'totalsByCurrency') ?? {}) as Record<string, string>,
    totalsByAccount: (field(s, 'totalsByAccount') ?? []) as unknown as GlPreview['totalsByAccount'],
    problems: (field(s, 'problems') ?? []) as unknown as GlPreview['problems'],
  };
}

/**
 * Plans one GL sync: extract posted Sage 300 entries, map and validate them (a bad entry becomes an exception), and
 * store the rest as a change set bound to a digest. Nothing is written to Intacct here.
 */
export async function planGlSync(deps: GlDeps, request: GlPlanRequest): Promise<GlPlanned> {
  const { store } = deps;
  const { company } = request;
  const cursorBefore = request.selection.kind === 'incremental' ? (store.cursors.get(GL_PIPELINE, company)?.value ?? null) : null;
  const { lines, rowErrors } = await deps.source.readLines(request.selection, cursorBefore);
  const excluded = new Set(request.options.excludeSourceLedgers ?? []);
  // An entry whose every line comes from an excluded ledger is not the GL sync's to send (see GlPostingOptions).
  const entries = groupEntries(company, lines).filter((e) => excluded.size === 0 || !e.lines.every((l) => excluded.has(l.sourceLedger)));

  const mapped = new Map<string, MappedEntry>();
  const problems: Planned['problems'] = [];
  const periodOpen = new Map<string, boolean>();
  for (const entry of entries) {
    const periodKey = `${entry.fiscalYear}-${entry.fiscalPeriod}`;
    if (!periodOpen.has(periodKey)) periodOpen.set(periodKey, await deps.source.fiscalPeriodOpen(entry.fiscalYear, entry.fiscalPeriod));
    if (!periodOpen.get(periodKey)) {
      problems.push({ entry, problem: { class: 'period', message: `entry ${entry.sourceKey} is in Sage 300 fiscal period ${periodKey}, which is not open`, fix: 'open the fiscal year in Sage 300 (Common Services > Fiscal Calendar) or exclude the period' } });
      continue;
    }
    const result = transformEntry(entry, deps.engine, request.options);
    if (result.ok) mapped.set(entry.sourceKey, result.value);
    else problems.push({ entry, problem: result.problem });
  }
  const planned = plan(deps, entries, mapped, problems);
  const totalsByCurrency = totalsJson(planned.totals);
  const base = { entries: entries.length, skipped: planned.skipped.length, totalsByCurrency };
  const exceptions = problems.length + rowErrors.length;

  if (request.dryRun) {
    return { kind: 'settled', summary: { runId: null, changeSetId: null, status: 'dry_run', ...base, planned: planned.items.length, written: 0, alreadyApplied: 0, exceptions, unknown: 0, apiRequests: 0, cursor: cursorBefore } };
  }

  const runId = store.runs.startRun({ pipeline: GL_PIPELINE, company, params: { selection: request.selection as unknown as JsonValue, options: request.options as unknown as JsonValue }, principal: request.principal });
  const exDeps = { store, alerts: deps.alerts, log: deps.log };
  for (const { key, message } of rowErrors) {
    await raiseException(exDeps, { pipeline: GL_PIPELINE, company, sourceKey: key, class: 'validation', message: `Sage 300 row ${key} could not be read: ${message}`, fix: 'correct the row in Sage 300', sourceRecord: { key } });
  }
  // A problem a person closed with a reason (not one that later posted) is not raised or alerted again.
  const dismissed = new Set(
    store.exceptions
      .list({ status: 'resolved', pipeline: GL_PIPELINE })
      .filter((e) => e.company === company && e.resolvedBy !== null && e.resolvedBy !== AUTO_RESOLVER)
      .map((e) => `${e.sourceKey}|${e.class}`),
  );
  for (const { entry, problem } of problems) {
    if (dismissed.has(`${entry.sourceKey}|${problem.class}`)) continue;
    await raiseException(exDeps, { pipeline: GL_PIPELINE, company, sourceKey: entry.sourceKey, class: problem.class, message: problem.message, fix: problem.fix, sourceRecord: entry as unknown as JsonValue });
  }
  if (planned.items.length === 0) {
    const cursor = request.selection.kind === 'incremental' ? nextCursor(deps, entries, cursorBefore) : null;
    if (cursor) store.transaction(() => store.cursors.set(GL_PIPELINE, company, cursor));
    const summary: GlSyncSummary = { runId, changeSetId: null, status: exceptions > 0 ? 'partial' : 'nothing_to_do', ...base, planned: 0, written: 0, alreadyApplied: 0, exceptions, unknown: 0, apiRequests: 0, cursor };
    store.runs.finishRun(runId, exceptions > 0 ? 'partial' : 'succeeded', summary as unknown as JsonValue);
    return { kind: 'settled', summary };
  }

  const problemList = [...rowErrors.map((r) => ({ sourceKey: r.key, class: 'validation', message: r.message })), ...problems.map(({ entry, problem }) => ({ sourceKey: entry.sourceKey, class: problem.class, message: problem.message }))];
  const summary = {
    ...base,
    toSend: planned.items.length,
    exceptions,
    selection: request.selection as unknown as JsonValue,
    totalsByAccount: planned.accounts.toJSON() as unknown as JsonValue,
    problems: problemList.slice(0, PROBLEMS_KEPT),
    problemsOmitted: Math.max(0, problemList.length - PROBLEMS_KEPT),
  };
  // What is left of an approved change set whose execution stopped (a crash, a cancel) is resumed, not planned
  // again: its run stays open for the execution that follows, and no copy of the plan is stored. The preview
  // counts what this call found (what is left to send), under the change set's approved digest.
  const resumable = findResumableChangeSet(store, GL_PIPELINE, company, planned.items);
  if (resumable) {
    const preview: GlPreview = { ...glPreviewOf(resumable), entries: entries.length, toSend: planned.items.length, created: planned.items.length, skipped: planned.skipped.length, exceptions, totalsByCurrency, totalsByAccount: planned.accounts.toJSON(), problems: summary.problems };
    return { kind: 'planned', runId, changeSet: resumable, preview, reused: true, entries, cursorBefore };
  }
  // An agent that retries the same call gets the same pending change set back, not a second one to approve.
  const reusable = findReusableChangeSet(store, GL_PIPELINE, company, planned.items);
  if (reusable) {
    store.runs.finishRun(runId, 'partial', { status: 'awaiting_approval', changeSetId: reusable.id, reused: true });
    return { kind: 'planned', runId, changeSet: reusable, preview: glPreviewOf(reusable), reused: true, entries, cursorBefore };
  }
  const created = store.changeSets.create({ runId, pipeline: GL_PIPELINE, company, createdBy: request.principal, summary, items: planned.items, ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) });
  if (!created.ok) throw new Error(`planning failed: ${created.code}: ${created.message}`);
  supersedeOverlapping(store, GL_PIPELINE, company, created.value.changeSet, planned.items);
  return { kind: 'planned', runId, changeSet: created.value.changeSet, preview: glPreviewOf(created.value.changeSet), reused: false, entries, cursorBefore };
}

/** Options of one execution. */
export type GlExecuteOptions = ChangeSetExecuteOptions;

/** Totals of one execution of a GL change set. */
export type GlExecution = ChangeSetExecution;

/**
 * Delivers an approved GL change set exactly once (or resumes one left executing by a crash or a cancellation):
 * chunked multi-function requests at the company's concurrency, each entry confirmed with its Intacct RECORDNO.
 */
export async function executeGlChangeSet(deps: GlDeps, changeSetId: number, options: GlExecuteOptions): Promise<GlExecution> {
  const { store, log } = deps;
  // Starting an approved set checks its digest and hands over the pending items with the texts it checked.
  const { changeSet: cs, pending: toSend } = openForExecution(store, changeSetId, GL_PIPELINE);
  const runId = options.runId ?? store.runs.startRun({ pipeline: GL_PIPELINE, company: cs.company, params: { changeSetId }, principal: options.principal });
  const exDeps = { store, alerts: deps.alerts, log, audit: deps.audit };
  const requestsBefore = deps.target.requests();
  const sender: OutboxSender = {
    batchSize: deps.target.batchSize,
    // One worker more than the request limit: the next batch is marked `sending` and built while two requests are
    // in flight, then waits for the client's slot. The limit itself is enforced by the Intacct client.
    concurrency: deps.target.concurrency + 1,
    send: (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> =>
      deps.target.createEntries(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload, reference: referenceOf(e.payload) }))),
    classify: (o: Extract<GlWriteOutcome, { ok: false }>) => (/period/i.test(o.message) ? 'period' : o.code === 'duplicate' ? 'duplicate' : o.code === 'validation' ? 'validation' : 'upstream'),
    describe: { system: TARGET, function: `create ${OBJECT}`, controlIdFor: (key) => deps.target.controlIdFor(key) },
  };
  const ctx = { pipeline: GL_PIPELINE, company: cs.company, runId, changeSetId, principal: options.principal, contentHash: (e: OutboxEntry) => e.payloadDigest };
  const run = { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const first = await executeOutbox(exDeps, ctx, toSend ?? store.outbox.pendingFor(changeSetId), sender, run);
  // Outcomes lost to timeouts or resets get one same-key resend now: Intacct's uniqueid check makes it safe.
  const retry = first.unknown > 0 && !options.signal?.aborted ? await executeOutbox(exDeps, ctx, store.outbox.pendingFor(changeSetId).filter((e) => e.state === 'unknown'), sender, run) : undefined;
  const pending = store.outbox.pendingFor(changeSetId);
  const unknown = pending.filter((e) => e.state !== 'approved').length;
  const finished = pending.length === 0;
  // Stopped with items left (cancelled, or outcomes still unknown): back to approved, so a re-run resumes it.
  if (finished) store.changeSets.finishExecuting(changeSetId);
  else store.changeSets.pauseExecuting(changeSetId);
  const result: GlExecution = {
    runId,
    written: first.written + (retry?.written ?? 0),
    alreadyApplied: first.alreadyApplied + (retry?.alreadyApplied ?? 0),
    failed: first.failed + (retry?.failed ?? 0),
    unknown,
    notSent: pending.length - unknown,
    apiRequests: deps.target.requests() - requestsBefore,
    finished,
  };
  log.info({ runId, changeSetId, written: result.written, unknown, notSent: result.notSent }, 'gl change set executed');
  if (options.runId === undefined) {
    store.runs.finishRun(runId, finished && result.failed === 0 ? 'succeeded' : 'partial', { changeSetId, ...result });
  }
  return result;
}

type PlannedSet = Extract<GlPlanned, { kind: 'planned' }>;

function pendingSummary(planned: PlannedSet): Omit<GlSyncSummary, 'status'> {
  const { preview } = planned;
  return {
    runId: planned.runId,
    changeSetId: planned.changeSet.id,
    entries: preview.entries,
    skipped: preview.skipped,
    totalsByCurrency: preview.totalsByCurrency,
    planned: preview.toSend,
    written: 0,
    alreadyApplied: 0,
    exceptions: preview.exceptions,
    unknown: 0,
    apiRequests: 0,
    cursor: planned.cursorBefore,
  };
}

/** Closes the planning run of a change set that was not executed now (waiting for an approver, or rejected). */
export function settleGlRun(deps: GlDeps, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): GlSyncSummary {
  const summary: GlSyncSummary = { ...pendingSummary(planned), status };
  // A reused pending change set's run was closed when it was found; a resumed approved one's is still open.
  if (!planned.reused || planned.changeSet.status === 'approved') deps.store.runs.finishRun(planned.runId, status === 'rejected' ? 'failed' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** After executing a change set right after planning it: moves the incremental cursor and closes the run. */
export function completeGlRun(deps: GlDeps, planned: PlannedSet, selection: GlSelection, done: GlExecution): GlSyncSummary {
  const { store } = deps;
  const cursor = selection.kind === 'incremental' ? nextCursor(deps, planned.entries, planned.cursorBefore) : null;
  if (cursor) store.transaction(() => store.cursors.set(GL_PIPELINE, planned.changeSet.company, cursor));
  const exceptions = planned.preview.exceptions + done.failed;
  const status = done.notSent > 0 ? 'cancelled' : exceptions + done.unknown === 0 ? 'completed' : 'partial';
  const summary: GlSyncSummary = { ...pendingSummary(planned), status, written: done.written, alreadyApplied: done.alreadyApplied, exceptions, unknown: done.unknown, apiRequests: done.apiRequests, cursor };
  store.runs.finishRun(planned.runId, status === 'completed' ? 'succeeded' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/**
 * Runs one GL sync: plan, pass the approval step, then deliver exactly once and confirm each entry with its Intacct
 * RECORDNO. One bad entry becomes an exception; the rest post.
 */
export async function runGlSync(deps: GlDeps, request: GlSyncRequest): Promise<GlSyncSummary> {
  const { store } = deps;
  store.outbox.recoverInFlight();
  const planned = await planGlSync(deps, request);
  if (planned.kind === 'settled') return planned.summary;
  const cs = planned.changeSet;
  // An approved change set whose execution stopped is resumed under the approval it has; nothing new is approved.
  if (cs.status === 'approved') {
    const done = await executeGlChangeSet(deps, cs.id, { principal: request.principal, runId: planned.runId, ...(request.onProgress ? { onProgress: request.onProgress } : {}), ...(request.signal ? { signal: request.signal } : {}) });
    return completeGlRun(deps, planned, request.selection, done);
  }
  const decision = await request.approve(planned.preview);
  if (decision.decision === 'pending') return settleGlRun(deps, planned, 'awaiting_approval');
  if (decision.decision === 'rejected') {
    store.changeSets.reject(cs.id, { by: decision.by, reason: decision.reason });
    return settleGlRun(deps, planned, 'rejected');
  }
  // The login round trip overlaps recording the approval and loading the items; it is one of this run's requests.
  const requestsBefore = deps.target.requests();
  void deps.target.warmUp?.();
  const approved = store.changeSets.approve(cs.id, { by: decision.by, digest: cs.digest, selfConfirmed: decision.selfConfirmed, ...(decision.note ? { note: decision.note } : {}) });
  if (!approved.ok) throw new Error(`approval failed: ${approved.code}: ${approved.message}`);
  const done = await executeGlChangeSet(deps, cs.id, {
    principal: request.principal,
    runId: planned.runId,
    ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return completeGlRun(deps, planned, request.selection, { ...done, apiRequests: deps.target.requests() - requestsBefore });
}

function referenceOf(payload: JsonValue): string {
  const ref = field(payload, 'REFERENCENO');
  return typeof ref === 'string' ? ref : '';
}
