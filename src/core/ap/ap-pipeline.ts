import type { JsonValue } from '../state/canonical-json.ts';
import type { PipelineDefinition } from '../sync/pipeline-definition.ts';
import { AP_OBJECT, apLookup, draftAp } from './ap-plan.ts';
import { apPreviewOf, docNumberOf, type ApPreview } from './ap-summary.ts';
import { AP_PIPELINE, type ApDeps, type ApPlanRequest, type ApSyncSummary } from './ap-types.ts';
import { runCounts } from '../sync/run-summary.ts';
import { apPaymentLookup } from './ap-payment-plan.ts';
import { apPaymentPass } from './ap-payment-pass.ts';

export { type ApPreview } from './ap-summary.ts';
export * from './ap-types.ts';

/**
 * The AP pipeline: posted Sage 300 AP documents become Intacct APBILL creates, then posted payments become APPYMT
 * creates naming those bills (held while a bill is not in Intacct), packed into multi-function requests at the
 * company's concurrency, each confirmed with its RECORDNO. One bad record becomes an exception; the rest go.
 */
export const apPipeline: PipelineDefinition<ApDeps, ApPlanRequest, ApPreview, ApSyncSummary> = {
  pipeline: AP_PIPELINE,
  noun: 'ap',
  lookups: [apLookup, apPaymentLookup],
  runParams: (request) => ({ selection: request.selection as unknown as JsonValue }),
  draft: draftAp,
  passes: (deps) => [
    {
      select: (e) => e.objectType === AP_OBJECT,
      batchSize: deps.target.batchSize,
      concurrency: deps.target.concurrency,
      clientLimited: true,
      send: (batch) =>
        deps.target.createBills(
          batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload, reference: docNumberOf(e.payload) })),
        ),
      audit: { system: 'intacct', function: `create ${AP_OBJECT}`, controlIdFor: (key) => deps.target.controlIdFor(key) },
    },
    // Payments after the bills they pay: their details need the bills' RECORDNOs.
    apPaymentPass(deps),
  ],
  requests: (deps) => deps.target.requests(),
  previewOf: apPreviewOf,
  summarize: (o) => ({
    ...runCounts(o),
    documents: o.preview.documents,
    totalsByCurrency: o.preview.totalsByCurrency,
    payments: o.preview.payments,
    paymentsWaiting: o.preview.paymentsWaiting,
  }),
};
