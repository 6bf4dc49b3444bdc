import { Money } from '../../domain/money.ts';
import type { ArSourceApply, ArSourceCash } from '../ports/ar-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import { resolveParty } from '../sync/resolve-party.ts';
import type { FoundInTarget } from '../sync/target-lookup.ts';
import { AR_APPLY_OBJECT, arApplyKey, arCashKey, transformApply, transformCash } from './ar-cash.ts';
import { AR_INVOICE_OBJECT, AR_PAYMENT_OBJECT, AR_PIPELINE, arReceiptKey, arSourceKey, SOURCE, TARGET } from './ar-keys.ts';
import { customerKind, type IntacctView, type PlannedItems } from './ar-plan-items.ts';
import { slotFor } from './ar-slot.ts';
import type { ArDeps } from './ar-types.ts';

/**
 * Plans each prepayment and unapplied cash as an Intacct payment with no applications (a customer credit), keyed by
 * its ARTCR entry and cross-referenced like a receipt (object ARPYMT), so lookups and `state rebuild` find it by its
 * DOCNUMBER. Returns the cash keys now in Intacct or in this plan, by customer and Sage 300 document number.
 */
export async function planCash(
  deps: ArDeps,
  company: string,
  cash: readonly ArSourceCash[],
  view: IntacctView,
  out: PlannedItems,
  found: ReadonlyMap<string, FoundInTarget>,
): Promise<Map<string, string>> {
  const { store } = deps;
  const usable = new Map<string, string>();
  for (const c of cash) {
    const rkey = arReceiptKey(company, c);
    const byDoc = `${c.customerId}\u0000${c.documentNumber}`;
    if (store.xrefs.bySource(AR_PAYMENT_OBJECT, SOURCE, rkey, TARGET)) {
      out.skipped++;
      usable.set(byDoc, rkey);
      continue;
    }
    const there = found.get(rkey);
    if (there) {
      out.foundPayments.push(there);
      usable.set(byDoc, rkey);
      continue;
    }
    const record = c as unknown as JsonValue;
    if (!new Money(c.amount).greaterThan(0)) {
      out.problems.push({
        key: rkey,
        record,
        problem: {
          class: 'validation',
          message: `${c.kind.replace('_', ' ')} ${rkey} (${c.receiptNumber}) has no positive amount`,
          fix: 'correct the entry in Sage 300',
        },
      });
      continue;
    }
    const customer = resolveParty(store, customerKind(deps), company, c.customerId, await view.customerIds());
    if (!customer.ok) {
      out.problems.push({ key: rkey, record, problem: customer.problem });
      continue;
    }
    const cashMapped = transformCash(c, customer.value, rkey, deps.engine, deps.currency);
    if (!cashMapped.ok) {
      out.problems.push({ key: rkey, record, problem: cashMapped.problem });
      continue;
    }
    const mapped = cashMapped.value;
    const slot = slotFor(store, SOURCE, rkey, AR_PAYMENT_OBJECT, AR_PIPELINE, mapped.payload, (n) =>
      n === 0 ? arCashKey(rkey) : `${arCashKey(rkey)}~retry${n}`,
    );
    if (slot.kind === 'busy') {
      out.skipped++;
      continue;
    }
    out.items.push({
      idempotencyKey: slot.idempotencyKey,
      targetSystem: TARGET,
      objectType: AR_PAYMENT_OBJECT,
      sourceSystem: SOURCE,
      sourceKey: rkey,
      payload: slot.kind === 'resend' ? slot.payload : mapped.payload,
    });
    out.payments++;
    out.totals.addPayment(customer.value, c.currency, mapped.total);
    usable.set(byDoc, rkey);
  }
  return usable;
}

/**
 * Plans each apply entry whose credit and invoices are in Intacct or in this plan; otherwise it waits (class
 * `transient`) with the reason, and is planned again by a later run. An application is never half-made.
 */
export function planApplies(
  deps: ArDeps,
  company: string,
  applies: readonly ArSourceApply[],
  out: PlannedItems,
  cashKeys: ReadonlyMap<string, string>,
  invoicesReady: (key: string) => boolean,
): void {
  const { store } = deps;
  for (const a of applies) {
    const rkey = arReceiptKey(company, a);
    if (store.xrefs.bySource(AR_APPLY_OBJECT, SOURCE, rkey, TARGET)) {
      out.skipped++;
      continue;
    }
    const record = a as unknown as JsonValue;
    const cashKey = cashKeys.get(`${a.customerId}\u0000${a.cashDocument}`);
    const invoices = a.applications.map((x) => arSourceKey(company, a.customerId, x.documentNumber));
    const missing = [
      ...(cashKey ? [] : [`the credit ${a.cashDocument} (a prepayment or unapplied cash of ${a.customerId}) is not in Intacct`]),
      ...invoices.filter((k) => !invoicesReady(k)).map((k) => `invoice ${k} is not in Intacct`),
    ];
    if (a.applications.length === 0 || a.applications.some((x) => !new Money(x.amount).greaterThan(0))) {
      out.problems.push({
        key: rkey,
        record,
        problem: { class: 'validation', message: `apply entry ${rkey} has no positive applications`, fix: 'correct the entry in Sage 300' },
      });
      continue;
    }
    if (missing.length > 0 || !cashKey) {
      out.waiting++;
      out.problems.push({
        key: rkey,
        record,
        problem: {
          class: 'transient',
          message: `apply entry ${rkey} of ${a.cashDocument} waits: ${missing.join('; ')}`,
          fix: 'sync the period of the prepayment or unapplied cash and of the invoices (or fix their exceptions), then run sync_ar again',
        },
      });
      continue;
    }
    const payload = transformApply(a, company, cashKey);
    const slot = slotFor(store, SOURCE, rkey, AR_APPLY_OBJECT, AR_PIPELINE, payload, (n) =>
      n === 0 ? arApplyKey(rkey) : `${arApplyKey(rkey)}~retry${n}`,
    );
    if (slot.kind === 'busy') {
      out.skipped++;
      continue;
    }
    out.items.push({
      idempotencyKey: slot.idempotencyKey,
      targetSystem: TARGET,
      objectType: AR_APPLY_OBJECT,
      sourceSystem: SOURCE,
      sourceKey: rkey,
      payload: slot.kind === 'resend' ? slot.payload : payload,
    });
    out.payments++;
  }
}

/** Whether an invoice is usable by an apply: in Intacct (cross-reference or found) or planned in this change set. */
export function invoiceReadiness(
  deps: ArDeps,
  inPlan: ReadonlySet<string>,
  found: ReadonlyMap<string, FoundInTarget>,
): (key: string) => boolean {
  return (k) => inPlan.has(k) || found.has(k) || deps.store.xrefs.bySource(AR_INVOICE_OBJECT, SOURCE, k, TARGET) !== undefined;
}
