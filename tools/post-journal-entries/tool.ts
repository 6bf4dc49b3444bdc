import { completeGlRun, executeGlChangeSet, planGlSync, settleGlRun } from '../../src/core/gl/gl-pipeline.ts';
import type { GlSelection } from '../../src/core/ports/gl-ports.ts';
import { ToolError } from '../../src/governance/errors.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { executionStatus, glOutput, glPreviewText } from '../shared/gl-output.ts';
import { postJournalEntriesInput, postJournalEntriesOutput } from './schema.ts';

function selectionOf(args: { period?: string | undefined; from?: string | undefined; to?: string | undefined; incremental?: boolean | undefined }): GlSelection {
  if (args.period !== undefined) return { kind: 'period', year: Number(args.period.slice(0, 4)), period: Number(args.period.slice(5, 7)) };
  if (args.incremental) return { kind: 'incremental' };
  return { kind: 'range', from: args.from ?? '', to: args.to ?? '' };
}

/** post_journal_entries: the GL pipeline (Sage 300 posted journal entries → Intacct GLBATCH) behind the approval gate. */
export const postJournalEntriesTool = defineTool({
  name: 'post_journal_entries',
  title: 'Post Sage 300 journal entries to Sage Intacct',
  description:
    'Creates Sage Intacct journal entries (GLBATCH) from posted Sage 300 GL entries for one fiscal period (period: "YYYY-MM"), a posting-date range (from/to) or incrementally, with accounts and dimensions mapped by the mapping tables. ' +
    'Each Sage 300 entry is posted at most once (exactly-once delivery); entries that cannot be mapped or do not balance go to the exceptions queue and the rest proceed. ' +
    'Use dry_run: true first to preview counts and totals. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  input: postJournalEntriesInput,
  output: postJournalEntriesOutput,
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const { deps, options } = ctx.services.gl(company);
    const selection = selectionOf(args);
    if (selection.kind === 'period') {
      const open = await deps.source.fiscalPeriodOpen(String(selection.year), String(selection.period));
      if (!open) throw new ToolError('invalid_arguments', `period: ${args.period} is not an open fiscal period of Sage 300 company ${company}; check the fiscal calendar (Common Services > Fiscal Calendar)`);
    }
    const planned = await ctx.services.exclusive(`gl:${company}`, () =>
      planGlSync(deps, { company, principal: ctx.principal.name, selection, options, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry() }),
    );
    if (planned.kind === 'settled') {
      const s = planned.summary;
      const preview = { changeSetId: null, digest: '', entries: s.entries, toSend: s.planned, created: s.planned, updated: 0, skipped: s.skipped, exceptions: s.exceptions, totalsByCurrency: s.totalsByCurrency, totalsByAccount: [], problems: [] };
      const status = s.status === 'dry_run' ? 'dry_run' : s.status === 'partial' ? 'partial' : 'nothing_to_do';
      const message =
        status === 'dry_run'
          ? `Dry run: ${s.planned} entries would be created, ${s.skipped} are already in Intacct, ${s.exceptions} would go to the exceptions queue. Nothing was written.`
          : `Nothing to send: ${s.skipped} entries already in Intacct, ${s.exceptions} in the exceptions queue.`;
      return { kind: 'done', output: glOutput(company, preview, status, { message }) };
    }
    const { changeSet, preview } = planned;
    const text = glPreviewText(company, preview);
    return {
      kind: 'change_set',
      plan: {
        changeSet,
        totalsByCurrency: preview.totalsByCurrency,
        summaryText: text,
        pending: (policy, reason) => {
          settleGlRun(deps, planned, 'awaiting_approval');
          return glOutput(company, preview, 'pending_approval', { message: `${text}\nWaiting for approval: ${reason}. An approver calls approve_change_set with change_set_id ${changeSet.id}.`, policy: policy.source, expiresAt: changeSet.expiresAt });
        },
        rejected: (reason) => {
          settleGlRun(deps, planned, 'rejected');
          return glOutput(company, preview, 'rejected', { message: `Change set ${changeSet.id} was not sent: ${reason}.` });
        },
        execute: async (by) => {
          const done = await ctx.services.exclusive(`gl:${company}`, () =>
            executeGlChangeSet(deps, changeSet.id, { principal: by.name, runId: planned.runId, onProgress: (d, t) => ctx.progress(d, t, `${d}/${t} journal entries sent`), signal: ctx.signal }),
          );
          completeGlRun(deps, planned, selection, done);
          const status = executionStatus(preview, done);
          return glOutput(company, preview, status, {
            message: `${done.written} journal entries created in Intacct, ${done.alreadyApplied} already applied, ${done.failed} rejected (see list_exceptions), ${done.unknown} unresolved${done.notSent ? `, ${done.notSent} not sent because the call was cancelled` : ''}.`,
            execution: done,
          });
        },
      },
    };
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
