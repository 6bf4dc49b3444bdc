import { formatMinorUnits, toMinorUnits } from '../../domain/money.ts';
import type { MappingEngine } from '../mapping/index.ts';
import { canonicalJson, digestOfText, type JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet, PlanItem } from '../state/index.ts';
import type { ApprovalStep as EngineApprovalStep, EngineDeps, PipelineDefinition, PlanDraft } from '../sync/pipeline-definition.ts';
import { resendOf } from '../sync/plan-lookups.ts';
import { documentLookup } from '../sync/document-lookup.ts';
import { planLookupsInTarget, type FoundInTarget } from '../sync/target-lookup.ts';
import { groupEntries, type SourceEntry } from './gl-entries.ts';
import type { GlSelection, GlSourcePort, GlTargetPort } from '../ports/gl-ports.ts';
import { AccountTotals, field, type GlPreview } from './gl-summary.ts';
import { runCounts, storedPreview, type RunCounts } from '../sync/run-summary.ts';
import { ledgerCounts, leftOutLedgers } from './source-ledgers.ts';
import { transformEntry, type GlPostingOptions, type GlProblem, type MappedEntry } from './gl-transform.ts';

export type { GlPreview } from './gl-summary.ts';

/** Pipeline name of the GL sync (runs, change sets, exceptions, cursors). */
const GL_PIPELINE = 'gl';
const SOURCE = 'sage300';
const TARGET = 'intacct';
const OBJECT = 'GLBATCH';
/** Problems kept verbatim in a change set's summary; the rest are counted (all are in the exceptions queue). */
const PROBLEMS_KEPT = 500;
/** The fix of a Sage 300 row that could not be read. */
const ROW_FIX = 'correct the row in Sage 300';

/** The approval step of the GL pipeline; the CLI and the tests supply their own (prompt, --yes, policy). */
export type ApprovalStep = EngineApprovalStep<GlPreview>;

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

/** The run summary (also stored on the run). */
export interface GlSyncSummary extends RunCounts {
  readonly entries: number;
  readonly totalsByCurrency: Readonly<Record<string, string>>;
  readonly cursor: JsonValue | null;
}

/** Everything the GL pipeline needs, injected by the composition root. */
export interface GlDeps extends EngineDeps {
  readonly source: GlSourcePort;
  readonly target: GlTargetPort;
  readonly engine: MappingEngine;
}

/**
 * A journal entry with no cross-reference is looked up in Intacct by its REFERENCENO (`S300:<company>:<batch>:<entry>`,
 * what the transform stamps whatever the posting options): found, it is linked and never planned again.
 */
const glLookup = documentLookup<GlDeps>({
  objectType: OBJECT,
  sourceSystem: SOURCE,
  targetSystem: TARGET,
  reads: (deps) => deps.target.existing,
});

interface Planned {
  items: PlanItem[];
  skipped: SourceEntry[];
  found: FoundInTarget[];
  /** Debit totals per currency in exact cents. */
  totals: Map<string, bigint>;
  accounts: AccountTotals;
}

async function plan(deps: GlDeps, entries: SourceEntry[], mapped: Map<string, MappedEntry>): Promise<Planned> {
  const out: Planned = { items: [], skipped: [], found: [], totals: new Map(), accounts: new AccountTotals() };
  const { linked, inflight, found } = await planLookupsInTarget(
    deps,
    glLookup,
    entries.filter((e) => mapped.has(e.sourceKey)).map((e) => e.sourceKey),
  );
  for (const entry of entries) {
    const m = mapped.get(entry.sourceKey);
    if (!m) continue;
    if (linked.has(entry.sourceKey)) {
      out.skipped.push(entry);
      continue;
    }
    const there = found.get(entry.sourceKey);
    if (there) {
      out.found.push(there);
      continue;
    }
    // A write that may already have landed is only ever resent with its own key and payload, never re-planned.
    const prior = inflight.get(entry.sourceKey);
    let item: PlanItem;
    if (prior) item = resendOf(prior);
    else {
      const payloadText = canonicalJson(m.payload);
      const payloadDigest = digestOfText(payloadText);
      const key = `gl:${entry.sourceKey}~${payloadDigest.slice(0, 12)}`;
      item = {
        idempotencyKey: key,
        targetSystem: TARGET,
        objectType: OBJECT,
        sourceSystem: SOURCE,
        sourceKey: entry.sourceKey,
        payload: m.payload,
        payloadText,
        payloadDigest,
      };
    }
    out.items.push(item);
    // A resent in-flight item is counted from the payload it goes out with; a new one from the transform's lines.
    if (prior) out.accounts.add(item.payload);
    else for (const posting of m.postings) out.accounts.addPosting(posting);
    for (const [cur, total] of Object.entries(m.debitsByCurrency))
      out.totals.set(cur, (out.totals.get(cur) ?? 0n) + toMinorUnitsExact(total));
  }
  return out;
}

const totalsJson = (totals: Map<string, bigint>): Record<string, string> =>
  Object.fromEntries([...totals].map(([c, t]) => [c, formatMinorUnits(t, 2)]));

/** Cents of a 2-decimal total the transform formatted; anything else is a bug, not data to round. */
function toMinorUnitsExact(text: string): bigint {
  const cents = toMinorUnits(text, 2);
  if (cents === undefined || formatMinorUnits(cents, 2) !== text) throw new Error(`debit total "${text}" is not a 2-decimal amount`);
  return cents;
}

/**
 * Next incremental cursor: the posting sequence the next run reads from (it re-reads that sequence, so late batches of
 * a posting run are found; what is already cross-referenced is skipped by the plan). The oldest sequence holding an
 * entry not yet in Intacct, else the highest sequence read.
 */
function nextCursor(deps: GlDeps, entries: readonly SourceEntry[], previous: JsonValue | null): JsonValue | null {
  if (entries.length === 0) return previous;
  const open = entries.filter((e) => !deps.store.xrefs.bySource(OBJECT, SOURCE, e.sourceKey, TARGET));
  const seq = open.length > 0 ? Math.min(...open.map((e) => e.postingSeq)) : Math.max(...entries.map((e) => e.postingSeq));
  const prevSeq = field(previous, 'postingSeq');
  const prev = typeof prevSeq === 'number' ? prevSeq : 0;
  return { v: 1, postingSeq: Math.max(seq, prev) };
}

/** The preview of a stored GL change set, rebuilt from what was saved when it was planned. */
function glPreviewOf(cs: ChangeSet): GlPreview {
  const { head, num, value } = storedPreview(cs);
  return {
    ...head,
    entries: num('entries'),
    totalsByAccount: value<GlPreview['totalsByAccount']>('totalsByAccount', []),
    sourceLedgers: value<GlPreview['sourceLedgers']>('sourceLedgers', { leftOut: [], overridden: [] }),
    totalsByDimension: value<GlPreview['totalsByDimension']>('totalsByDimension', []),
    problems: value<GlPreview['problems']>('problems', []).map((p) => ({ ...p, fix: p.fix ?? '' })),
  };
}

/** The names of what a GL plan totals; none when no names port is wired (the preview then shows ids). */
async function namesOf(deps: GlDeps, accounts: AccountTotals) {
  const ids = accounts.ids();
  const none = new Map<string, string>();
  if (!deps.names) return { account: none, department: none, location: none };
  const [account, department, location] = await Promise.all([
    deps.names.names('account', ids.account),
    deps.names.names('department', ids.department),
    deps.names.names('location', ids.location),
  ]);
  return { account, department, location };
}

/**
 * Reads posted Sage 300 entries and maps and validates them (a bad entry, or one in a Sage 300 period that is not
 * open, is a problem); the rest become GLBATCH creates. Nothing is written here.
 */
async function draftGl(deps: GlDeps, request: GlPlanRequest): Promise<PlanDraft<GlPreview>> {
  const { store } = deps;
  const { company } = request;
  const cursorBefore = request.selection.kind === 'incremental' ? (store.cursors.get(GL_PIPELINE, company)?.value ?? null) : null;
  const { lines, rowErrors } = await deps.source.readLines(request.selection, cursorBefore);
  const ledgers = request.options.sourceLedgers;
  const excluded = leftOutLedgers(ledgers);
  // An entry whose every line comes from a left-out ledger is another pipeline's document (see source-ledgers.ts).
  const grouped = groupEntries(company, lines);
  const entries = excluded.size === 0 ? grouped : grouped.filter((e) => !e.lines.every((l) => excluded.has(l.sourceLedger)));
  const leftOut = ledgerCounts(ledgers, grouped, entries);

  const mapped = new Map<string, MappedEntry>();
  const problems: { entry: SourceEntry; problem: GlProblem }[] = [];
  const periodOpen = new Map<string, boolean>();
  for (const entry of entries) {
    const periodKey = `${entry.fiscalYear}-${entry.fiscalPeriod}`;
    if (!periodOpen.has(periodKey)) periodOpen.set(periodKey, await deps.source.fiscalPeriodOpen(entry.fiscalYear, entry.fiscalPeriod));
    if (!periodOpen.get(periodKey)) {
      problems.push({
        entry,
        problem: {
          class: 'period',
          message: `entry ${entry.sourceKey} is in Sage 300 fiscal period ${periodKey}, which is not open`,
          fix: 'open the fiscal year in Sage 300 (Common Services > Fiscal Calendar) or exclude the period',
        },
      });
      continue;
    }
    const result = transformEntry(entry, deps.engine, request.options);
    if (result.ok) mapped.set(entry.sourceKey, result.value);
    else problems.push({ entry, problem: result.problem });
  }
  const planned = await plan(deps, entries, mapped);
  const totalsByCurrency = totalsJson(planned.totals);
  const exceptions = problems.length + rowErrors.length;
  const problemList = [
    ...rowErrors.map((r) => ({ sourceKey: r.key, class: 'validation', message: r.message, fix: ROW_FIX })),
    ...problems.map(({ entry, problem }) => ({
      sourceKey: entry.sourceKey,
      class: problem.class,
      message: problem.message,
      fix: problem.fix,
    })),
  ];
  const names = await namesOf(deps, planned.accounts);
  const totalsByAccount = planned.accounts.toJSON(names.account);
  const totalsByDimension = planned.accounts.dimensionsJSON(names);
  const base = {
    entries: entries.length,
    skipped: planned.skipped.length,
    foundInIntacct: planned.found.length,
    totalsByCurrency,
    sourceLedgers: leftOut,
  };
  const toSend = planned.items.length;
  return {
    items: planned.items,
    raiseAlways: rowErrors.map(({ key, message }) => ({
      key,
      record: { key },
      problem: { class: 'validation', message: `Sage 300 row ${key} could not be read: ${message}`, fix: ROW_FIX },
    })),
    problems: problems.map(({ entry, problem }) => ({ key: entry.sourceKey, record: entry as unknown as JsonValue, problem })),
    // This plan's counts under the change set's id and digest: for a resumed change set, what is left to send.
    preview: (cs) => ({
      changeSetId: cs?.id ?? null,
      digest: cs?.digest ?? '',
      ...base,
      toSend,
      created: toSend,
      updated: 0,
      exceptions,
      totalsByAccount,
      totalsByDimension,
      problems: problemList.slice(0, PROBLEMS_KEPT),
    }),
    summary: () => ({
      ...base,
      toSend,
      exceptions,
      selection: request.selection as unknown as JsonValue,
      sourceLedgers: leftOut as unknown as JsonValue,
      totalsByAccount: totalsByAccount as unknown as JsonValue,
      totalsByDimension: totalsByDimension as unknown as JsonValue,
      problems: problemList.slice(0, PROBLEMS_KEPT),
      problemsOmitted: Math.max(0, problemList.length - PROBLEMS_KEPT),
    }),
    found: [{ objectType: OBJECT, sourceSystem: SOURCE, targetSystem: TARGET, records: planned.found }],
    // An override that sends a replicated ledger is in the audit log with the run that planned under it.
    onRun: (runId) => {
      if (leftOut.overridden.length === 0) return;
      deps.audit?.append({
        kind: 'report',
        principal: request.principal,
        action: 'gl.source_ledgers_override',
        decision: 'n/a',
        outcome: 'ok',
        detail: { company, runId, overridden: leftOut.overridden as unknown as JsonValue },
      });
    },
    cursorBefore,
    cursorAfter: () => (request.selection.kind === 'incremental' ? nextCursor(deps, entries, cursorBefore) : null),
  };
}

/**
 * The GL pipeline: posted Sage 300 journal entries become Intacct GLBATCH creates, chunked into multi-function
 * requests at the company's concurrency, each confirmed with its RECORDNO; the incremental cursor stops just before
 * the oldest entry not yet in Intacct.
 */
export const glPipeline: PipelineDefinition<GlDeps, GlPlanRequest, GlPreview, GlSyncSummary> = {
  pipeline: GL_PIPELINE,
  noun: 'gl',
  lookups: [glLookup],
  runParams: (request) => ({ selection: request.selection as unknown as JsonValue, options: request.options as unknown as JsonValue }),
  draft: draftGl,
  passes: (deps) => [
    {
      select: () => true,
      batchSize: deps.target.batchSize,
      concurrency: deps.target.concurrency,
      clientLimited: true,
      send: (batch) =>
        deps.target.createEntries(
          batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload, reference: referenceOf(e.payload) })),
        ),
      audit: { system: TARGET, function: `create ${OBJECT}`, controlIdFor: (key) => deps.target.controlIdFor(key) },
    },
  ],
  requests: (deps) => deps.target.requests(),
  warmUp: (deps) => deps.target.warmUp?.(),
  previewOf: glPreviewOf,
  summarize: (o) => ({ ...runCounts(o), entries: o.preview.entries, totalsByCurrency: o.preview.totalsByCurrency, cursor: o.cursor }),
};

function referenceOf(payload: JsonValue): string {
  const ref = field(payload, 'REFERENCENO');
  return typeof ref === 'string' ? ref : '';
}
