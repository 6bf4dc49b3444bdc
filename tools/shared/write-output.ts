import type { PlanOutputExtra } from './change-set-plan.ts';

/** What every change-set pipeline's preview carries for the shared output fields. */
export interface PlanPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly skipped: number;
  readonly exceptions: number;
}

/** The counts every pipeline's execution returns. */
export type ExecutionCounts = Readonly<Record<'written' | 'alreadyApplied' | 'failed' | 'unknown' | 'notSent' | 'apiRequests', number>>;

/** The first output fields of a change-set write tool (tools/shared/schemas.ts writeHeadOut), in their order. */
export function writeHead<S extends string>(company: string, preview: PlanPreview, status: S, extra: PlanOutputExtra) {
  return {
    status,
    company,
    change_set_id: preview.changeSetId,
    digest: preview.changeSetId === null ? null : preview.digest,
    message: extra.message,
    policy: extra.policy ?? null,
    expires_at: extra.expiresAt ?? null,
  };
}

/** What an execution did (tools/shared/schemas.ts executionCountsOut), zeros before one ran; rejected writes count as exceptions. */
export function executionCounts(preview: PlanPreview, ex: ExecutionCounts | undefined) {
  return {
    written: ex?.written ?? 0,
    already_applied: ex?.alreadyApplied ?? 0,
    skipped: preview.skipped,
    exceptions: preview.exceptions + (ex?.failed ?? 0),
    unknown: ex?.unknown ?? 0,
    not_sent: ex?.notSent ?? 0,
    api_requests: ex?.apiRequests ?? 0,
  };
}

/** A plan's exceptions as the tools report them. */
export function problemRows(problems: readonly { readonly sourceKey: string; readonly class: string; readonly message: string }[]) {
  return problems.map((p) => ({ source_key: p.sourceKey, class: p.class, message: p.message }));
}

/** The status a finished execution reports: cancelled when some writes were not sent, else completed only without exceptions or unknowns. */
export function executionStatus(preview: { readonly exceptions: number }, ex: ExecutionCounts): 'cancelled' | 'completed' | 'partial' {
  if (ex.notSent > 0) return 'cancelled';
  return preview.exceptions + ex.failed + ex.unknown === 0 ? 'completed' : 'partial';
}
