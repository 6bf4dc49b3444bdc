import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { OutboxEntry } from '../state/index.ts';
import type { PipelineDefinition, TargetPass } from '../sync/pipeline-definition.ts';
import { taggingContentHash } from './project-entries.ts';
import { PHASES, type ProjectItemPayload } from './project-items.ts';
import { arInvoiceLookup } from '../ar/ar-lookup.ts';
import { draftProjects, projectEntryLookup, type ProjectPlanRequest } from './project-plan.ts';
import { projectPreviewOf } from './project-summary.ts';
import { PROJECTS_PIPELINE, type ProjectDeps, type ProjectPreview, type ProjectSyncSummary } from './project-types.ts';

export { type ProjectPlanRequest } from './project-plan.ts';
export * from './project-types.ts';

type Phase = (typeof PHASES)[number];

const hasParent = (e: OutboxEntry): boolean => Boolean((e.payload as unknown as ProjectItemPayload).fields.PARENTID);
/** Execution waves: contracts (parents) before contract projects (children), then the later phases. */
const WAVES: readonly { phase: Phase; only?: (e: OutboxEntry) => boolean }[] = [
  { phase: PHASES[0], only: (e) => !hasParent(e) },
  { phase: PHASES[0], only: hasParent },
  ...PHASES.slice(1).map((phase) => ({ phase })),
];

/** The pass of one wave: projects through the project target, entries through the GL target, invoices legacy. */
function passOf(deps: ProjectDeps, { phase, only }: (typeof WAVES)[number]): TargetPass {
  const { target } = deps;
  const send = (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> => {
    switch (phase.prefix) {
      case 'project-entry:':
        return deps.entries.createEntries(
          batch.map((e) => ({
            idempotencyKey: e.idempotencyKey,
            payload: e.payload,
            reference: String((e.payload as { REFERENCENO?: string }).REFERENCENO ?? ''),
          })),
        );
      case 'ar-invoice:':
        return target.createInvoices(
          batch.map((e) => {
            const p = e.payload as { invoiceno?: string; customerid?: string };
            return {
              idempotencyKey: e.idempotencyKey,
              payload: e.payload,
              invoiceNumber: p.invoiceno ?? '',
              customerId: p.customerid ?? '',
            };
          }),
        );
      default:
        return target.upsertProjects(
          batch.map((e) => {
            const p = e.payload as unknown as ProjectItemPayload;
            return { idempotencyKey: e.idempotencyKey, mode: p.mode, payload: p.fields };
          }),
        );
    }
  };
  const entries = phase.prefix === 'project-entry:';
  return {
    select: (e) => e.idempotencyKey.startsWith(phase.prefix) && (!only || only(e)),
    batchSize: entries ? deps.entries.batchSize : target.batchSize,
    concurrency: entries ? deps.entries.concurrency : target.concurrency,
    clientLimited: true,
    send,
    audit: { system: 'intacct', function: phase.name, controlIdFor: (key) => target.controlIdFor(key) },
  };
}

/**
 * The projects pipeline, delivered phase by phase: PROJECT creates/updates first (contracts in one wave, then
 * their projects in the next, so a parent exists before its child), then the tagging entries and milestone
 * invoices that reference them, then the deactivation of projects Sage 300 closed.
 */
export const projectsPipeline: PipelineDefinition<ProjectDeps, ProjectPlanRequest, ProjectPreview, ProjectSyncSummary> = {
  pipeline: PROJECTS_PIPELINE,
  noun: 'projects',
  lookups: [projectEntryLookup, arInvoiceLookup],
  runParams: () => ({}),
  draft: draftProjects,
  passes: (deps) => WAVES.map((wave) => passOf(deps, wave)),
  // The project target and the GL target share one Intacct client, whose counter covers both.
  requests: (deps) => deps.target.requests(),
  // Tagging entries are compared on their lines only, so a journal or state change does not re-tag a period.
  contentHash: (e) => (e.idempotencyKey.startsWith('project-entry:') ? taggingContentHash(e.payload) : e.payloadDigest),
  previewOf: projectPreviewOf,
  summarize: ({ status, runId, changeSetId, exceptions, execution }) => ({ status, runId, changeSetId, exceptions, execution }),
};
