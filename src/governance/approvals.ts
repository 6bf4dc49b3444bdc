import type { AuditPort } from '../core/ports/audit-port.ts';
import type { ChangeSet, StateStore } from '../core/state/index.ts';
import { policyFromJson } from './approval-policy.ts';
import { NO_CHANGE_SET_EVENTS, type ChangeSetEvents } from './change-set-events.ts';
import { ToolError } from './errors.ts';
import type { Principal } from './principals.ts';
import type { ApprovalService, ChangeSetExecutor, ToolSpec } from './tool-definition.ts';

// The interface sits beside ToolContext, which holds one and is passed to it (a type cycle otherwise).
export type { ApprovalService } from './tool-definition.ts';

/** Creates the approval service over the state store, the audit log and the tool registry (whose change-set tools execute what is approved). */
export function createApprovalService(deps: {
  store: StateStore;
  audit: AuditPort;
  tools: readonly ToolSpec[];
  /** Told when a waiting change set is decided (MCP clients that opened its console page); none by default. */
  events?: ChangeSetEvents;
}): ApprovalService {
  const { store, audit } = deps;
  const events = deps.events ?? NO_CHANGE_SET_EVENTS;
  const executors = new Map<string, ChangeSetExecutor>();
  for (const { name, changeSet } of deps.tools) {
    if (!changeSet) continue;
    if (executors.has(changeSet.pipeline))
      throw new Error(`two tools execute change sets of pipeline ${changeSet.pipeline} (the second is ${name})`);
    executors.set(changeSet.pipeline, changeSet.execute);
  }

  const record = (
    by: Principal,
    cs: ChangeSet,
    decision: string,
    outcome: string,
    detail: Record<string, string | number | null>,
  ): void => {
    try {
      audit.append({
        kind: 'approval',
        principal: by.name,
        action: `${cs.pipeline}:change_set`,
        decision,
        outcome,
        changeSetId: cs.id,
        detail: { digest: cs.digest, requestedBy: cs.createdBy, company: cs.company, ...detail },
      });
    } catch (err) {
      throw new ToolError(
        'audit_unavailable',
        `the decision on change set ${cs.id} was not recorded because the audit log refused it (${(err as Error).message}); nothing was changed`,
      );
    }
  };

  const mustGet = (id: number): ChangeSet => {
    const cs = store.changeSets.get(id);
    if (!cs) throw new ToolError('not_found', `change set ${id} does not exist; list_change_sets shows the pending ones`);
    return cs;
  };

  const failed = (code: string, message: string): ToolError => {
    const map: Record<string, ToolError['code']> = {
      already_approved: 'already_approved',
      self_approval: 'self_approval',
      digest_mismatch: 'digest_mismatch',
      approval_expired: 'approval_expired',
      invalid_status: 'approval_not_pending',
      not_found: 'not_found',
    };
    return new ToolError(map[code] ?? 'internal', message);
  };

  return {
    async approve(by, id, input, ctx) {
      if (!by.roles.includes('approver'))
        throw new ToolError('not_an_approver', `${by.name} does not hold the approver role; ask an approver to approve change set ${id}`);
      const cs = mustGet(id);
      if (cs.status === 'expired') throw expiredError(cs);
      if (cs.status !== 'planned')
        throw new ToolError(
          'approval_not_pending',
          `change set ${id} is ${cs.status}; an approval is single-use and only a pending (planned) change set can be approved`,
        );
      if (cs.requesters.includes(by.name))
        throw new ToolError(
          'self_approval',
          `change set ${id} was requested by ${by.name}; an approver who did not request it must approve it`,
        );
      if (cs.approvals.some((a) => a.by === by.name))
        throw new ToolError(
          'already_approved',
          `${by.name} already approved change set ${id}; it needs ${cs.approvalsRequired} distinct approvers, so another approver must approve it`,
        );
      const digest = input.digest ?? cs.digest;
      if (digest !== cs.digest)
        throw new ToolError(
          'digest_mismatch',
          `change set ${id} has digest ${cs.digest}, not ${digest}; re-read it with get_change_set before approving`,
        );
      const executor = executors.get(cs.pipeline);
      if (!executor)
        throw new ToolError(
          'configuration',
          `change set ${id} belongs to pipeline ${cs.pipeline}, which no tool of this server executes; nothing was approved or sent`,
        );
      // Fail closed: the decision is in the audit log before the change set moves or anything is sent.
      const step =
        cs.approvalsRequired > 1 ? { approval: `${cs.approvals.length + 1} of ${cs.approvalsRequired}`, changes: maskedChanges(cs) } : {};
      record(by, cs, 'approved', 'intent', { comment: input.comment ?? null, ...step });
      const approved = store.changeSets.approve(id, { by: by.name, digest, ...(input.comment ? { note: input.comment } : {}) });
      if (!approved.ok) {
        record(by, cs, 'approved', `error:${approved.error.code}`, { message: approved.error.message });
        throw failed(approved.error.code, approved.error.message);
      }
      if (approved.value.status !== 'planned') events.decided(approved.value, 'approved');
      if (approved.value.status === 'planned') {
        const n = approved.value.approvals.length;
        return {
          changeSet: approved.value,
          result: {
            status: 'partially_approved',
            approvals: n,
            approvals_required: cs.approvalsRequired,
            message: `approval ${n} of ${cs.approvalsRequired} recorded; change set ${id} waits for another approver (not ${[...cs.requesters, ...approved.value.approvals.map((a) => a.by)].join(', ')})`,
          },
        };
      }
      const result = await executor(approved.value, by, ctx);
      return { changeSet: store.changeSets.get(id) ?? approved.value, result };
    },
    reject(by, id, reason) {
      if (!by.roles.includes('approver')) throw new ToolError('not_an_approver', `${by.name} does not hold the approver role`);
      const cs = mustGet(id);
      if (cs.status === 'expired') throw expiredError(cs);
      if (cs.status !== 'planned')
        throw new ToolError('approval_not_pending', `change set ${id} is ${cs.status}; only a pending change set can be rejected`);
      record(by, cs, 'rejected', 'intent', { reason });
      const done = store.changeSets.reject(id, { by: by.name, reason });
      if (!done.ok) throw failed(done.error.code, done.error.message);
      events.decided(done.value, 'rejected');
      return done.value;
    },
    async confirmInConsole(by, id, digest, ctx) {
      const cs = mustGet(id);
      if (!cs.requesters.includes(by.name))
        throw new ToolError(
          'forbidden',
          `change set ${id} was requested by ${cs.requesters.join(', ')}, not ${by.name}; only a requester confirms it (an approver uses approve_change_set)`,
        );
      if (cs.status !== 'planned')
        throw new ToolError(
          'approval_not_pending',
          `change set ${id} is ${cs.status}; only a pending (planned) change set can be confirmed`,
        );
      const policy = policyFromJson(cs.boundPolicy);
      if (policy?.mode !== 'confirm' || cs.approvalsRequired > 1)
        throw new ToolError(
          'forbidden',
          `change set ${id} waits under policy ${policy ? policy.mode : 'unknown'}${cs.approvalsRequired > 1 ? ` and needs ${cs.approvalsRequired} approvers` : ''}, not confirm: an approver who did not request it must approve it`,
        );
      if (digest !== cs.digest)
        throw new ToolError(
          'digest_mismatch',
          `change set ${id} has digest ${cs.digest}, not ${digest}; reload its page and review it again`,
        );
      const executor = executors.get(cs.pipeline);
      if (!executor)
        throw new ToolError(
          'configuration',
          `change set ${id} belongs to pipeline ${cs.pipeline}, which no tool of this server executes; nothing was confirmed or sent`,
        );
      const note = `confirmed by ${by.name} in the console`;
      // Fail closed, as an approval: the decision is in the audit log before the change set moves or anything is sent.
      record(by, cs, 'confirmed', 'intent', { note, via: 'console' });
      const confirmed = store.changeSets.approve(id, { by: by.name, digest, selfConfirmed: true, note });
      if (!confirmed.ok) {
        record(by, cs, 'confirmed', `error:${confirmed.error.code}`, { message: confirmed.error.message });
        throw failed(confirmed.error.code, confirmed.error.message);
      }
      events.decided(confirmed.value, 'confirmed');
      const result = await executor(confirmed.value, by, ctx);
      return { changeSet: store.changeSets.get(id) ?? confirmed.value, result };
    },
    confirmOwn(by, cs, note) {
      if (cs.approvalsRequired > 1)
        throw new ToolError(
          'self_approval',
          `change set ${cs.id} needs ${cs.approvalsRequired} approvers other than its requester; it cannot be confirmed by ${by.name}`,
        );
      record(by, cs, 'confirmed', 'intent', { note });
      const done = store.changeSets.approve(cs.id, { by: by.name, digest: cs.digest, selfConfirmed: true, note });
      if (!done.ok) throw failed(done.error.code, done.error.message);
    },
    async resume(by, id, ctx) {
      const cs = mustGet(id);
      // A change set past its approval window says so, as approving it does; an approved one keeps its approval.
      if (cs.status === 'expired' || (cs.status === 'planned' && cs.expiresAt !== null && new Date().toISOString() >= cs.expiresAt)) {
        if (cs.status === 'planned') store.changeSets.expire(id, 'approval window elapsed');
        throw expiredError(cs);
      }
      if (cs.status !== 'approved')
        throw new ToolError(
          'approval_not_pending',
          `change set ${id} is ${cs.status}; only an approved change set whose execution was interrupted can be resumed${cs.status === 'planned' ? ' (this one still needs its approval)' : ''}`,
        );
      if (!by.roles.includes('approver') && !by.roles.includes('admin') && !cs.requesters.includes(by.name))
        throw new ToolError(
          'forbidden',
          `${by.name} neither requested nor may approve change set ${id}; its requesters or an approver can resume it`,
        );
      const executor = executors.get(cs.pipeline);
      if (!executor)
        throw new ToolError('configuration', `change set ${id} belongs to pipeline ${cs.pipeline}, which no tool of this server executes`);
      record(by, cs, 'resumed', 'intent', { left: store.outbox.pendingFor(id).length });
      const result = await executor(cs, by, ctx);
      return { changeSet: store.changeSets.get(id) ?? cs, result };
    },
    declineOwn(by, cs, reason) {
      record(by, cs, 'declined', 'intent', { reason });
      const done = store.changeSets.reject(cs.id, { by: by.name, reason });
      if (!done.ok) throw failed(done.error.code, done.error.message);
    },
  };
}

/** The answer for a change set whose approval window passed before it was approved. */
function expiredError(cs: ChangeSet): ToolError {
  return new ToolError(
    'approval_expired',
    `change set ${cs.id} expired${cs.expiresAt ? ` at ${cs.expiresAt}` : ''} before it was approved; nothing was sent. Plan it again (run the same sync) for a new approval`,
  );
}

/** The masked before/after values a multi-approver change set carries in its summary (`masked`), for the audit row. */
function maskedChanges(cs: ChangeSet): string | null {
  const s = cs.summary;
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return null;
  const masked = (s as { readonly [key: string]: unknown }).masked;
  return typeof masked === 'string' ? masked : null;
}
