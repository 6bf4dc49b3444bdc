import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry } from '../state/index.ts';
import { executeOutbox, type ExecuteTotals, type OutboxSender } from '../sync/execute-outbox.ts';
import { raiseException } from '../sync/raise-exception.ts';
import { AR_INVOICE_OBJECT, AR_PAYMENT_OBJECT, AR_PIPELINE, SOURCE, TARGET } from './ar-keys.ts';
import type { PaymentDetail } from './ar-transform.ts';
import type { ArDeps, ArExecuteOptions, ArExecution } from './ar-types.ts';
import { openForExecution } from '../sync/open-for-execution.ts';

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
  const details = detailsOf(payload).map((d) => ({ RECORDKEY: deps.store.xrefs.bySource(AR_INVOICE_OBJECT, SOURCE, d.INVOICE, TARGET)?.targetKey ?? '', TRX_PAYMENTAMOUNT: d.TRX_PAYMENTAMOUNT }));
  return { ...p, ARPYMTDETAILS: { ARPYMTDETAIL: details } };
}


/**
 * Delivers an approved AR change set exactly once (or resumes one left executing): all invoices first, then the
 * payments. A payment whose invoice did not make it into Intacct (its create failed) is not sent at all: it is
 * marked failed with the reason and waits in the exceptions queue, so a payment is never half-applied.
 */
export async function executeArChangeSet(deps: ArDeps, changeSetId: number, options: ArExecuteOptions): Promise<ArExecution> {
  const { store, log } = deps;
  const { changeSet: cs } = openForExecution(store, changeSetId, AR_PIPELINE);
  const runId = options.runId ?? store.runs.startRun({ pipeline: AR_PIPELINE, company: cs.company, params: { changeSetId }, principal: options.principal });
  const exDeps = { store, alerts: deps.alerts, log, audit: deps.audit };
  const requestsBefore = deps.target.requests();
  const base = { batchSize: deps.target.batchSize, concurrency: deps.target.concurrency };
  const invoices: OutboxSender = {
    ...base,
    send: (batch): Promise<GlWriteOutcome[]> => deps.target.createInvoices(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload }))),
    describe: { system: 'intacct', function: 'create_invoice ARINVOICE', controlIdFor: (key) => deps.target.controlIdFor(key) },
  };
  const payments: OutboxSender = {
    ...base,
    send: (batch): Promise<GlWriteOutcome[]> => deps.target.createPayments(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: resolvedPayment(deps, e.payload) }))),
    describe: { system: 'intacct', function: `create ${AR_PAYMENT_OBJECT}`, controlIdFor: (key) => deps.target.controlIdFor(key) },
  };
  const ctx = { pipeline: AR_PIPELINE, company: cs.company, runId, changeSetId, principal: options.principal, contentHash: (e: OutboxEntry) => e.payloadDigest };
  const run = { ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.signal ? { signal: options.signal } : {}) };
  const totals: ExecuteTotals[] = [];
  const pass = async (which: Pending, sender: OutboxSender): Promise<void> => {
    const first = await executeOutbox(exDeps, ctx, store.outbox.pendingFor(changeSetId).filter(which), sender, run);
    totals.push(first);
    // Outcomes lost to timeouts or resets get one same-key resend now: Intacct's uniqueid check makes it safe.
    if (first.unknown > 0 && !options.signal?.aborted) totals.push(await executeOutbox(exDeps, ctx, store.outbox.pendingFor(changeSetId).filter((e) => which(e) && e.state === 'unknown'), sender, run));
  };
  await pass(isInvoice, invoices);
  let waiting = 0;
  for (const entry of store.outbox.pendingFor(changeSetId).filter((e) => isPayment(e) && e.state === 'approved')) {
    const missing = missingInvoices(deps, entry.payload);
    if (missing.length === 0) continue;
    waiting++;
    const error = { code: 'waiting_for_invoice', message: `invoices not in Intacct: ${missing.join(', ')}` };
    // Never sent: approved -> sending -> failed records that nothing left, and lets a later plan re-approve it.
    store.transaction(() => {
      store.outbox.markSending(entry.idempotencyKey);
      store.outbox.markFailed(entry.idempotencyKey, error);
    });
    await raiseException(exDeps, {
      pipeline: AR_PIPELINE,
      company: cs.company,
      sourceKey: entry.sourceKey,
      class: 'transient',
      message: `payment ${entry.sourceKey} waits: invoice ${missing.join(', ')} is not in Intacct (its create did not go through); the payment was not sent`,
      fix: 'fix the invoice exception, run sync_ar again to create the invoice; the payment is planned again then',
      sourceRecord: entry.payload,
    });
  }
  if (!options.signal?.aborted) await pass(isPayment, payments);
  const pending = store.outbox.pendingFor(changeSetId);
  const unknown = pending.filter((e) => e.state !== 'approved').length;
  const finished = pending.length === 0;
  if (finished) store.changeSets.finishExecuting(changeSetId);
  const sum = (k: 'written' | 'alreadyApplied' | 'failed'): number => totals.reduce((n, t) => n + t[k], 0);
  const result: ArExecution = { runId, written: sum('written'), alreadyApplied: sum('alreadyApplied'), failed: sum('failed'), waiting, unknown, notSent: pending.length - unknown, apiRequests: deps.target.requests() - requestsBefore, finished };
  log.info({ runId, changeSetId, written: result.written, waiting, unknown, notSent: result.notSent }, 'ar change set executed');
  if (options.runId === undefined) store.runs.finishRun(runId, finished && result.failed + waiting === 0 ? 'succeeded' : 'partial', { changeSetId, ...result });
  return result;
}
