import { glPipeline } from '../../src/core/gl/gl-pipeline.ts';
import { completeChangeSetRun, executeChangeSet, planChangeSet, settleChangeSetRun } from '../../src/core/sync/engine.ts';
import type { GlSelection } from '../../src/core/ports/gl-ports.ts';
import { ToolError } from '../../src/governance/errors.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { changeSetPlan, settledStatus } from '../shared/change-set-plan.ts';
import { glOutput, glPreviewText } from '../shared/gl-output.ts';
import { selectionOf } from '../shared/selection.ts';
import { executionStatus } from '../shared/write-output.ts';
import { postJournalEntriesInput, postJournalEntriesOutput } from './schema.ts';

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
  cli: 'sync gl',
  input: postJournalEntriesInput,
  output: postJournalEntriesOutput,
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const { deps, options } = ctx.services.gl(company);
    const selection: GlSelection = selectionOf(args, { kind: 'incremental' } as const);
    if (selection.kind === 'period') {
      const open = await deps.source.fiscalPeriodOpen(String(selection.year), String(selection.period));
      if (!open) throw new ToolError('invalid_arguments', `period: ${args.period} is not an open fiscal period of Sage 300 company ${company}; check the fiscal calendar (Common Services > Fiscal Calendar)`);
    }
    const planned = await ctx.services.exclusive(`gl:${company}`, () =>
      planChangeSet(glPipeline, deps, { company, principal: ctx.principal.name, selection, options, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry() }),
    );
    if (planned.kind === 'settled') {
      const s = planned.summary;
      const preview = { changeSetId: null, digest: '', entries: s.entries, toSend: s.planned, created: s.planned, updated: 0, skipped: s.skipped, exceptions: s.exceptions, totalsByCurrency: s.totalsByCurrency, totalsByAccount: [], problems: [] };
      const status = settledStatus(s.status);
      const message =
        status === 'dry_run'
          ? `Dry run: ${s.planned} entries would be created, ${s.skipped} are already in Intacct, ${s.exceptions} would go to the exceptions queue. Nothing was written.`
          : `Nothing to send: ${s.skipped} entries already in Intacct, ${s.exceptions} in the exceptions queue.`;
      return { kind: 'done', output: glOutput(company, preview, status, { message }) };
    }
    const { preview } = planned;
    return changeSetPlan({
      ctx,
      lock: `gl:${company}`,
      planned,
      totalsByCurrency: preview.totalsByCurrency,
      summaryText: glPreviewText(company, preview),
      progressLabel: 'journal entries sent',
      settle: (status) => settleChangeSetRun(glPipeline, deps, planned, status),
      output: (status, extra) => glOutput(company, preview, status, extra),
      run: (id, options) => executeChangeSet(glPipeline, deps, id, options),
      finish: (done) => {
        completeChangeSetRun(glPipeline, deps, planned, done);
        return glOutput(company, preview, executionStatus(preview, done), {
          message: `${done.written} journal entries created in Intacct, ${done.alreadyApplied} already applied, ${done.failed} rejected (see list_exceptions), ${done.unknown} unresolved${done.notSent ? `, ${done.notSent} not sent because the call was cancelled` : ''}.`,
          execution: done,
        });
      },
    });
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
