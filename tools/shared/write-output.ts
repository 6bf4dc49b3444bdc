import type { ChangeSetExecution } from '../../src/core/sync/engine.ts';
import type { OutputFacts, WriteStatus } from '../../src/governance/change-set-tool.ts';
import type { PreviewProblem } from '../../src/governance/preview-document.ts';

/** What every change-set pipeline's preview carries for the shared output fields. */
export interface PlanPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly skipped: number;
  /** Records with no cross-reference found already in Intacct (pipelines without the lookup leave it out). */
  readonly foundInIntacct?: number;
  readonly exceptions: number;
}

/** The first output fields of a change-set write tool (tools/shared/schemas.ts writeHeadOut), in their order. */
export function writeHead<S extends WriteStatus>(company: string, preview: PlanPreview, status: S, facts: OutputFacts<unknown>) {
  return {
    status,
    company,
    change_set_id: preview.changeSetId,
    digest: preview.changeSetId === null ? null : preview.digest,
    message: facts.message,
    policy: facts.policy,
    expires_at: facts.expiresAt,
    console_url: facts.consoleUrl,
  };
}

/** What an execution did (tools/shared/schemas.ts executionCountsOut), zeros before one ran; rejected writes count as exceptions. */
export function executionCounts(preview: PlanPreview, ex: ChangeSetExecution | null) {
  return {
    written: ex?.written ?? 0,
    already_applied: ex?.alreadyApplied ?? 0,
    skipped: preview.skipped,
    found_in_intacct: preview.foundInIntacct ?? 0,
    exceptions: preview.exceptions + (ex?.failed ?? 0),
    unknown: ex?.unknown ?? 0,
    not_sent: ex?.notSent ?? 0,
    api_requests: ex?.apiRequests ?? 0,
  };
}

/** A plan's exceptions as the tools report them, each with its fix ('' where the pipeline keeps none in its preview). */
export function problemRows(problems: readonly PreviewProblem[]) {
  return problems.map((p) => ({ source_key: p.sourceKey, class: p.class, message: p.message, fix: p.fix ?? '' }));
}

/** How many there are and how many go to the exceptions queue: the counts most previews start with. */
export const queueCounts = (
  p: { readonly skipped: number; readonly foundInIntacct?: number; readonly exceptions: number },
  skipped = 'already there',
): string[] => [`${p.skipped} ${skipped}`, `${p.foundInIntacct ?? 0} found already in Intacct`, `${p.exceptions} to the exceptions queue`];
