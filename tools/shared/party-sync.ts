import type { PartyDeps, PartyExecution, PartyPreview, PartySpec } from '../../src/core/parties/index.ts';
import { partyExecutionStatus, partyPipeline, partyPreviewOf, partyPreviewText } from '../../src/core/parties/index.ts';
import { completeChangeSetRun, executeChangeSet, planChangeSet, settleChangeSetRun } from '../../src/core/sync/engine.ts';
import type { ChangeSet } from '../../src/core/state/index.ts';
import type { ChangeSetExecutor, ToolContext } from '../../src/governance/tool-definition.ts';

/** How a party sync ended, as the tools report it. */
export type PartyToolStatus = 'completed' | 'partial' | 'dry_run' | 'nothing_to_do' | 'pending_approval' | 'rejected' | 'cancelled';

/** The fields sync_vendors and sync_customers share (see tools/sync-vendors/schema.ts for their meaning). */
export interface PartyToolOutput {
  status: PartyToolStatus;
  company: string;
  change_set_id: number | null;
  digest: string | null;
  sensitive_change_set_id: number | null;
  message: string;
  policy: string | null;
  expires_at: string | null;
  to_intacct: { created: number; updated: number; deactivated: number };
  to_sage300: { created: number; updated: number; deactivated: number };
  sensitive: number;
  conflicts: number;
  duplicates: number;
  exceptions: number;
  in_sync: number;
  awaiting: number;
  written: number;
  already_applied: number;
  failed: number;
  unknown: number;
}

/** The shared part of a party sync's tool output in a given state. */
export function partyOutput(company: string, p: PartyPreview, status: PartyToolStatus, extra: { message: string; policy?: string | null; expiresAt?: string | null; execution?: PartyExecution }): PartyToolOutput {
  const ex = extra.execution;
  return {
    status,
    company,
    change_set_id: p.changeSetId,
    digest: p.changeSetId === null ? null : p.digest,
    sensitive_change_set_id: p.sensitiveChangeSetId,
    message: extra.message,
    policy: extra.policy ?? null,
    expires_at: extra.expiresAt ?? null,
    to_intacct: { ...p.toIntacct },
    to_sage300: { ...p.toSage300 },
    sensitive: p.sensitive,
    conflicts: p.conflicts,
    duplicates: p.duplicates,
    exceptions: p.exceptions + (ex?.failed ?? 0),
    in_sync: p.inSync,
    awaiting: p.awaiting,
    written: ex?.written ?? 0,
    already_applied: ex?.alreadyApplied ?? 0,
    failed: ex?.failed ?? 0,
    unknown: ex?.unknown ?? 0,
  };
}

/** One line on what an execution did. */
export const partyExecutionText = (noun: string, ex: PartyExecution): string =>
  `${ex.written} ${noun} writes made, ${ex.alreadyApplied} already applied, ${ex.failed} rejected (see list_exceptions), ${ex.unknown} unresolved${ex.notSent ? `, ${ex.notSent} not sent because the call was cancelled` : ''}.`;

/** A party sync tool's wiring: its spec, its deps per company and how its output is finished (extra fields). */
export interface PartyTool<F extends string, O> {
  readonly spec: PartySpec<F>;
  deps(ctx: ToolContext, company: string): PartyDeps<F>;
  output(base: PartyToolOutput, preview: PartyPreview): O;
}

/** Executes an approved party change set (an approval that arrived after the planning call) under the company lock. */
export function partyExecutor<F extends string, O>(tool: PartyTool<F, O>): ChangeSetExecutor {
  return async (cs: ChangeSet, by, ctx: ToolContext) => {
    const deps = tool.deps(ctx, cs.company);
    const preview = partyPreviewOf(cs);
    const ex = await executeChangeSet(partyPipeline(tool.spec), deps, cs.id, { principal: by.name, signal: ctx.signal });
    const base = partyOutput(cs.company, preview, partyExecutionStatus({ ...preview, sensitive: 0 }, ex), { message: `Approved by ${by.name}: ${partyExecutionText(tool.spec.noun, ex)}`, execution: ex });
    return tool.output(base, preview) as never;
  };
}

/** The handler of a party sync tool: plan under the company lock, then hand the change set to the approval gate. */
export async function partySyncHandler<F extends string, O>(tool: PartyTool<F, O>, ctx: ToolContext, args: { company?: string | undefined; direction: 'both' | 'to_intacct' | 'to_sage300'; dry_run: boolean }) {
  const { spec } = tool;
  const pipeline = partyPipeline(spec);
  const company = ctx.services.resolveCompany(args.company);
  const deps = tool.deps(ctx, company);
  const lock = `${spec.pipeline}:${company}`;
  const planned = await ctx.services.exclusive(lock, () => {
    deps.store.outbox.recoverInFlight();
    return planChangeSet(pipeline, deps, { company, principal: ctx.principal.name, direction: args.direction, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry() });
  });
  const out = (p: PartyPreview, status: PartyToolStatus, extra: Parameters<typeof partyOutput>[3]) => tool.output(partyOutput(company, p, status, extra), p);
  if (planned.kind === 'settled') {
    const text = partyPreviewText(spec, company, planned.preview);
    const message = planned.status === 'dry_run' ? `Dry run, nothing was written.\n${text}` : `Nothing to send now.\n${text}`;
    return { kind: 'done' as const, output: out(planned.preview, planned.status, { message }) };
  }
  const { changeSet, preview } = planned;
  const text = partyPreviewText(spec, company, preview);
  return {
    kind: 'change_set' as const,
    plan: {
      changeSet,
      totalsByCurrency: {},
      summaryText: text,
      pending: (policy: { source: string }, reason: string) => {
        settleChangeSetRun(pipeline, deps, planned, 'awaiting_approval');
        return out(preview, 'pending_approval', { message: `${text}\nWaiting for approval: ${reason}. An approver calls approve_change_set with change_set_id ${changeSet.id}.`, policy: policy.source, expiresAt: changeSet.expiresAt });
      },
      rejected: (reason: string) => {
        settleChangeSetRun(pipeline, deps, planned, 'rejected');
        return out(preview, 'rejected', { message: `Change set ${changeSet.id} was not sent: ${reason}.` });
      },
      execute: async (by: { name: string }) => {
        const done = await ctx.services.exclusive(lock, () => executeChangeSet(pipeline, deps, changeSet.id, { principal: by.name, runId: planned.runId, signal: ctx.signal }));
        const summary = completeChangeSetRun(pipeline, deps, planned, done);
        return out(preview, summary.status === 'awaiting_approval' ? 'pending_approval' : summary.status, { message: `${text}\n${partyExecutionText(spec.noun, done)}`, execution: done });
      },
    },
  };
}
