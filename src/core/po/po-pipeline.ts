import type { PoStatusChange } from '../ports/po-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { PipelineDefinition } from '../sync/pipeline-definition.ts';
import { draftPo, poLookup } from './po-plan.ts';
import { poPreviewOf } from './po-preview.ts';
import { PO_PIPELINE, type PoDeps, type PoPlanRequest, type PoPreview, type PoSyncSummary } from './po-types.ts';

export * from './po-types.ts';

const obj = (v: JsonValue): Record<string, JsonValue> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, JsonValue>) : {};
const text = (v: JsonValue | undefined): string => (typeof v === 'string' ? v : '');

/**
 * The PO pipeline: each open Sage 300 purchase order is created once in Intacct and confirmed with its RECORDNO;
 * then each Sage 300 status write (release/hold, receipt, completion) is made once through the Web API.
 */
export const poPipeline: PipelineDefinition<PoDeps, PoPlanRequest, PoPreview, PoSyncSummary> = {
  pipeline: PO_PIPELINE,
  noun: 'po',
  lookups: [poLookup],
  runParams: () => ({}),
  draft: draftPo,
  passes: (deps) => [
    {
      select: (e) => e.targetSystem === 'intacct',
      batchSize: deps.target.batchSize,
      concurrency: deps.target.concurrency,
      clientLimited: true,
      send: (batch) =>
        deps.target.createOrders(
          batch.map((e) => ({
            idempotencyKey: e.idempotencyKey,
            fields: obj(e.payload).transaction ?? null,
            reference: text(obj(obj(e.payload).transaction ?? null).externalid),
          })),
        ),
      audit: { system: 'intacct', function: 'create_potransaction PODOCUMENT', controlIdFor: (key) => deps.target.controlIdFor(key) },
    },
    {
      select: (e) => e.targetSystem === 'sage300',
      // One worker keeps each PO's writes in plan order: a release before a receipt before a completion.
      batchSize: deps.source.batchSize,
      concurrency: 1,
      send: (batch) =>
        deps.source.writeStatus(
          batch.map((e) => {
            const p = obj(e.payload);
            return {
              idempotencyKey: e.idempotencyKey,
              sequence: Number(p.sequence),
              poNumber: text(p.poNumber),
              change: p.change as unknown as PoStatusChange,
              resend: e.attempts > 1,
            };
          }),
        ),
      audit: { system: 'sage300', function: 'PO/POPurchaseOrders status, PO/POReceipts', controlIdFor: (key) => key },
    },
  ],
  requests: (deps) => deps.target.requests() + deps.source.requests(),
  previewOf: poPreviewOf,
  summarize: ({ status, runId, changeSetId, preview, exceptions, execution }) => ({
    runId,
    changeSetId,
    status,
    planned: preview.toCreate + preview.statusWrites,
    written: execution?.written ?? 0,
    exceptions,
  }),
};
