/**
 * Plans the AP payments of a selection: one APPYMT per posted Sage 300 payment whose every bill is in Intacct or in
 * this change set. A payment with a missing bill waits as a whole (class `transient`) and is planned by a later run.
 */
import { Money } from '../../domain/money.ts';
import type { ApSourcePayment } from '../ports/ap-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { PlanItem } from '../state/index.ts';
import type { PlanProblem } from '../sync/raise-problems.ts';
import { documentLookup } from '../sync/document-lookup.ts';
import type { FoundInTarget } from '../sync/target-lookup.ts';
import { slotFor } from '../ar/ar-slot.ts';
import { DEFAULT_CURRENCY_OPTIONS } from '../fx/fx-check.ts';
import { resolveVendor } from './ap-checks.ts';
import { AP_PAYMENT_OBJECT, apPaymentKey, apPaymentSourceKey, transformApPayment } from './ap-payment-transform.ts';
import { apSourceKey } from './ap-transform.ts';
import { AP_PIPELINE, type ApDeps } from './ap-types.ts';

const SOURCE = 'sage300';
const TARGET = 'intacct';

/** A payment with no cross-reference is looked up in Intacct by its DOCNUMBER (`S300:<company>:<batch type>-<batch>-<entry>`). */
export const apPaymentLookup = documentLookup<ApDeps>({
  objectType: AP_PAYMENT_OBJECT,
  sourceSystem: SOURCE,
  targetSystem: TARGET,
  reads: (deps) => deps.target.existingPayments,
});

/** What planning the payments found. */
export interface PlannedPayments {
  readonly items: PlanItem[];
  readonly problems: PlanProblem[];
  readonly found: FoundInTarget[];
  skipped: number;
  waiting: number;
  /** Applied totals per currency of the payments planned. */
  readonly totals: Map<string, Money>;
}

/** Why a bill a payment names is not usable yet. */
function whyMissing(deps: ApDeps, billProblems: ReadonlyMap<string, string>, key: string): string {
  const now = billProblems.get(key);
  if (now) return `bill ${key} goes to the exceptions queue in this run (${now})`;
  const row = deps.store.outbox.bySource(SOURCE, key).find((e) => e.objectType === 'APBILL' && e.state !== 'confirmed');
  if (row) return `bill ${key} is ${row.state} in change set ${row.changeSetId}, not yet in Intacct`;
  return `bill ${key} is not in Intacct (outside this selection, not posted, or not synced yet)`;
}

/**
 * `billReady(key)` says whether a bill is in Intacct (cross-reference or found) or planned in this change set;
 * `billProblems` are this run's bill exceptions by source key, for the waiting message.
 */
export async function planApPayments(
  deps: ApDeps,
  company: string,
  payments: readonly ApSourcePayment[],
  found: ReadonlyMap<string, FoundInTarget>,
  billReady: (key: string) => boolean,
  billProblems: ReadonlyMap<string, string>,
  vendorIds: () => Promise<ReadonlySet<string>>,
): Promise<PlannedPayments> {
  const out: PlannedPayments = { items: [], problems: [], found: [], skipped: 0, waiting: 0, totals: new Map() };
  const { store } = deps;
  for (const p of payments) {
    const key = apPaymentSourceKey(company, p);
    if (store.xrefs.bySource(AP_PAYMENT_OBJECT, SOURCE, key, TARGET)) {
      out.skipped++;
      continue;
    }
    const there = found.get(key);
    if (there) {
      out.found.push(there);
      continue;
    }
    const record = p as unknown as JsonValue;
    const missing = p.applications.map((a) => apSourceKey(company, p.vendorId, a.documentNumber)).filter((k) => !billReady(k));
    if (missing.length > 0) {
      out.waiting++;
      out.problems.push({
        key,
        record,
        problem: {
          class: 'transient',
          message: `AP payment ${key} (check ${p.checkNumber}) waits: ${missing.map((k) => whyMissing(deps, billProblems, k)).join('; ')}`,
          fix: 'get the bill into Intacct (fix its exception, approve its change set or sync its period), then run replicate_ap_invoices again; the payment is planned then',
        },
      });
      continue;
    }
    const vendor = resolveVendor(store, deps.engine, company, p.vendorId, await vendorIds());
    if (!vendor.ok) {
      out.problems.push({ key, record, problem: vendor.problem });
      continue;
    }
    const mapped = transformApPayment(
      p,
      company,
      vendor.value,
      key,
      deps.engine,
      deps.currency ?? DEFAULT_CURRENCY_OPTIONS,
      deps.payments ?? { bankAccounts: {} },
    );
    if (!mapped.ok) {
      out.problems.push({ key, record, problem: mapped.problem });
      continue;
    }
    const slot = slotFor(store, SOURCE, key, AP_PAYMENT_OBJECT, AP_PIPELINE, mapped.payload, (n) => apPaymentKey(key, n));
    if (slot.kind === 'busy') {
      out.skipped++;
      continue;
    }
    out.items.push({
      idempotencyKey: slot.idempotencyKey,
      targetSystem: TARGET,
      objectType: AP_PAYMENT_OBJECT,
      sourceSystem: SOURCE,
      sourceKey: key,
      payload: slot.kind === 'resend' ? slot.payload : mapped.payload,
    });
    out.totals.set(p.currency, (out.totals.get(p.currency) ?? new Money(0)).plus(mapped.total));
  }
  return out;
}
