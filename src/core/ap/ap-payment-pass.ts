import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import type { TargetPass } from '../sync/pipeline-definition.ts';
import { docNumberOf } from './ap-summary.ts';
import { AP_PAYMENT_OBJECT, paymentDetailsOf } from './ap-payment-transform.ts';
import type { ApDeps } from './ap-types.ts';

const billRecordNo = (deps: ApDeps, key: string): string | undefined =>
  deps.store.xrefs.bySource('APBILL', 'sage300', key, 'intacct')?.targetKey;

/** The APPYMT as sent: each detail's bill source key replaced by the bill's Intacct RECORDNO (RECORDKEY). */
function resolvedPayment(deps: ApDeps, payload: JsonValue): JsonValue {
  const p = payload as Record<string, JsonValue>;
  const details = paymentDetailsOf(payload).map((d) => ({
    RECORDKEY: billRecordNo(deps, d.BILL) ?? '',
    TRX_PAYMENTAMOUNT: d.TRX_PAYMENTAMOUNT,
  }));
  return { ...p, APPYMTDETAILS: { APPYMTDETAIL: details } };
}

/**
 * The payments pass of an AP change set, after the bills: a payment whose bill did not make it into Intacct (its
 * create failed) is held, never sent, and waits in the exceptions queue; nothing is ever half-paid.
 */
export function apPaymentPass(deps: ApDeps): TargetPass {
  return {
    select: (e: OutboxEntry) => e.objectType === AP_PAYMENT_OBJECT,
    batchSize: deps.target.batchSize,
    concurrency: deps.target.concurrency,
    clientLimited: true,
    hold: (entry) => {
      const missing = paymentDetailsOf(entry.payload)
        .map((d) => d.BILL)
        .filter((k) => !billRecordNo(deps, k));
      if (missing.length === 0) return null;
      return {
        code: 'waiting_for_bill',
        message: `bills not in Intacct: ${missing.join(', ')}`,
        exception: {
          class: 'transient',
          message: `AP payment ${entry.sourceKey} waits: bill ${missing.join(', ')} is not in Intacct (its create did not go through); the payment was not sent`,
          fix: 'fix the bill exception and run replicate_ap_invoices again; the payment is planned again then',
        },
      };
    },
    send: (batch) =>
      deps.target.createPayments(
        batch.map((e) => ({
          idempotencyKey: e.idempotencyKey,
          payload: resolvedPayment(deps, e.payload),
          reference: docNumberOf(e.payload),
        })),
      ),
    audit: { system: 'intacct', function: `create ${AP_PAYMENT_OBJECT}`, controlIdFor: (key) => deps.target.controlIdFor(key) },
  };
}
