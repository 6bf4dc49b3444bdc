import { apPipeline } from '../../src/core/ap/ap-pipeline.ts';
import { completeChangeSetRun, executeChangeSet, planChangeSet, settleChangeSetRun } from '../../src/core/sync/engine.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { changeSetPlan, settledStatus } from '../shared/change-set-plan.ts';
import { selectionOf } from '../shared/selection.ts';
import { executionStatus } from '../shared/write-output.ts';
import { apOutput, apPreviewText } from './output.ts';
import { replicateApInvoicesInput, replicateApInvoicesOutput } from './schema.ts';

/** replicate_ap_invoices: the AP pipeline (posted Sage 300 invoices, debit and credit notes → Intacct APBILL) behind the approval gate. */
export const replicateApInvoicesTool = defineTool({
  name: 'replicate_ap_invoices',
  title: 'Replicate Sage 300 AP invoices to Sage Intacct bills',
  description:
    'Creates Sage Intacct bills (APBILL) from posted Sage 300 AP invoices, debit notes and credit notes (credit notes as negative bills) for one fiscal period (period: "YYYY-MM") or a document-date range (from/to). ' +
    'Vendors must already exist in Intacct (vendor cross-reference or mappings/vendors.csv); accounts, dimensions, tax groups and payment terms are mapped by the mapping tables. ' +
    'Duplicates (same vendor and invoice number, ignoring case, spaces, punctuation and leading zeros) already in Intacct or repeated in the selection are held back. ' +
    'Each document is created at most once; anything unmapped or duplicate goes to the exceptions queue and the rest proceed. ' +
    'Use dry_run: true first to preview counts and totals by vendor. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  cli: 'sync ap',
  input: replicateApInvoicesInput,
  output: replicateApInvoicesOutput,
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const { deps } = ctx.services.ap(company);
    const selection = selectionOf(args);
    const planned = await ctx.services.exclusive(`ap:${company}`, () => planChangeSet(apPipeline, deps, { company, principal: ctx.principal.name, selection, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry() }));
    if (planned.kind === 'settled') {
      const s = planned.summary;
      const status = settledStatus(s.status);
      const message =
        status === 'dry_run'
          ? `Dry run: ${s.planned} bills would be created, ${s.skipped} are already in Intacct, ${s.exceptions} would go to the exceptions queue. Nothing was written.`
          : `Nothing to send: ${s.skipped} documents already in Intacct, ${s.exceptions} in the exceptions queue.`;
      return { kind: 'done', output: apOutput(company, planned.preview, status, { message }) };
    }
    const { preview } = planned;
    return changeSetPlan({
      ctx,
      lock: `ap:${company}`,
      planned,
      // Gross volume, not the net: credit notes must not net a batch under an `auto` approval limit.
      totalsByCurrency: preview.volumeByCurrency,
      summaryText: apPreviewText(company, preview),
      progressLabel: 'bills sent',
      settle: (status) => settleChangeSetRun(apPipeline, deps, planned, status),
      output: (status, extra) => apOutput(company, preview, status, extra),
      run: (id, options) => executeChangeSet(apPipeline, deps, id, options),
      finish: (done) => {
        completeChangeSetRun(apPipeline, deps, planned, done);
        return apOutput(company, preview, executionStatus(preview, done), {
          message: `${done.written} bills created in Intacct, ${done.alreadyApplied} already applied, ${done.failed} rejected (see list_exceptions), ${done.unknown} unresolved${done.notSent ? `, ${done.notSent} not sent because the call was cancelled` : ''}.`,
          execution: done,
        });
      },
    });
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
