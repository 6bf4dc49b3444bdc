import { Money } from '../../domain/money.ts';
import type { ArSourceDocument, ArSourceReceipt, ExistingInvoice } from '../ports/ar-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { PlanItem, SyncException } from '../state/index.ts';
import { resolveParty, type PartyKind } from '../sync/resolve-party.ts';
import type { PlanProblem } from '../sync/raise-problems.ts';
import type { FoundInTarget } from '../sync/target-lookup.ts';
import {
  AR_INVOICE_OBJECT,
  AR_PAYMENT_OBJECT,
  AR_PIPELINE,
  arInvoiceKey,
  arPaymentKey,
  arReceiptKey,
  arSourceKey,
  SOURCE,
  TARGET,
} from './ar-keys.ts';
import { slotFor } from './ar-slot.ts';
import type { ArTotals } from './ar-summary.ts';
import { transformInvoice, transformReceipt } from './ar-transform.ts';
import type { ArDeps } from './ar-types.ts';

/** What planning found: the items (invoices first, then payments), skips, problems and totals. */
export interface PlannedItems {
  readonly items: PlanItem[];
  invoices: number;
  payments: number;
  skipped: number;
  waiting: number;
  /** Invoices and payments with no cross-reference found already in Intacct (linked when the run starts). */
  readonly foundInvoices: FoundInTarget[];
  readonly foundPayments: FoundInTarget[];
  readonly problems: PlanProblem[];
  readonly totals: ArTotals;
}

/** Intacct reads made at most once per plan, only when something is left to map. */
export class IntacctView {
  private customers?: Promise<ReadonlySet<string>>;
  private invoices?: Promise<ExistingInvoice[]>;
  constructor(private readonly deps: ArDeps) {}
  customerIds(): Promise<ReadonlySet<string>> {
    return (this.customers ??= this.deps.target.customerIds());
  }
  allInvoices(): Promise<ExistingInvoice[]> {
    return (this.invoices ??= this.deps.target.invoices());
  }
}

/** The customer as a party to resolve (cross-reference, then customers.csv). */
export const customerKind = (deps: ArDeps): PartyKind => ({
  objectType: 'CUSTOMER',
  label: 'customer',
  file: 'customers.csv',
  idField: 'CUSTOMERID',
  lookup: (id) => deps.engine.customerId(id),
});

/** Plans one create_invoice per document not yet linked; unmapped, duplicate or busy documents are held back. */
export async function planInvoices(
  deps: ArDeps,
  company: string,
  documents: readonly ArSourceDocument[],
  view: IntacctView,
  out: PlannedItems,
  inPlan: Set<string>,
  found: ReadonlyMap<string, FoundInTarget>,
): Promise<void> {
  const { store } = deps;
  let byNumber: Map<string, ExistingInvoice> | undefined;
  for (const doc of documents) {
    const key = arSourceKey(company, doc.customerId, doc.documentNumber);
    if (store.xrefs.bySource(AR_INVOICE_OBJECT, SOURCE, key, TARGET)) {
      out.skipped++;
      continue;
    }
    const there = found.get(key);
    if (there) {
      out.foundInvoices.push(there);
      continue;
    }
    const customer = resolveParty(store, customerKind(deps), company, doc.customerId, await view.customerIds());
    if (!customer.ok) {
      out.problems.push({ key, record: doc as unknown as JsonValue, problem: customer.problem });
      continue;
    }
    const mapped = transformInvoice(doc, company, customer.value, deps.engine, deps.currency);
    if (!mapped.ok) {
      out.problems.push({ key, record: doc as unknown as JsonValue, problem: mapped.problem });
      continue;
    }
    const slot = slotFor(store, SOURCE, key, AR_INVOICE_OBJECT, AR_PIPELINE, mapped.value.payload, (n) => arInvoiceKey(key, n));
    if (slot.kind === 'busy') {
      out.skipped++;
      continue;
    }
    // A resend may already be in Intacct under this number: only a fresh plan is checked for duplicates.
    if (slot.kind === 'free') {
      byNumber ??= new Map((await view.allInvoices()).map((i) => [`${i.customerId}\u0000${i.invoiceNo}`, i]));
      const clash = byNumber.get(`${customer.value}\u0000${doc.documentNumber}`);
      if (clash) {
        const problem = {
          class: 'duplicate' as const,
          message: `AR document ${key}: customer ${customer.value} already has invoice RECORDNO ${clash.recordNo} numbered ${clash.invoiceNo} in Intacct, with no cross-reference`,
          fix: 'if it is this document, resolve this exception with a reason; otherwise renumber one of them',
        };
        out.problems.push({ key, record: doc as unknown as JsonValue, problem });
        continue;
      }
    }
    const payload = slot.kind === 'resend' ? slot.payload : mapped.value.payload;
    out.items.push({
      idempotencyKey: slot.idempotencyKey,
      targetSystem: TARGET,
      objectType: AR_INVOICE_OBJECT,
      sourceSystem: SOURCE,
      sourceKey: key,
      payload,
    });
    out.invoices++;
    out.totals.addInvoice(customer.value, doc.currency, mapped.value.total);
    inPlan.add(key);
  }
}

/** Why an invoice a payment applies to is not usable yet (for the waiting exception). */
function whyMissing(
  deps: ArDeps,
  thisRun: ReadonlyMap<string, PlanProblem>,
  openExceptions: () => ReadonlyMap<string, SyncException>,
  key: string,
): string {
  const now = thisRun.get(key);
  if (now) return `invoice ${key} goes to the exceptions queue in this run (${now.problem.class}: ${now.problem.message})`;
  const open = openExceptions().get(key);
  if (open) return `invoice ${key} is in the exceptions queue (#${open.id}, ${open.class})`;
  const row = deps.store.outbox.bySource(SOURCE, key).find((e) => e.objectType === AR_INVOICE_OBJECT && e.state !== 'confirmed');
  if (row) return `invoice ${key} is ${row.state} in change set ${row.changeSetId}, not yet in Intacct`;
  return `invoice ${key} has not been synced to Intacct (outside this selection or not posted)`;
}

/**
 * Plans one ARPYMT per receipt whose every applied invoice is in Intacct or planned in this change set. A receipt
 * with any missing invoice waits as a whole (exception class `transient`): a payment is never half-applied.
 */
export async function planPayments(
  deps: ArDeps,
  company: string,
  receipts: readonly ArSourceReceipt[],
  view: IntacctView,
  out: PlannedItems,
  inPlan: ReadonlySet<string>,
  found: { readonly invoices: ReadonlyMap<string, FoundInTarget>; readonly payments: ReadonlyMap<string, FoundInTarget> },
): Promise<void> {
  const { store } = deps;
  let open: ReadonlyMap<string, SyncException> | undefined;
  const thisRun = new Map(out.problems.map((p) => [p.key, p]));
  // Read once, only when some payment waits.
  const openExceptions = (): ReadonlyMap<string, SyncException> =>
    (open ??= new Map(
      store.exceptions
        .list({ status: 'open' })
        .filter((e) => e.company === company)
        .map((e) => [e.sourceKey, e]),
    ));
  for (const r of receipts) {
    const rkey = arReceiptKey(company, r);
    if (store.xrefs.bySource(AR_PAYMENT_OBJECT, SOURCE, rkey, TARGET)) {
      out.skipped++;
      continue;
    }
    const there = found.payments.get(rkey);
    if (there) {
      out.foundPayments.push(there);
      continue;
    }
    const record = r as unknown as JsonValue;
    if (r.applications.length === 0 || r.applications.some((a) => !new Money(a.amount).greaterThan(0))) {
      out.problems.push({
        key: rkey,
        record,
        problem: {
          class: 'validation',
          message: `receipt ${rkey} (${r.receiptNumber}) has no positive applications; only applied receipts are replicated`,
          fix: 'apply the receipt to its documents in Sage 300, or record it in Intacct by hand and resolve this exception',
        },
      });
      continue;
    }
    const customer = resolveParty(store, customerKind(deps), company, r.customerId, await view.customerIds());
    if (!customer.ok) {
      out.problems.push({ key: rkey, record, problem: customer.problem });
      continue;
    }
    const missing = r.applications
      .map((a) => arSourceKey(company, r.customerId, a.documentNumber))
      .filter((k) => !inPlan.has(k) && !found.invoices.has(k) && !store.xrefs.bySource(AR_INVOICE_OBJECT, SOURCE, k, TARGET));
    if (missing.length > 0) {
      out.waiting++;
      const reasons = missing.map((k) => whyMissing(deps, thisRun, openExceptions, k)).join('; ');
      out.problems.push({
        key: rkey,
        record,
        problem: {
          class: 'transient',
          message: `payment ${rkey} (${r.receiptNumber}) waits: ${reasons}`,
          fix: 'get the invoice into Intacct (fix its exception or approve its change set), then run sync_ar again; the payment is planned then',
        },
      });
      continue;
    }
    const receipt = transformReceipt(r, company, customer.value, rkey, deps.engine, deps.currency);
    if (!receipt.ok) {
      out.problems.push({ key: rkey, record, problem: receipt.problem });
      continue;
    }
    const mapped = receipt.value;
    const slot = slotFor(store, SOURCE, rkey, AR_PAYMENT_OBJECT, AR_PIPELINE, mapped.payload, (n) =>
      n === 0 ? arPaymentKey(rkey) : `${arPaymentKey(rkey)}~retry${n}`,
    );
    if (slot.kind === 'busy') {
      out.skipped++;
      continue;
    }
    const payload = slot.kind === 'resend' ? slot.payload : mapped.payload;
    out.items.push({
      idempotencyKey: slot.idempotencyKey,
      targetSystem: TARGET,
      objectType: AR_PAYMENT_OBJECT,
      sourceSystem: SOURCE,
      sourceKey: rkey,
      payload,
    });
    out.payments++;
    out.totals.addPayment(customer.value, r.currency || 'USD', mapped.total);
  }
}
