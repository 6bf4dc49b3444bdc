import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import type { TargetPass } from '../sync/pipeline-definition.ts';
import { AR_INVOICE_OBJECT, AR_PAYMENT_OBJECT, SOURCE, TARGET } from './ar-keys.ts';
import type { PaymentDetail } from './ar-transform.ts';
import type { ArDeps } from './ar-types.ts';

type Pending = (e: OutboxEntry) => boolean;
const isInvoice: Pending = (e) => e.objectType === AR_INVOICE_OBJECT;
const isPayment: Pending = (e) => e.objectType === AR_PAYMENT_OBJECT;

const detailsOf = (payload: JsonValue): PaymentDetail[] => {
  const d = (payload as { ARPYMTDETAILS?: { ARPYMTDETAIL?: unknown } }).ARPYMTDETAILS?.ARPYMTDETAIL;
  return (Array.isArray(d) ? d : d ? [d] : []) as PaymentDetail[];
};

/** The invoice source keys of a stored payment that have no Intacct RECORDNO yet. */
function missingInvoices(deps: ArDeps, payload: JsonValue): string[] {
  return detailsOf(payload)
    .map((d) => d.INVOICE)
    .filter((k) => !deps.store.xrefs.bySource(AR_INVOICE_OBJECT, SOURCE, k, TARGET));
}

/** The ARPYMT as sent: each detail's invoice source key replaced by the invoice's Intacct RECORDNO. */
function resolvedPayment(deps: ArDeps, payload: JsonValue): JsonValue {
  const p = payload as Record<string, JsonValue>;
  const details = detailsOf(payload).map((d) => ({
    RECORDKEY: deps.store.xrefs.bySource(AR_INVOICE_OBJECT, SOURCE, d.INVOICE, TARGET)?.targetKey ?? '',
    TRX_PAYMENTAMOUNT: d.TRX_PAYMENTAMOUNT,
  }));
  return { ...p, ARPYMTDETAILS: { ARPYMTDETAIL: details } };
}

/**
 * The two passes of an AR change set: all invoices first, then the payments. A payment whose invoice did not make
 * it into Intacct (its create failed) is held: never sent, recorded failed with the reason and waiting in the
 * exceptions queue, so a payment is never half-applied.
 */
export function arPasses(deps: ArDeps): TargetPass[] {
  const common = { batchSize: deps.target.batchSize, concurrency: deps.target.concurrency, clientLimited: true };
  return [
    {
      ...common,
      select: isInvoice,
      send: (batch) => deps.target.createInvoices(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload }))),
      audit: { system: 'intacct', function: 'create_invoice ARINVOICE', controlIdFor: (key) => deps.target.controlIdFor(key) },
    },
    {
      ...common,
      select: isPayment,
      hold: (entry) => {
        const missing = missingInvoices(deps, entry.payload);
        if (missing.length === 0) return null;
        return {
          code: 'waiting_for_invoice',
          message: `invoices not in Intacct: ${missing.join(', ')}`,
          exception: {
            class: 'transient',
            message: `payment ${entry.sourceKey} waits: invoice ${missing.join(', ')} is not in Intacct (its create did not go through); the payment was not sent`,
            fix: 'fix the invoice exception, run sync_ar again to create the invoice; the payment is planned again then',
          },
        };
      },
      send: (batch) =>
        deps.target.createPayments(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: resolvedPayment(deps, e.payload) }))),
      audit: { system: 'intacct', function: `create ${AR_PAYMENT_OBJECT}`, controlIdFor: (key) => deps.target.controlIdFor(key) },
    },
  ];
}
