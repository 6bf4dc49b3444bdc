import type { JsonValue } from '../state/canonical-json.ts';
import type { PipelineDefinition } from '../sync/pipeline-definition.ts';
import { compareOpenBalances, type OpenBalanceComparison } from './ar-compare.ts';
import { arPasses } from './ar-execute.ts';
import { AR_PIPELINE } from './ar-keys.ts';
import { arInvoiceLookup, arPaymentLookup } from './ar-lookup.ts';
import { draftAr } from './ar-plan.ts';
import { arPreviewOf, type ArPreview } from './ar-summary.ts';
import type { ArDeps, ArPlanRequest, ArSyncSummary } from './ar-types.ts';

export { type ArPreview } from './ar-summary.ts';
export type { OpenBalanceComparison } from './ar-compare.ts';
export * from './ar-types.ts';

/**
 * The AR pipeline: posted Sage 300 AR documents become Intacct invoices, then their applied receipts become
 * payments (held while an invoice they pay is not in Intacct), each created once and confirmed with its RECORDNO.
 */
export const arPipeline: PipelineDefinition<ArDeps, ArPlanRequest, ArPreview, ArSyncSummary> = {
  pipeline: AR_PIPELINE,
  noun: 'ar',
  lookups: [arInvoiceLookup, arPaymentLookup],
  runParams: (request) => ({ selection: request.selection as unknown as JsonValue }),
  draft: draftAr,
  passes: arPasses,
  requests: (deps) => deps.target.requests(),
  previewOf: arPreviewOf,
  summarize: ({ status, runId, changeSetId, preview: p, exceptions, execution: ex }) => ({
    runId,
    changeSetId,
    status,
    documents: p.documents,
    receipts: p.receipts,
    invoicesPlanned: p.invoices,
    paymentsPlanned: p.payments,
    written: ex?.written ?? 0,
    alreadyApplied: ex?.alreadyApplied ?? 0,
    skipped: p.skipped,
    foundInIntacct: p.foundInIntacct,
    exceptions,
    waiting: p.waiting + (ex?.held ?? 0),
    unknown: ex?.unknown ?? 0,
    apiRequests: ex?.apiRequests ?? 0,
  }),
};

/** The open-balance comparison of one company now (reads Sage 300 open items and receipts, and Intacct invoices). */
export async function compareArBalances(deps: ArDeps, company: string): Promise<OpenBalanceComparison> {
  const [openItems, invoices, receipts] = await Promise.all([
    deps.source.openItems(),
    deps.target.invoices(),
    deps.source.readReceipts({ kind: 'all' }),
  ]);
  const sageCustomerOf = (id: string): string => {
    const back = deps.engine.s300CustomerId(id);
    return back.ok ? back.value : id;
  };
  return compareOpenBalances(deps.store, { company, openItems, invoices, receipts: receipts.receipts, sageCustomerOf });
}
