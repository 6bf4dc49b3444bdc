import type { JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet } from '../state/index.ts';
import type { PlanDraft } from '../sync/pipeline-definition.ts';
import type { PlanProblem } from '../sync/raise-problems.ts';
import { IntacctView, planInvoices, planPayments, type PlannedItems } from './ar-plan-items.ts';
import { planLookupsInTarget } from '../sync/target-lookup.ts';
import { AR_INVOICE_OBJECT, AR_PAYMENT_OBJECT, arReceiptKey, arSourceKey, SOURCE, TARGET } from './ar-keys.ts';
import { arInvoiceLookup, arPaymentLookup } from './ar-lookup.ts';
import { invoiceReadiness, planApplies, planCash } from './ar-cash-plan.ts';
import { arPreviewOf, ArTotals, type ArPreview } from './ar-summary.ts';
import type { ArDeps, ArPlanRequest } from './ar-types.ts';

/** Problems kept verbatim in a change set's summary; the rest are counted (all are in the exceptions queue). */
const PROBLEMS_KEPT = 500;

/**
 * Reads posted Sage 300 AR documents of the selection (they become create_invoice items), then its applied receipts
 * (ARPYMT items, only when every invoice they pay is in Intacct or in this plan). Nothing is written here.
 */
export async function draftAr(deps: ArDeps, request: ArPlanRequest): Promise<PlanDraft<ArPreview>> {
  const { company } = request;
  const docs = await deps.source.readDocuments(request.selection);
  const recs = await deps.source.readReceipts(request.selection);
  const cash = await deps.source.readCash(request.selection);
  const view = new IntacctView(deps);
  const out: PlannedItems = {
    items: [],
    invoices: 0,
    payments: 0,
    skipped: 0,
    waiting: 0,
    foundInvoices: [],
    foundPayments: [],
    problems: [],
    totals: new ArTotals(),
  };
  const inPlan = new Set<string>();
  const invoiceLookups = await planLookupsInTarget(
    deps,
    arInvoiceLookup,
    docs.documents.map((d) => arSourceKey(company, d.customerId, d.documentNumber)),
  );
  const paymentLookups = await planLookupsInTarget(
    deps,
    arPaymentLookup,
    [...recs.receipts, ...cash.cash].map((r) => arReceiptKey(company, r)),
  );
  await planInvoices(deps, company, docs.documents, view, out, inPlan, invoiceLookups.found);
  await planPayments(deps, company, recs.receipts, view, out, inPlan, { invoices: invoiceLookups.found, payments: paymentLookups.found });
  const cashKeys = await planCash(deps, company, cash.cash, view, out, paymentLookups.found);
  // A credit received before the selection and already in Intacct is applied too (its cross-reference says so).
  for (const c of cash.allCash) {
    const rkey = arReceiptKey(company, c);
    const byDoc = `${c.customerId}\u0000${c.documentNumber}`;
    if (!cashKeys.has(byDoc) && deps.store.xrefs.bySource(AR_PAYMENT_OBJECT, SOURCE, rkey, TARGET)) cashKeys.set(byDoc, rkey);
  }
  planApplies(deps, company, cash.applies, out, cashKeys, invoiceReadiness(deps, inPlan, invoiceLookups.found));
  const foundInIntacct = out.foundInvoices.length + out.foundPayments.length;
  // readCash reads the same ARTCR rows as readReceipts: an unreadable one is reported once, from there.
  const rowErrors: PlanProblem[] = [...docs.rowErrors, ...recs.rowErrors].map((r) => ({
    key: r.key,
    record: { key: r.key },
    problem: { class: 'validation', message: `Sage 300 row ${r.key} could not be read: ${r.message}`, fix: 'correct the row in Sage 300' },
  }));
  const problems = [...rowErrors, ...out.problems];
  const exceptions = problems.length;
  const problemList = problems.map((p) => ({ sourceKey: p.key, class: p.problem.class, message: p.problem.message, fix: p.problem.fix }));
  // Customer names for the approver: read from Intacct (the customers these invoices go to); ids only without the read.
  const customerTotals = out.totals.customers();
  const customerNames =
    (await deps.names?.names(
      'customer',
      customerTotals.map((c) => c.customer),
    )) ?? new Map<string, string>();
  const totalsByCustomer = customerTotals.map((c) => ({ ...c, name: customerNames.get(c.customer) ?? '' }));
  const base = {
    documents: docs.documents.length,
    receipts: recs.receipts.length,
    skipped: out.skipped,
    foundInIntacct,
    waiting: out.waiting,
  };
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
          totalsByCustomer,
          problems: problemList.slice(0, PROBLEMS_KEPT),
        };
  return {
    items: out.items,
    // Unreadable rows are problems like any other here: a dismissed one is not raised again.
    problems,
    found: [
      { objectType: AR_INVOICE_OBJECT, sourceSystem: SOURCE, targetSystem: TARGET, records: out.foundInvoices },
      { objectType: AR_PAYMENT_OBJECT, sourceSystem: SOURCE, targetSystem: TARGET, records: out.foundPayments },
    ],
    preview,
    summary: () => {
      const p = preview(null);
      return {
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
    },
  };
}
