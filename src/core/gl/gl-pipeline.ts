import { Money, formatAmount } from '../../domain/money.ts';
import type { Logger } from '../../platform/logger.ts';
import type { MappingEngine } from '../mapping/index.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import { AUTO_RESOLVER, type OutboxEntry, type PlanItem, type StateStore } from '../state/index.ts';
import { executeOutbox } from '../sync/execute-outbox.ts';
import { raiseException } from '../sync/raise-exception.ts';
import { groupEntries, type SourceEntry } from './gl-entries.ts';
import type { AlertPort, GlSelection, GlSourcePort, GlTargetPort, GlWriteOutcome } from '../ports/gl-ports.ts';
import { transformEntry, type GlPostingOptions, type GlProblem, type MappedEntry } from './gl-transform.ts';

export const GL_PIPELINE = 'gl';
const SOURCE = 'sage300';
const TARGET = 'intacct';
const OBJECT = 'GLBATCH';

/** What an approver (or the confirming requester) sees before anything is written. */
export interface GlPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly entries: number;
  readonly toSend: number;
  readonly skipped: number;
  readonly exceptions: number;
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  readonly problems: readonly { sourceKey: string; class: string; message: string }[];
}

/** The approval step of the pipeline; the CLI and the MCP server supply their own (prompt, --yes, policy). */
export type ApprovalStep = (preview: GlPreview) => Promise<
  { decision: 'approved'; by: string; selfConfirmed: boolean; note?: string } | { decision: 'rejected'; by: string; reason: string } | { decision: 'pending' }
>;

/** One GL sync request. */
export interface GlSyncRequest {
  readonly company: string;
  readonly principal: string;
  readonly selection: GlSelection;
  readonly options: GlPostingOptions;
  readonly dryRun?: boolean;
  readonly approve: ApprovalStep;
  readonly onProgress?: (done: number, total: number) => void;
}

/** The run summary (also stored on the run). */
export interface GlSyncSummary {
  readonly runId: number | null;
  readonly changeSetId: number | null;
  readonly status: 'completed' | 'partial' | 'dry_run' | 'awaiting_approval' | 'rejected' | 'nothing_to_do';
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
}

const INFLIGHT = new Set(['approved', 'sending', 'unknown']);

interface Planned {
  items: PlanItem[];
  skipped: SourceEntry[];
  problems: { entry: SourceEntry; problem: GlProblem }[];
  totals: Map<string, Money>;
}

function plan(deps: GlDeps, entries: SourceEntry[], mapped: Map<string, MappedEntry>, problems: Planned['problems']): Planned {
  const out: Planned = { items: [], skipped: [], problems, totals: new Map() };
  for (const entry of entries) {
    const m = mapped.get(entry.sourceKey);
    if (!m) continue;
    if (deps.store.xrefs.bySource(OBJECT, SOURCE, entry.sourceKey, TARGET)) {
      out.skipped.push(entry);
      continue;
    }
    // A write that may already have landed is only ever resent with its own key and payload, never re-planned.
    const inflight = deps.store.outbox.bySource(SOURCE, entry.sourceKey).find((v) => INFLIGHT.has(v.state));
    const payload = inflight ? inflight.payload : m.payload;
    const key = inflight ? inflight.idempotencyKey : `gl:${entry.sourceKey}~${digestOf(m.payload).slice(0, 12)}`;
    out.items.push({ idempotencyKey: key, targetSystem: TARGET, objectType: OBJECT, sourceSystem: SOURCE, sourceKey: entry.sourceKey, payload });
    for (const [cur, total] of Object.entries(m.debitsByCurrency)) out.totals.set(cur, (out.totals.get(cur) ?? new Money(0)).plus(total));
  }
  return out;
}

const totalsJson = (totals: Map<string, Money>): Record<string, string> => Object.fromEntries([...totals].map(([c, t]) => [c, formatAmount(t, 2)]));

/** Next incremental cursor: just before the oldest entry not yet in Intacct, else after everything read. */
function nextCursor(deps: GlDeps, entries: SourceEntry[], previous: JsonValue | null): JsonValue | null {
  if (entries.length === 0) return previous;
  const open = entries.filter((e) => !deps.store.xrefs.bySource(OBJECT, SOURCE, e.sourceKey, TARGET));
  const seq = open.length > 0 ? Math.min(...open.map((e) => e.postingSeq)) - 1 : Math.max(...entries.map((e) => e.postingSeq));
  const prevSeq = field(previous, 'postingSeq');
  const prev = typeof prevSeq === 'number' ? prevSeq : 0;
  return { v: 1, postingSeq: Math.max(seq, prev) };
}

/**
 * Runs one GL sync: extract posted Sage 300 entries, map and validate them, plan a change set, pass the approval
 * step, then deliver it exactly once and confirm each entry with its Intacct RECORDNO. One bad entry becomes an
 * exception; the rest post.
 */
export async function runGlSync(deps: GlDeps, request: GlSyncRequest): Promise<GlSyncSummary> {
  const { store, log } = deps;
  const { company } = request;
  store.outbox.recoverInFlight();
  const cursorBefore = request.selection.kind === 'incremental' ? (store.cursors.get(GL_PIPELINE, company)?.value ?? null) : null;
  const { lines, rowErrors } = await deps.source.readLines(request.selection, cursorBefore);
  const entries = groupEntries(company, lines);

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

  if (request.dryRun) {
    return { runId: null, changeSetId: null, status: 'dry_run', ...base, planned: planned.items.length, written: 0, alreadyApplied: 0, exceptions: problems.length + rowErrors.length, unknown: 0, apiRequests: 0, cursor: cursorBefore };
  }

  const runId = store.runs.startRun({ pipeline: GL_PIPELINE, company, params: { selection: request.selection as unknown as JsonValue, options: request.options as unknown as JsonValue }, principal: request.principal });
  const exDeps = { store, alerts: deps.alerts, log };
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
  const exceptions = problems.length + rowErrors.length;
  const finish = (summary: Omit<GlSyncSummary, 'runId' | 'apiRequests'>, apiRequests = 0): GlSyncSummary => {
    const full: GlSyncSummary = { runId, apiRequests, ...summary };
    store.runs.finishRun(runId, summary.status === 'completed' || summary.status === 'nothing_to_do' ? 'succeeded' : summary.status === 'rejected' ? 'failed' : 'partial', full as unknown as JsonValue);
    return full;
  };
  if (planned.items.length === 0) {
    const cursor = request.selection.kind === 'incremental' ? nextCursor(deps, entries, cursorBefore) : null;
    if (cursor) store.transaction(() => store.cursors.set(GL_PIPELINE, company, cursor));
    return finish({ changeSetId: null, status: exceptions > 0 ? 'partial' : 'nothing_to_do', ...base, planned: 0, written: 0, alreadyApplied: 0, exceptions, unknown: 0, cursor });
  }

  const created = store.changeSets.create({ runId, pipeline: GL_PIPELINE, company, createdBy: request.principal, summary: { ...base, toSend: planned.items.length }, items: planned.items });
  if (!created.ok) throw new Error(`planning failed: ${created.code}: ${created.message}`);
  const cs = created.value.changeSet;
  const preview: GlPreview = {
    changeSetId: cs.id,
    digest: cs.digest,
    entries: entries.length,
    toSend: planned.items.length,
    skipped: planned.skipped.length,
    exceptions,
    totalsByCurrency,
    problems: problems.map(({ entry, problem }) => ({ sourceKey: entry.sourceKey, class: problem.class, message: problem.message })),
  };
  const decision = await request.approve(preview);
  const common = { changeSetId: cs.id, ...base, planned: planned.items.length, written: 0, alreadyApplied: 0, exceptions, unknown: 0, cursor: cursorBefore };
  if (decision.decision === 'pending') return finish({ ...common, status: 'awaiting_approval' });
  if (decision.decision === 'rejected') {
    store.changeSets.reject(cs.id, { by: decision.by, reason: decision.reason });
    return finish({ ...common, status: 'rejected' });
  }
  const approved = store.changeSets.approve(cs.id, { by: decision.by, digest: cs.digest, selfConfirmed: decision.selfConfirmed, ...(decision.note ? { note: decision.note } : {}) });
  if (!approved.ok) throw new Error(`approval failed: ${approved.code}: ${approved.message}`);
  const executing = store.changeSets.startExecuting(cs.id);
  if (!executing.ok) throw new Error(`execution refused: ${executing.code}: ${executing.message}`);

  const requestsBefore = deps.target.requests();
  const sender = {
    batchSize: deps.target.batchSize,
    concurrency: deps.target.concurrency,
    send: (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> =>
      deps.target.createEntries(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload, reference: referenceOf(e.payload) }))),
    classify: (o: Extract<GlWriteOutcome, { ok: false }>) => (/period/i.test(o.message) ? 'period' : o.code === 'duplicate' ? 'duplicate' : o.code === 'validation' ? 'validation' : 'upstream'),
  };
  const ctx = { pipeline: GL_PIPELINE, company, runId, principal: request.principal, contentHash: (e: OutboxEntry) => e.payloadDigest };
  const first = await executeOutbox({ ...exDeps }, ctx, store.outbox.pendingFor(cs.id), sender, request.onProgress);
  // Outcomes lost to timeouts or resets get one same-key resend now: Intacct's uniqueid check makes it safe.
  const retry = first.unknown > 0 ? await executeOutbox({ ...exDeps }, ctx, store.outbox.pendingFor(cs.id), sender) : undefined;
  const unknown = store.outbox.pendingFor(cs.id).length;
  if (unknown === 0) store.changeSets.finishExecuting(cs.id);
  const failed = first.failed + (retry?.failed ?? 0);
  const cursor = request.selection.kind === 'incremental' ? nextCursor(deps, entries, cursorBefore) : null;
  if (request.selection.kind === 'incremental' && cursor) store.transaction(() => store.cursors.set(GL_PIPELINE, company, cursor));
  log.info({ runId, changeSetId: cs.id, written: first.written + (retry?.written ?? 0), unknown }, 'gl sync finished');
  return finish(
    {
      ...common,
      status: exceptions + failed + unknown === 0 ? 'completed' : 'partial',
      written: first.written + (retry?.written ?? 0),
      alreadyApplied: first.alreadyApplied + (retry?.alreadyApplied ?? 0),
      exceptions: exceptions + failed,
      unknown,
      cursor,
    },
    deps.target.requests() - requestsBefore,
  );
}

function field(value: JsonValue | null, name: string): JsonValue | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, JsonValue>)[name] : undefined;
}

function referenceOf(payload: JsonValue): string {
  const ref = field(payload, 'REFERENCENO');
  return typeof ref === 'string' ? ref : '';
}
