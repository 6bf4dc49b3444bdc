import type { ChangeSet, SyncException } from '../../src/core/state/index.ts';
import { policyFromJson } from '../../src/governance/approval-policy.ts';
import type { z } from 'zod';
import type { changeSetOut, exceptionOut } from './schemas.ts';

/** A stored exception in the snake_case shape tools return. */
export function exceptionToOut(e: SyncException): z.output<typeof exceptionOut> {
  return {
    id: e.id,
    pipeline: e.pipeline,
    company: e.company,
    source_key: e.sourceKey,
    class: e.class,
    status: e.status,
    message: e.message,
    fix: e.fix,
    occurrences: e.occurrences,
    first_seen_at: e.firstSeenAt,
    last_seen_at: e.lastSeenAt,
    resolved_by: e.resolvedBy,
    resolution: e.resolution,
  };
}

/** A stored change set in the snake_case shape tools return. */
export function changeSetToOut(cs: ChangeSet): z.output<typeof changeSetOut> {
  const summary =
    cs.summary !== null && typeof cs.summary === 'object' && !Array.isArray(cs.summary) ? (cs.summary as Record<string, unknown>) : {};
  return {
    change_set_id: cs.id,
    pipeline: cs.pipeline,
    company: cs.company,
    status: cs.status,
    digest: cs.digest,
    requested_by: cs.createdBy,
    approved_by: cs.approvedBy,
    decided_by: cs.decidedBy,
    decided_at: cs.decidedAt,
    decision_note: cs.decisionNote,
    expires_at: cs.expiresAt,
    created_at: cs.createdAt,
    summary,
    policy: cs.policy,
    policy_mode: policyFromJson(cs.boundPolicy)?.mode ?? null,
    requesters: [...cs.requesters],
    approvals_required: cs.approvalsRequired,
    approvals: cs.approvals.map((a) => ({ by: a.by, at: a.at })),
  };
}
