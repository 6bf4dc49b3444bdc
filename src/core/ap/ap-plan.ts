import { formatAmount, Money, sumAmounts } from '../../domain/money.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet, PlanItem } from '../state/index.ts';
import { findReusableChangeSet, supersedeOverlapping } from '../sync/pending-change-sets.ts';
import { raiseException } from '../sync/raise-exception.ts';
import { raisePlanProblems } from '../sync/raise-problems.ts';
import type { ApSourceDocument } from '../ports/ap-ports.ts';
import { findDuplicates, resolveVendor, type DuplicateCandidate } from './ap-checks.ts';
import { apPreviewOf, VendorTotals, type ApPreview } from './ap-summary.ts';
import { apSourceKey, transformDocument, type ApProblem, type MappedBill } from './ap-transform.ts';
import { AP_PIPELINE, type ApDeps, type ApPlanned, type ApPlanRequest, type ApSyncSummary } from './ap-types.ts';

const SOURCE = 'sage300';
const TARGET = 'intacct';
/** Cross-reference object of a synced bill. */
export const AP_OBJECT = 'APBILL';
/** Problems kept verbatim in a change set's summary; the rest are counted (all are in the exceptions queue). */
const PROBLEMS_KEPT = 500;
const INFLIGHT = new Set(['approved', 'sending', 'unknown']);

interface Checked {
  items: PlanItem[];
  skipped: number;
  problems: { key: string; doc: ApSourceDocument; problem: ApProblem }[];
  totals: VendorTotals;
}

/** Maps and checks every document; reads Intacct (vendors, the vendors' bills) only when something is left to send. */
async function check(deps: ApDeps, company: string, documents: readonly ApSourceDocument[]): Promise<Checked> {
  const { store } = deps;
  const out: Checked = { items: [], skipped: 0, problems: [], totals: new VendorTotals() };
  const open: ApSourceDocument[] = [];
  for (const doc of documents) {
    const key = apSourceKey(company, doc.vendorId, doc.documentNumber);
    if (store.xrefs.bySource(AP_OBJECT, SOURCE, key, TARGET)) out.skipped++;
    else open.push(doc);
  }
  const fresh: { doc: ApSourceDocument; vendor: string; mapped: MappedBill }[] = [];
  const resend = new Map<string, PlanItem>();
  let vendors: ReadonlySet<string> | undefined;
  for (const doc of open) {
    const key = apSourceKey(company, doc.vendorId, doc.documentNumber);
    // A write that may already have landed is only ever resent with its own key and payload, never re-planned.
    const inflight = store.outbox.bySource(SOURCE, key).find((v) => v.objectType === AP_OBJECT && INFLIGHT.has(v.state));
    if (inflight) {
      resend.set(key, { idempotencyKey: inflight.idempotencyKey, targetSystem: TARGET, objectType: AP_OBJECT, sourceSystem: SOURCE, sourceKey: key, payload: inflight.payload });
      continue;
    }
    vendors ??= await deps.target.vendorIds();
    const vendor = resolveVendor(store, deps.engine, company, doc.vendorId, vendors);
    if (!vendor.ok) {
      out.problems.push({ key, doc, problem: vendor.problem });
      continue;
    }
    const mapped = transformDocument(doc, company, vendor.value, deps.engine);
    if (!mapped.ok) out.problems.push({ key, doc, problem: mapped.problem });
    else fresh.push({ doc, vendor: vendor.value, mapped: mapped.value });
  }
  const candidates: DuplicateCandidate[] = fresh.map((f) => ({ doc: f.doc, intacctVendorId: f.vendor }));
  const existing = candidates.length > 0 ? await deps.target.billsOf([...new Set(candidates.map((c) => c.intacctVendorId))].sort()) : [];
  const duplicates = findDuplicates(company, candidates, existing);
  const freshByKey = new Map(fresh.map((f) => [apSourceKey(company, f.doc.vendorId, f.doc.documentNumber), f]));
  // Items keep source order so the digest (and an agent's identical retry) is stable.
  for (const doc of open) {
    const key = apSourceKey(company, doc.vendorId, doc.documentNumber);
    const again = resend.get(key);
    if (again) {
      out.items.push(again);
      const p = again.payload as Record<string, JsonValue>;
      const str = (v: JsonValue | undefined, fallback: string): string => (typeof v === 'string' ? v : fallback);
      out.totals.add(str(p.VENDORID, doc.vendorId), str(p.CURRENCY, doc.currency), billTotal(again.payload));
      continue;
    }
    const f = freshByKey.get(key);
    if (!f) continue;
    const dup = duplicates.get(key);
    if (dup) {
      out.problems.push({ key, doc, problem: dup });
      continue;
    }
    const idempotencyKey = `ap:${key}~${digestOf(f.mapped.payload).slice(0, 12)}`;
    out.items.push({ idempotencyKey, targetSystem: TARGET, objectType: AP_OBJECT, sourceSystem: SOURCE, sourceKey: key, payload: f.mapped.payload });
    out.totals.add(f.vendor, doc.currency, f.mapped.total);
  }
  return out;
}

/** Signed total of a stored bill payload (what a resent write adds to the preview). */
function billTotal(payload: JsonValue): string {
  const items = (payload as { APBILLITEMS?: { APBILLITEM?: JsonValue } }).APBILLITEMS?.APBILLITEM;
  const list = (Array.isArray(items) ? items : items ? [items] : []) as { TRX_AMOUNT?: string }[];
  return formatAmount(sumAmounts(list.map((l) => new Money(l.TRX_AMOUNT ?? '0'))), 2);
}

/**
 * Plans one AP sync: read posted Sage 300 AP documents, resolve vendors, map, check duplicates (a bad document
 * becomes an exception), and store the rest as a change set bound to a digest. Nothing is written to Intacct here.
 */
export async function planApSync(deps: ApDeps, request: ApPlanRequest): Promise<ApPlanned> {
  const { store } = deps;
  const { company } = request;
  const { documents, rowErrors } = await deps.source.readDocuments(request.selection);
  const checked = await check(deps, company, documents);
  const exceptions = checked.problems.length + rowErrors.length;
  const problemList = [...rowErrors.map((r) => ({ sourceKey: r.key, class: 'validation', message: r.message })), ...checked.problems.map((p) => ({ sourceKey: p.key, class: p.problem.class, message: p.problem.message }))];
  const base = { documents: documents.length, skipped: checked.skipped, totalsByCurrency: checked.totals.currencies() };
  const volumeByCurrency = checked.totals.volumes();
  const preview = (cs: ChangeSet | null): ApPreview =>
    cs ? apPreviewOf(cs) : { changeSetId: null, digest: '', ...base, volumeByCurrency, toSend: checked.items.length, created: checked.items.length, updated: 0, exceptions, totalsByVendor: checked.totals.vendors(), problems: problemList.slice(0, PROBLEMS_KEPT) };
  const settled = (summary: ApSyncSummary): ApPlanned => ({ kind: 'settled', summary, preview: preview(null) });
  if (request.dryRun) {
    return settled({ runId: null, changeSetId: null, status: 'dry_run', ...base, planned: checked.items.length, written: 0, alreadyApplied: 0, exceptions, unknown: 0, apiRequests: 0 });
  }

  const runId = store.runs.startRun({ pipeline: AP_PIPELINE, company, params: { selection: request.selection as unknown as JsonValue }, principal: request.principal });
  const exDeps = { store, alerts: deps.alerts, log: deps.log };
  for (const { key, message } of rowErrors) {
    await raiseException(exDeps, { pipeline: AP_PIPELINE, company, sourceKey: key, class: 'validation', message: `Sage 300 row ${key} could not be read: ${message}`, fix: 'correct the row in Sage 300', sourceRecord: { key } });
  }
  await raisePlanProblems(exDeps, AP_PIPELINE, company, checked.problems.map((p) => ({ key: p.key, record: p.doc as unknown as JsonValue, problem: p.problem })));
  if (checked.items.length === 0) {
    const summary: ApSyncSummary = { runId, changeSetId: null, status: exceptions > 0 ? 'partial' : 'nothing_to_do', ...base, planned: 0, written: 0, alreadyApplied: 0, exceptions, unknown: 0, apiRequests: 0 };
    store.runs.finishRun(runId, exceptions > 0 ? 'partial' : 'succeeded', summary as unknown as JsonValue);
    return settled(summary);
  }
  const summary = {
    ...base,
    toSend: checked.items.length,
    exceptions,
    volumeByCurrency,
    selection: request.selection as unknown as JsonValue,
    totalsByVendor: checked.totals.vendors() as unknown as JsonValue,
    problems: problemList.slice(0, PROBLEMS_KEPT),
    problemsOmitted: Math.max(0, problemList.length - PROBLEMS_KEPT),
  };
  // An agent that retries the same call gets the same pending change set back, not a second one to approve.
  const reusable = findReusableChangeSet(store, AP_PIPELINE, company, checked.items);
  if (reusable) {
    store.runs.finishRun(runId, 'partial', { status: 'awaiting_approval', changeSetId: reusable.id, reused: true });
    return { kind: 'planned', runId, changeSet: reusable, preview: preview(reusable), reused: true, documents };
  }
  const created = store.changeSets.create({ runId, pipeline: AP_PIPELINE, company, createdBy: request.principal, summary, items: checked.items, ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) });
  if (!created.ok) throw new Error(`planning failed: ${created.code}: ${created.message}`);
  supersedeOverlapping(store, AP_PIPELINE, company, created.value.changeSet, checked.items);
  return { kind: 'planned', runId, changeSet: created.value.changeSet, preview: preview(created.value.changeSet), reused: false, documents };
}

