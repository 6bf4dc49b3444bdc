import { formatAmount, Money, sumAmounts } from '../../domain/money.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import type { PlanItem } from '../state/index.ts';
import { resendOf } from '../sync/plan-lookups.ts';
import { documentLookup } from '../sync/document-lookup.ts';
import { planLookupsInTarget, type FoundInTarget } from '../sync/target-lookup.ts';
import type { PlanDraft } from '../sync/pipeline-definition.ts';
import type { ApSourceDocument } from '../ports/ap-ports.ts';
import { findDuplicates, resolveVendor, type DuplicateCandidate } from './ap-checks.ts';
import { VendorTotals, type ApPreview } from './ap-summary.ts';
import { apSourceKey, transformDocument, type ApProblem, type MappedBill } from './ap-transform.ts';
import type { ApDeps, ApPlanRequest } from './ap-types.ts';
import { apPaymentLookup, planApPayments, type PlannedPayments } from './ap-payment-plan.ts';
import { AP_PAYMENT_OBJECT, apPaymentSourceKey } from './ap-payment-transform.ts';
import type { ApSourcePayment } from '../ports/ap-ports.ts';

const SOURCE = 'sage300';
const TARGET = 'intacct';
/** Cross-reference object of a synced bill. */
export const AP_OBJECT = 'APBILL';
/** Problems kept verbatim in a change set's summary; the rest are counted (all are in the exceptions queue). */
const PROBLEMS_KEPT = 500;

/** A document with no cross-reference is looked up in Intacct by its bill's DOCNUMBER (`S300:<company>:<vendor>:<document>`). */
export const apLookup = documentLookup<ApDeps>({
  objectType: AP_OBJECT,
  sourceSystem: SOURCE,
  targetSystem: TARGET,
  reads: (deps) => deps.target.existing,
});

interface Checked {
  items: PlanItem[];
  skipped: number;
  found: FoundInTarget[];
  problems: { key: string; doc: ApSourceDocument; problem: ApProblem }[];
  totals: VendorTotals;
}

/** Maps and checks every document; reads Intacct (vendors, the vendors' bills) only when something is left to send. */
async function check(deps: ApDeps, company: string, documents: readonly ApSourceDocument[]): Promise<Checked> {
  const { store } = deps;
  const out: Checked = { items: [], skipped: 0, found: [], problems: [], totals: new VendorTotals() };
  const keyOf = (doc: ApSourceDocument): string => apSourceKey(company, doc.vendorId, doc.documentNumber);
  const { linked, inflight, found } = await planLookupsInTarget(deps, apLookup, documents.map(keyOf));
  const open: ApSourceDocument[] = [];
  for (const doc of documents) {
    const there = found.get(keyOf(doc));
    if (linked.has(keyOf(doc))) out.skipped++;
    else if (there) out.found.push(there);
    else open.push(doc);
  }
  const fresh: { doc: ApSourceDocument; vendor: string; mapped: MappedBill }[] = [];
  const resend = new Map<string, PlanItem>();
  let vendors: ReadonlySet<string> | undefined;
  for (const doc of open) {
    const key = keyOf(doc);
    // A write that may already have landed is only ever resent with its own key and payload, never re-planned.
    const prior = inflight.get(key);
    if (prior) {
      resend.set(key, resendOf(prior));
      continue;
    }
    vendors ??= await deps.target.vendorIds();
    const vendor = resolveVendor(store, deps.engine, company, doc.vendorId, vendors);
    if (!vendor.ok) {
      out.problems.push({ key, doc, problem: vendor.problem });
      continue;
    }
    const mapped = transformDocument(doc, company, vendor.value, deps.engine, deps.currency);
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
    out.items.push({
      idempotencyKey,
      targetSystem: TARGET,
      objectType: AP_OBJECT,
      sourceSystem: SOURCE,
      sourceKey: key,
      payload: f.mapped.payload,
    });
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
 * Reads posted Sage 300 AP documents, resolves vendors, maps and checks duplicates (a bad document is a problem);
 * the rest become APBILL creates. Nothing is written here.
 */
/**
 * Plans the selection's payments after its bills: a bill is ready when it is cross-referenced, found in Intacct
 * (by this run's lookups, also for bills of earlier selections) or planned in this change set.
 */
async function checkPayments(
  deps: ApDeps,
  company: string,
  payments: readonly ApSourcePayment[],
  bills: Checked,
): Promise<PlannedPayments> {
  const inPlan = new Set(bills.items.map((i) => i.sourceKey));
  const foundBills = new Set(bills.found.map((f) => f.sourceKey));
  const xref = (k: string): boolean => deps.store.xrefs.bySource(AP_OBJECT, SOURCE, k, TARGET) !== undefined;
  const wanted = [
    ...new Set(payments.flatMap((p) => p.applications.map((a) => apSourceKey(company, p.vendorId, a.documentNumber)))),
  ].filter((k) => !inPlan.has(k) && !foundBills.has(k) && !xref(k));
  if (wanted.length > 0) {
    const more = await planLookupsInTarget(deps, apLookup, wanted);
    for (const [k, f] of more.found) {
      if (foundBills.has(k)) continue;
      bills.found.push(f);
      foundBills.add(k);
    }
  }
  const lookups = await planLookupsInTarget(
    deps,
    apPaymentLookup,
    payments.map((p) => apPaymentSourceKey(company, p)),
  );
  const billProblems = new Map(bills.problems.map((p) => [p.key, `${p.problem.class}: ${p.problem.message}`]));
  let vendors: Promise<ReadonlySet<string>> | undefined;
  return planApPayments(
    deps,
    company,
    payments,
    lookups.found,
    (k) => inPlan.has(k) || foundBills.has(k) || xref(k),
    billProblems,
    () => (vendors ??= deps.target.vendorIds()),
  );
}

export async function draftAp(deps: ApDeps, request: ApPlanRequest): Promise<PlanDraft<ApPreview>> {
  const { company } = request;
  const read = await deps.source.readDocuments(request.selection);
  const { documents } = read;
  const paid = await deps.source.readPayments(request.selection);
  const rowErrors = [...read.rowErrors, ...paid.rowErrors];
  const checked = await check(deps, company, documents);
  const pays = await checkPayments(deps, company, paid.payments, checked);
  const exceptions = checked.problems.length + rowErrors.length + paid.notReplicated.length + pays.problems.length;
  const problemList = [
    ...rowErrors.map((r) => ({ sourceKey: r.key, class: 'validation', message: r.message, fix: 'correct the row in Sage 300' })),
    ...paid.notReplicated.map((r) => ({ sourceKey: r.key, class: 'validation', message: r.message, fix: r.fix })),
    ...checked.problems.map((p) => ({ sourceKey: p.key, class: p.problem.class, message: p.problem.message, fix: p.problem.fix })),
    ...pays.problems.map((p) => ({ sourceKey: p.key, class: p.problem.class, message: p.problem.message, fix: p.problem.fix })),
  ];
  // Vendor names for the approver: read from Intacct (the vendors these bills go to); ids only without the read.
  const vendorTotals = checked.totals.vendors();
  const vendorNames =
    (await deps.names?.names(
      'vendor',
      vendorTotals.map((v) => v.vendor),
    )) ?? new Map<string, string>();
  const totalsByVendor = vendorTotals.map((v) => ({ ...v, name: vendorNames.get(v.vendor) ?? '' }));
  const paymentTotalsByCurrency = Object.fromEntries(
    [...pays.totals].sort(([a], [b]) => a.localeCompare(b)).map(([c, t]) => [c, formatAmount(t, 2)]),
  );
  const base = {
    documents: documents.length,
    skipped: checked.skipped + pays.skipped,
    foundInIntacct: checked.found.length + pays.found.length,
    totalsByCurrency: checked.totals.currencies(),
    payments: pays.items.length,
    paymentsWaiting: pays.waiting,
    paymentTotalsByCurrency,
  };
  // Payments move money too: their applied totals count toward the volume an `auto` approval limit is checked against.
  const volumeByCurrency = { ...checked.totals.volumes() };
  for (const [c, t] of pays.totals) volumeByCurrency[c] = formatAmount(new Money(volumeByCurrency[c] ?? '0').plus(t), 2);
  const items = [...checked.items, ...pays.items];
  const toSend = items.length;
  return {
    items,
    raiseAlways: [
      ...rowErrors.map(({ key, message }) => ({
        key,
        record: { key },
        problem: {
          class: 'validation' as const,
          message: `Sage 300 row ${key} could not be read: ${message}`,
          fix: 'correct the row in Sage 300',
        },
      })),
      ...paid.notReplicated.map(({ key, message, fix }) => ({
        key,
        record: { key },
        problem: { class: 'validation' as const, message, fix },
      })),
    ],
    problems: [
      ...checked.problems.map((p) => ({ key: p.key, record: p.doc as unknown as JsonValue, problem: p.problem })),
      ...pays.problems,
    ],
    found: [
      { objectType: AP_OBJECT, sourceSystem: SOURCE, targetSystem: TARGET, records: checked.found },
      { objectType: AP_PAYMENT_OBJECT, sourceSystem: SOURCE, targetSystem: TARGET, records: pays.found },
    ],
    // This plan's counts under the change set's id and digest: for a resumed change set, what is left to send.
    preview: (cs) => ({
      changeSetId: cs?.id ?? null,
      digest: cs?.digest ?? '',
      ...base,
      volumeByCurrency,
      toSend,
      created: toSend,
      updated: 0,
      exceptions,
      totalsByVendor,
      problems: problemList.slice(0, PROBLEMS_KEPT),
    }),
    summary: () => ({
      ...base,
      toSend,
      exceptions,
      volumeByCurrency,
      selection: request.selection as unknown as JsonValue,
      totalsByVendor: totalsByVendor as unknown as JsonValue,
      problems: problemList.slice(0, PROBLEMS_KEPT),
      problemsOmitted: Math.max(0, problemList.length - PROBLEMS_KEPT),
    }),
  };
}
