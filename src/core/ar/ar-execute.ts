import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import type { TargetPass } from '../sync/pipeline-definition.ts';
import { AR_INVOICE_OBJECT, AR_PAYMENT_OBJECT, SOURCE, TARGET } from './ar-keys.ts';
import type { PaymentDetail } from './ar-transform.ts';
import type { ArDeps } from './ar-types.ts';
import { AR_APPLY_OBJECT, AR_CASH_KEY_PREFIX, applyItemsOf } from './ar-cash.ts';

type Pending = (e: OutboxEntry) => boolean;
const isInvoice: Pending = (e) => e.objectType === AR_INVOICE_OBJECT;
const isCash: Pending = (e) => e.objectType === AR_PAYMENT_OBJECT && e.idempotencyKey.startsWith(AR_CASH_KEY_PREFIX);
const isPayment: Pending = (e) => e.objectType === AR_PAYMENT_OBJECT && !isCash(e);
const isApply: Pending = (e) => e.objectType === AR_APPLY_OBJECT;
const recordNoOf = (deps: ArDeps, object: string, key: string): string | undefined =>
  deps.store.xrefs.bySource(object, SOURCE, key, TARGET)?.targetKey;

/** What an apply entry still lacks in Intacct: its credit's payment and its invoices, by source key. */
function missingForApply(deps: ArDeps, payload: JsonValue): string[] {
  const cash = (payload as { CASH?: string }).CASH ?? '';
  return [
    ...(recordNoOf(deps, AR_PAYMENT_OBJECT, cash) ? [] : [`credit ${cash}`]),
    ...applyItemsOf(payload)
      .map((i) => i.INVOICE)
      .filter((k) => !recordNoOf(deps, AR_INVOICE_OBJECT, k))
      .map((k) => `invoice ${k}`),
  ];
}

/** apply_arpayment as sent: the credit's payment RECORDNO and each invoice's RECORDNO in place of the source keys. */
function resolvedApply(deps: ArDeps, payload: JsonValue): JsonValue {
  const p = payload as { CASH?: string; paymentdate?: JsonValue; memo?: JsonValue };
  return {
    arpaymentkey: recordNoOf(deps, AR_PAYMENT_OBJECT, p.CASH ?? '') ?? '',
    paymentdate: p.paymentdate ?? null,
    memo: p.memo ?? '',
    arpaymentitems: {
      arpaymentitem: applyItemsOf(payload).map((i) => ({
        invoicekey: recordNoOf(deps, AR_INVOICE_OBJECT, i.INVOICE) ?? '',
        amount: i.amount,
      })),
    },
  };
}

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
 * The passes of an AR change set: all invoices first, then the payments, then prepayments and unapplied cash (item-less
 * payments), then the apply entries that use those credits. A payment or application whose invoice or credit did not
 * make it into Intacct (its create failed) is held: never sent, recorded failed with the reason and waiting in the
 * exceptions queue, so nothing is ever half-applied.
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
    {
      ...common,
      select: isCash,
      send: (batch) => deps.target.createCash(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload }))),
      audit: { system: 'intacct', function: 'create_arpayment ARPYMT', controlIdFor: (key) => deps.target.controlIdFor(key) },
    },
    {
      ...common,
      select: isApply,
      hold: (entry) => {
        const missing = missingForApply(deps, entry.payload);
        if (missing.length === 0) return null;
        return {
          code: 'waiting_for_credit',
          message: `not in Intacct: ${missing.join(', ')}`,
          exception: {
            class: 'transient',
            message: `apply entry ${entry.sourceKey} waits: ${missing.join(', ')} did not make it into Intacct; nothing was applied`,
            fix: 'fix the exception of the credit or invoice, run sync_ar again; the application is planned again then',
          },
        };
      },
      send: (batch) =>
        deps.target.applyCash(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: resolvedApply(deps, e.payload) }))),
      audit: { system: 'intacct', function: 'apply_arpayment', controlIdFor: (key) => deps.target.controlIdFor(key) },
    },
  ];
}
