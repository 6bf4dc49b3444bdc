import type { JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet } from '../state/index.ts';
import { findReusableChangeSet, supersedeOverlapping } from '../sync/pending-change-sets.ts';
import { raisePlanProblems, type PlanProblem } from '../sync/raise-problems.ts';
import { AR_PIPELINE } from './ar-keys.ts';
import { IntacctView, planInvoices, planPayments, type PlannedItems } from './ar-plan-items.ts';
import { arPreviewOf, ArTotals, type ArPreview } from './ar-summary.ts';
import type { ArDeps, ArPlanned, ArPlanRequest, ArSyncSummary } from './ar-types.ts';

/** Problems kept verbatim in a change set's summary; the rest are counted (all are in the exceptions queue). */
const PROBLEMS_KEPT = 500;

/**
 * Plans one AR sync: posted Sage 300 AR documents of the selection become create_invoice items, then its applied
 * receipts become ARPYMT items (only when every invoice they pay is in Intacct or in this plan). Bad records become
 * exceptions; the rest is stored as one change set bound to a digest. Nothing is written to Intacct here.
 */
export async function planArSync(deps: ArDeps, request: ArPlanRequest): Promise<ArPlanned> {
  const { store } = deps;
  const { company } = request;
  const docs = await deps.source.readDocuments(request.selection);
  const recs = await deps.source.readReceipts(request.selection);
  const view = new IntacctView(deps);
  const out: PlannedItems = { items: [], invoices: 0, payments: 0, skipped: 0, waiting: 0, problems: [], totals: new ArTotals() };
  const inPlan = new Set<string>();
  await planInvoices(deps, company, docs.documents, view, out, inPlan);
  await planPayments(deps, company, recs.receipts, view, out, inPlan);
  const rowErrors: PlanProblem[] = [...docs.rowErrors, ...recs.rowErrors].map((r) => ({
    key: r.key,
    record: { key: r.key },
    problem: { class: 'validation', message: `Sage 300 row ${r.key} could not be read: ${r.message}`, fix: 'correct the row in Sage 300' },
  }));
  const problems = [...rowErrors, ...out.problems];
  const exceptions = problems.length;
  const problemList = problems.map((p) => ({ sourceKey: p.key, class: p.problem.class, message: p.problem.message }));
  const base = { documents: docs.documents.length, receipts: recs.receipts.length, skipped: out.skipped, waiting: out.waiting };
  const counts = { invoicesPlanned: out.invoices, paymentsPlanned: out.payments };
  const preview = (cs: ChangeSet | null): ArPreview =>
    cs
      ? arPreviewOf(cs)
      : {
          changeSetId: null,
          digest: '',
          ...base,
          invoices: out.invoices,
          payments: out.payments,
          exceptions,
          invoiceTotalsByCurrency: out.totals.invoiceTotals(),
          paymentTotalsByCurrency: out.totals.paymentTotals(),
          volumeByCurrency: out.totals.volumes(),
          totalsByCustomer: out.totals.customers(),
          problems: problemList.slice(0, PROBLEMS_KEPT),
        };
  const zero = { written: 0, alreadyApplied: 0, unknown: 0, apiRequests: 0 };
  if (request.dryRun) {
    return { kind: 'settled', preview: preview(null), summary: { runId: null, changeSetId: null, status: 'dry_run', ...base, ...counts, ...zero, exceptions } };
  }
  const runId = store.runs.startRun({ pipeline: AR_PIPELINE, company, params: { selection: request.selection as unknown as JsonValue }, principal: request.principal });
  await raisePlanProblems({ store, alerts: deps.alerts, log: deps.log }, AR_PIPELINE, company, problems);
  if (out.items.length === 0) {
    const summary: ArSyncSummary = { runId, changeSetId: null, status: exceptions > 0 ? 'partial' : 'nothing_to_do', ...base, ...counts, ...zero, exceptions };
    store.runs.finishRun(runId, exceptions > 0 ? 'partial' : 'succeeded', summary as unknown as JsonValue);
    return { kind: 'settled', preview: preview(null), summary };
  }
  const p = preview(null);
  const summary = {
    ...base,
    invoices: out.invoices,
    payments: out.payments,
    exceptions,
    invoiceTotalsByCurrency: p.invoiceTotalsByCurrency,
    paymentTotalsByCurrency: p.paymentTotalsByCurrency,
    volumeByCurrency: p.volumeByCurrency,
    selection: request.selection as unknown as JsonValue,
    totalsByCustomer: p.totalsByCustomer as unknown as JsonValue,
    problems: p.problems as unknown as JsonValue,
    problemsOmitted: Math.max(0, problemList.length - PROBLEMS_KEPT),
  };
  // An agent that retries the same call gets the same pending change set back, not a second one to approve.
  const reusable = findReusableChangeSet(store, AR_PIPELINE, company, out.items);
  if (reusable) {
    store.runs.finishRun(runId, 'partial', { status: 'awaiting_approval', changeSetId: reusable.id, reused: true });
    return { kind: 'planned', runId, changeSet: reusable, preview: preview(reusable), reused: true };
  }
  const created = store.changeSets.create({ runId, pipeline: AR_PIPELINE, company, createdBy: request.principal, summary, items: out.items, ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) });
  if (!created.ok) throw new Error(`planning failed: ${created.code}: ${created.message}`);
  supersedeOverlapping(store, AR_PIPELINE, company, created.value.changeSet, out.items);
  return { kind: 'planned', runId, changeSet: created.value.changeSet, preview: preview(created.value.changeSet), reused: false };
}
