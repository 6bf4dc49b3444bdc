import type { PipelineDefinition } from '../sync/pipeline-definition.ts';
import { expectedHashOf, partyPasses, type PartyExecution } from './party-execute.ts';
import { supersede } from './party-links.ts';
import { draftParties, type PartyDeps, type PartyPlanRequest } from './party-pipeline.ts';
import { partyPreviewOf, type PartyPreview } from './party-preview.ts';
import type { PartySpec } from './party-spec.ts';

/** How one party sync ended. */
type PartyRunStatus = 'completed' | 'partial' | 'dry_run' | 'nothing_to_do' | 'awaiting_approval' | 'rejected' | 'cancelled';

/** The summary of one party sync run. */
export interface PartySyncSummary {
  readonly status: PartyRunStatus;
  readonly runId: number | null;
  readonly preview: PartyPreview;
  readonly execution: PartyExecution | null;
}

/**
 * A party sync (vendors, customers) as a pipeline declaration: both sides read since the cursor, writes to Intacct
 * then to Sage 300, sensitive changes in their own change set (they keep a run partial), and the cursor moved only
 * when every change of the run is confirmed.
 */
export function partyPipeline<F extends string>(
  spec: PartySpec<F>,
): PipelineDefinition<PartyDeps<F>, PartyPlanRequest, PartyPreview, PartySyncSummary> {
  return {
    pipeline: spec.pipeline,
    noun: spec.noun,
    runParams: (request) => ({ direction: request.direction }),
    draft: (deps, request) => draftParties(spec, deps, request),
    passes: (deps) => partyPasses(spec, deps),
    requests: (deps) => deps.sage300.requests() + deps.intacct.requests(),
    // A confirmed write records the hash of what it left on the target: the next read of it is our own echo.
    contentHash: (e) => expectedHashOf(spec, e),
    previewOf: partyPreviewOf,
    outstanding: (preview) => preview.sensitive,
    // Only pending sets of the same kind (same approvals required) writing the same parties are replaced.
    supersede: (store, company, fresh) => supersede(store, spec.pipeline, company, fresh),
    summarize: ({ status, runId, preview, execution }) => ({ status, runId, preview, execution }),
  };
}
