import type { JsonValue } from '../state/canonical-json.ts';
import { compareOpenBalances, type OpenBalanceComparison } from './ar-compare.ts';
import { executeArChangeSet } from './ar-execute.ts';
import { planArSync } from './ar-plan.ts';
import type { ArDeps, ArExecution, ArPlanned, ArSyncRequest, ArSyncSummary } from './ar-types.ts';

export { executeArChangeSet } from './ar-execute.ts';
export { planArSync } from './ar-plan.ts';
export { arPreviewOf, type ArPreview, type CustomerTotal } from './ar-summary.ts';
export { AR_INVOICE_OBJECT, AR_PAYMENT_OBJECT, AR_PIPELINE, arSourceKey, arReceiptKey } from './ar-keys.ts';
export type { BalanceDifference, CustomerBalance, OpenBalanceComparison } from './ar-compare.ts';
export * from './ar-types.ts';

type PlannedSet = Extract<ArPlanned, { kind: 'planned' }>;

function pendingSummary(planned: PlannedSet): Omit<ArSyncSummary, 'status'> {
  const p = planned.preview;
  return {
    runId: planned.runId,
    changeSetId: planned.changeSet.id,
    documents: p.documents,
    receipts: p.receipts,
    invoicesPlanned: p.invoices,
    paymentsPlanned: p.payments,
    written: 0,
    alreadyApplied: 0,
    skipped: p.skipped,
    exceptions: p.exceptions,
    waiting: p.waiting,
    unknown: 0,
    apiRequests: 0,
  };
}

/** Closes the planning run of a change set that was not executed now (waiting for an approver, or rejected). */
export function settleArRun(deps: ArDeps, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): ArSyncSummary {
  const summary: ArSyncSummary = { ...pendingSummary(planned), status };
  if (!planned.reused) deps.store.runs.finishRun(planned.runId, status === 'rejected' ? 'failed' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** The status of a finished execution. */
export function arExecutionStatus(exceptions: number, done: ArExecution): 'cancelled' | 'completed' | 'partial' {
  if (done.notSent > 0) return 'cancelled';
  return exceptions + done.failed + done.unknown === 0 ? 'completed' : 'partial';
}

/** After executing a change set right after planning it: closes the planning run with the outcome. */
export function completeArRun(deps: ArDeps, planned: PlannedSet, done: ArExecution): ArSyncSummary {
  const status = arExecutionStatus(planned.preview.exceptions, done);
  const summary: ArSyncSummary = { ...pendingSummary(planned), status, written: done.written, alreadyApplied: done.alreadyApplied, exceptions: planned.preview.exceptions + done.failed, waiting: planned.preview.waiting + done.waiting, unknown: done.unknown, apiRequests: done.apiRequests };
  deps.store.runs.finishRun(planned.runId, status === 'completed' ? 'succeeded' : 'partial', summary as unknown as JsonValue);
  return summary;
}

/** Runs one AR sync (plan, approval step, execute) without the MCP layer: for the CLI-less callers, tests and the bench. */
export async function runArSync(deps: ArDeps, request: ArSyncRequest): Promise<ArSyncSummary> {
  const { store } = deps;
  store.outbox.recoverInFlight();
  const planned = await planArSync(deps, request);
  if (planned.kind === 'settled') return planned.summary;
  const cs = planned.changeSet;
  const decision = await request.approve(planned.preview);
  if (decision.decision === 'pending') return settleArRun(deps, planned, 'awaiting_approval');
  if (decision.decision === 'rejected') {
    store.changeSets.reject(cs.id, { by: decision.by, reason: decision.reason });
    return settleArRun(deps, planned, 'rejected');
  }
  const approved = store.changeSets.approve(cs.id, { by: decision.by, digest: cs.digest, selfConfirmed: decision.selfConfirmed, ...(decision.note ? { note: decision.note } : {}) });
  if (!approved.ok) throw new Error(`approval failed: ${approved.code}: ${approved.message}`);
  const done = await executeArChangeSet(deps, cs.id, { principal: request.principal, runId: planned.runId, ...(request.onProgress ? { onProgress: request.onProgress } : {}), ...(request.signal ? { signal: request.signal } : {}) });
  return completeArRun(deps, planned, done);
}

/** The open-balance comparison of one company now (reads Sage 300 open items and receipts, and Intacct invoices). */
export async function compareArBalances(deps: ArDeps, company: string): Promise<OpenBalanceComparison> {
  const [openItems, invoices, receipts] = await Promise.all([deps.source.openItems(), deps.target.invoices(), deps.source.readReceipts({ kind: 'all' })]);
  const sageCustomerOf = (id: string): string => {
    const back = deps.engine.s300CustomerId(id);
    return back.ok ? back.value : id;
  };
  return compareOpenBalances(deps.store, { company, openItems, invoices, receipts: receipts.receipts, sageCustomerOf });
}
