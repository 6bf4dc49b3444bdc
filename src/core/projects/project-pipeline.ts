import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { OutboxEntry } from '../state/index.ts';
import { executeOutbox, type OutboxSender } from '../sync/execute-outbox.ts';
import { taggingContentHash } from './project-entries.ts';
import { PHASES, type ProjectItemPayload } from './project-items.ts';
import { PROJECTS_PIPELINE, type ProjectDeps, type ProjectExecuteOptions, type ProjectExecution, type ProjectPlanned } from './project-types.ts';
import { openForExecution } from '../sync/open-for-execution.ts';

export { planProjectSync, type ProjectPlanRequest } from './project-plan.ts';
export { projectPreviewOf } from './project-summary.ts';
export { intacctProjectId, arSourceKey } from './project-id.ts';
export * from './project-types.ts';

type Phase = (typeof PHASES)[number];

const hasParent = (e: OutboxEntry): boolean => Boolean((e.payload as unknown as ProjectItemPayload).fields.PARENTID);
/** Execution waves: contracts (parents) before contract projects (children), then the later phases. */
const WAVES: readonly { phase: Phase; only?: (e: OutboxEntry) => boolean }[] = [
  { phase: PHASES[0], only: (e) => !hasParent(e) },
  { phase: PHASES[0], only: hasParent },
  ...PHASES.slice(1).map((phase) => ({ phase })),
];

/** The sender of one phase: projects through the project target, entries through the GL target, invoices legacy. */
function senderFor(deps: ProjectDeps, phase: Phase): OutboxSender {
  const { target } = deps;
  const describe = { system: 'intacct', function: phase.name, controlIdFor: (key: string) => target.controlIdFor(key) };
  const send = (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> => {
    switch (phase.prefix) {
      case 'project-entry:':
        return deps.entries.createEntries(batch.map((e) => ({ idempotencyKey: e.idempotencyKey, payload: e.payload, reference: String((e.payload as { REFERENCENO?: string }).REFERENCENO ?? '') })));
      case 'ar-invoice:':
        return target.createInvoices(batch.map((e) => {
          const p = e.payload as { invoiceno?: string; customerid?: string };
          return { idempotencyKey: e.idempotencyKey, payload: e.payload, invoiceNumber: p.invoiceno ?? '', customerId: p.customerid ?? '' };
        }));
      default:
        return target.upsertProjects(batch.map((e) => {
          const p = e.payload as unknown as ProjectItemPayload;
          return { idempotencyKey: e.idempotencyKey, mode: p.mode, payload: p.fields };
        }));
    }
  };
  const batchSize = phase.prefix === 'project-entry:' ? deps.entries.batchSize : target.batchSize;
  const concurrency = phase.prefix === 'project-entry:' ? deps.entries.concurrency : target.concurrency;
  return { batchSize, concurrency, send, describe };
}

/**
 * Delivers an approved projects change set exactly once, phase by phase: PROJECT creates/updates first (contracts
 * in one wave, then their projects in the next, so a parent exists before its child), then the tagging
 * entries and milestone invoices that reference them, then the deactivation of projects Sage 300 closed.
 */
export async function executeProjectChangeSet(deps: ProjectDeps, changeSetId: number, options: ProjectExecuteOptions): Promise<ProjectExecution> {
  const { store, log } = deps;
  const { changeSet: cs } = openForExecution(store, changeSetId, PROJECTS_PIPELINE);
  const runId = options.runId ?? store.runs.startRun({ pipeline: PROJECTS_PIPELINE, company: cs.company, params: { changeSetId }, principal: options.principal });
  const exDeps = { store, alerts: deps.alerts, log, audit: deps.audit };
  // The project target and the GL target share one Intacct client, whose counter covers both.
  const requestsBefore = deps.target.requests();
  const ctx = {
    pipeline: PROJECTS_PIPELINE, company: cs.company, runId, changeSetId, principal: options.principal,
    // Tagging entries are compared on their lines only, so a journal or state change does not re-tag a period.
    contentHash: (e: OutboxEntry) => (e.idempotencyKey.startsWith('project-entry:') ? taggingContentHash(e.payload) : e.payloadDigest),
  };
  const total = store.outbox.pendingFor(changeSetId).length;
  let done = 0;
  const totals = { written: 0, alreadyApplied: 0, failed: 0 };
  for (const { phase, only } of WAVES) {
    if (options.signal?.aborted) break;
    const ordered = senderFor(deps, phase);
    const mine = (): OutboxEntry[] => store.outbox.pendingFor(changeSetId).filter((e) => e.idempotencyKey.startsWith(phase.prefix) && (!only || only(e)));
    const run = { onProgress: (d: number) => options.onProgress?.(done + d, total), ...(options.signal ? { signal: options.signal } : {}) };
    const before = mine();
    if (before.length === 0) continue;
    const first = await executeOutbox(exDeps, ctx, before, ordered, run);
    // Outcomes lost to timeouts get one same-key resend now: Intacct's uniqueid check makes it safe.
    const again = first.unknown > 0 && !options.signal?.aborted ? await executeOutbox(exDeps, ctx, mine().filter((e) => e.state === 'unknown'), ordered, run) : undefined;
    totals.written += first.written + (again?.written ?? 0);
    totals.alreadyApplied += first.alreadyApplied + (again?.alreadyApplied ?? 0);
    totals.failed += first.failed + (again?.failed ?? 0);
    done += before.length;
  }
  const pending = store.outbox.pendingFor(changeSetId);
  const unknown = pending.filter((e) => e.state !== 'approved').length;
  const finished = pending.length === 0;
  if (finished) store.changeSets.finishExecuting(changeSetId);
  const result: ProjectExecution = { runId, ...totals, unknown, notSent: pending.length - unknown, apiRequests: deps.target.requests() - requestsBefore, finished };
  log.info({ runId, changeSetId, written: result.written, unknown, notSent: result.notSent }, 'projects change set executed');
  if (options.runId === undefined) store.runs.finishRun(runId, finished && result.failed === 0 ? 'succeeded' : 'partial', { changeSetId, ...result });
  return result;
}

type PlannedSet = Extract<ProjectPlanned, { kind: 'planned' }>;

/** Closes the planning run of a change set that was not executed now (waiting for an approver, or rejected). */
export function settleProjectRun(deps: ProjectDeps, planned: PlannedSet, status: 'awaiting_approval' | 'rejected'): void {
  if (!planned.reused) deps.store.runs.finishRun(planned.runId, status === 'rejected' ? 'failed' : 'partial', { status, changeSetId: planned.changeSet.id });
}

/** After executing a change set right after planning it: closes the planning run with the outcome. */
export function completeProjectRun(deps: ProjectDeps, planned: PlannedSet, done: ProjectExecution): void {
  const ok = done.notSent === 0 && done.unknown === 0 && done.failed === 0 && planned.preview.exceptions === 0;
  deps.store.runs.finishRun(planned.runId, ok ? 'succeeded' : 'partial', { changeSetId: planned.changeSet.id, ...done });
}
