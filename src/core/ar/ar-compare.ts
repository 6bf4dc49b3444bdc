import { formatAmount, Money } from '../../domain/money.ts';
import type { ArOpenItem, ArSourceReceipt, ExistingInvoice } from '../ports/ar-ports.ts';
import type { StateStore, SyncException } from '../state/index.ts';
import { AR_INVOICE_OBJECT, AR_PAYMENT_OBJECT, arReceiptKey, arSourceKey, SOURCE, TARGET } from './ar-keys.ts';

/** Why a document's open balance differs between Sage 300 and Intacct. */
type DifferenceReason = 'not_synced' | 'awaiting_approval' | 'in_exceptions' | 'intacct_only' | 'payment_not_applied' | 'amount_differs';

/** One explained difference (Sage 300 open minus Intacct open), document by document. */
interface BalanceDifference {
  readonly customer: string;
  /** The Sage 300 document key, or `intacct:<RECORDNO>` for an invoice entered directly in Intacct. */
  readonly key: string;
  readonly reason: DifferenceReason;
  readonly amount: string;
  readonly note: string;
}

/** Open balances of one Sage 300 customer on both sides. */
interface CustomerBalance {
  readonly customer: string;
  readonly sageOpen: string;
  readonly intacctOpen: string;
  readonly difference: string;
  readonly explained: string;
  readonly unexplained: string;
}

/** The open-balance comparison: per customer, every difference explained, and the unexplained rest. */
export interface OpenBalanceComparison {
  readonly customers: readonly CustomerBalance[];
  readonly differences: readonly BalanceDifference[];
  readonly byReason: Readonly<Record<string, string>>;
  readonly sageOpen: string;
  readonly intacctOpen: string;
  readonly unexplained: string;
}

export interface CompareInput {
  readonly company: string;
  readonly openItems: readonly ArOpenItem[];
  readonly invoices: readonly ExistingInvoice[];
  readonly receipts: readonly ArSourceReceipt[];
  /** Intacct CUSTOMERID -> Sage 300 customer id, for invoices entered directly in Intacct. */
  readonly sageCustomerOf: (intacctCustomerId: string) => string;
}

const m2 = (m: Money): string => formatAmount(m, 2);

/** Where a Sage 300 document with no Intacct invoice stands: exceptions queue, outbox, or simply not synced. */
function pendingReason(
  store: StateStore,
  openExceptions: ReadonlyMap<string, SyncException>,
  key: string,
): { reason: DifferenceReason; note: string } {
  const ex = openExceptions.get(key);
  if (ex) return { reason: 'in_exceptions', note: `exception #${ex.id} (${ex.pipeline}, ${ex.class}): ${ex.message}` };
  const row = store.outbox
    .bySource(SOURCE, key)
    .find((e) => e.objectType === AR_INVOICE_OBJECT && e.state !== 'confirmed' && e.state !== 'failed');
  if (row) {
    const cs = store.changeSets.get(row.changeSetId);
    return {
      reason: 'awaiting_approval',
      note: `planned in change set ${row.changeSetId}${cs ? ` (${cs.pipeline}, ${cs.status})` : ''}, outbox ${row.state}`,
    };
  }
  return { reason: 'not_synced', note: 'not yet synced to Intacct (run sync_ar for its period)' };
}

/**
 * Compares Sage 300 open AR (AROBL amounts due) with Intacct open invoice balances (TOTALDUE) per customer, and
 * explains each difference document by document. Customer totals are summed independently of the explanations,
 * so `unexplained` is a cross-check: anything not attributed to a document shows there.
 */
export function compareOpenBalances(store: StateStore, input: CompareInput): OpenBalanceComparison {
  const { company } = input;
  const sage = new Map<string, { customer: string; due: Money }>();
  const sageTotals = new Map<string, Money>();
  const intacctTotals = new Map<string, Money>();
  const bump = (m: Map<string, Money>, k: string, v: Money): void => void m.set(k, (m.get(k) ?? new Money(0)).plus(v));
  for (const o of input.openItems) {
    const key = arSourceKey(company, o.customerId, o.documentNumber);
    const due = new Money(o.amountDue);
    sage.set(key, { customer: o.customerId, due: (sage.get(key)?.due ?? new Money(0)).plus(due) });
    bump(sageTotals, o.customerId, due);
  }
  const openExceptions = new Map(
    store.exceptions
      .list({ status: 'open' })
      .filter((e) => e.company === company)
      .map((e) => [e.sourceKey, e]),
  );
  const linked = new Map<string, { customer: string; due: Money }>();
  const differences: BalanceDifference[] = [];
  for (const inv of input.invoices) {
    const due = new Money(inv.totalDue || '0');
    const xref = store.xrefs.byTarget(AR_INVOICE_OBJECT, TARGET, inv.recordNo, SOURCE);
    if (xref && xref.sourceKey.startsWith(`${company}:`)) {
      const customer = xref.sourceKey.slice(company.length + 1).split(':')[0] ?? '';
      linked.set(xref.sourceKey, { customer, due: (linked.get(xref.sourceKey)?.due ?? new Money(0)).plus(due) });
      bump(intacctTotals, customer, due);
      continue;
    }
    const customer = input.sageCustomerOf(inv.customerId);
    bump(intacctTotals, customer, due);
    if (!due.isZero())
      differences.push({
        customer,
        key: `intacct:${inv.recordNo}`,
        reason: 'intacct_only',
        amount: m2(due.negated()),
        note: `invoice ${inv.invoiceNo} of ${inv.customerId} was entered directly in Intacct (no Sage 300 document)`,
      });
  }
  // Applications of receipts not yet in Intacct, per applied document.
  const unapplied = new Map<string, Money>();
  for (const r of input.receipts) {
    if (store.xrefs.bySource(AR_PAYMENT_OBJECT, SOURCE, arReceiptKey(company, r), TARGET)) continue;
    for (const a of r.applications) bump(unapplied, arSourceKey(company, r.customerId, a.documentNumber), new Money(a.amount));
  }
  for (const key of new Set([...sage.keys(), ...linked.keys()])) {
    const s = sage.get(key);
    const i = linked.get(key);
    const customer = s?.customer ?? i?.customer ?? '';
    const diff = (s?.due ?? new Money(0)).minus(i?.due ?? new Money(0));
    if (diff.isZero()) continue;
    if (!i) {
      const why = pendingReason(store, openExceptions, key);
      differences.push({ customer, key, reason: why.reason, amount: m2(diff), note: why.note });
      continue;
    }
    const paid = unapplied.get(key) ?? new Money(0);
    let rest = diff;
    if (!paid.isZero()) {
      differences.push({
        customer,
        key,
        reason: 'payment_not_applied',
        amount: m2(paid.negated()),
        note: `Sage 300 receipts of ${m2(paid)} applied to this document are not yet in Intacct`,
      });
      rest = diff.plus(paid);
    }
    if (!rest.isZero())
      differences.push({
        customer,
        key,
        reason: 'amount_differs',
        amount: m2(rest),
        note: `Sage 300 open ${m2(s?.due ?? new Money(0))}, Intacct TOTALDUE ${m2(i.due)}`,
      });
  }
  differences.sort((a, b) => a.customer.localeCompare(b.customer) || a.key.localeCompare(b.key) || a.reason.localeCompare(b.reason));
  const explainedBy = new Map<string, Money>();
  const byReason = new Map<string, Money>();
  for (const d of differences) {
    bump(explainedBy, d.customer, new Money(d.amount));
    bump(byReason, d.reason, new Money(d.amount));
  }
  let unexplainedAll = new Money(0);
  const customers = [...new Set([...sageTotals.keys(), ...intacctTotals.keys()])].sort().map((customer) => {
    const so = sageTotals.get(customer) ?? new Money(0);
    const io = intacctTotals.get(customer) ?? new Money(0);
    const explained = explainedBy.get(customer) ?? new Money(0);
    const unexplained = so.minus(io).minus(explained);
    unexplainedAll = unexplainedAll.plus(unexplained.abs());
    return {
      customer,
      sageOpen: m2(so),
      intacctOpen: m2(io),
      difference: m2(so.minus(io)),
      explained: m2(explained),
      unexplained: m2(unexplained),
    };
  });
  const total = (m: Map<string, Money>): string => m2([...m.values()].reduce((a, b) => a.plus(b), new Money(0)));
  return {
    customers,
    differences,
    byReason: Object.fromEntries([...byReason].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, m2(v)])),
    sageOpen: total(sageTotals),
    intacctOpen: total(intacctTotals),
    unexplained: m2(unexplainedAll),
  };
}
