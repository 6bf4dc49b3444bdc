import { arPipeline, arExecutionStatus } from '../../src/core/ar/ar-pipeline.ts';
import { completeChangeSetRun, executeChangeSet, planChangeSet, settleChangeSetRun } from '../../src/core/sync/engine.ts';
import type { ArSelection } from '../../src/core/ports/ar-ports.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { changeSetPlan, settledStatus } from '../shared/change-set-plan.ts';
import { selectionOf } from '../shared/selection.ts';
import { arOutput, arPreviewText, executionMessage, maybeCompare } from './output.ts';
import { syncArInput, syncArOutput } from './schema.ts';

/** sync_ar: Sage 300 AR documents and receipts -> Intacct AR invoices and applied payments, behind the approval gate. */
export const syncArTool = defineTool({
  name: 'sync_ar',
  title: 'Sync Sage 300 AR invoices and payments to Sage Intacct',
  description:
    'Creates Sage Intacct AR invoices from posted Sage 300 AR invoices, debit notes and credit notes (credit notes as negative invoices; invoice number = Sage 300 document number), ' +
    'then Intacct AR payments (ARPYMT) applied to those invoices from Sage 300 receipts and their applications, for one fiscal period (period: "YYYY-MM"), a date range (from/to) or incremental: true (everything not yet in Intacct). ' +
    'Customers come from the customer cross-reference (sync_customers) or mappings/customers.csv; accounts, dimensions and terms from the mapping tables. ' +
    'Each document and receipt is written at most once; unmapped records go to the exceptions queue and the rest proceed; a payment whose invoice is not in Intacct waits (never half-applied). ' +
    'The result includes an open-balance comparison per customer (Sage 300 open items vs Intacct TOTALDUE) with every difference explained. ' +
    'Use dry_run: true first. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  cli: 'sync ar',
  input: syncArInput,
  output: syncArOutput,
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const { deps } = ctx.services.receivables(company);
    const selection: ArSelection = selectionOf(args, { kind: 'all' } as const);
    const planned = await ctx.services.exclusive(`ar:${company}`, () => planChangeSet(arPipeline, deps, { company, principal: ctx.principal.name, selection, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry() }));
    if (planned.kind === 'settled') {
      const s = planned.summary;
      const status = settledStatus(s.status);
      const { comparison, note } = await maybeCompare(deps, company, args.compare);
      const message =
        status === 'dry_run'
          ? `Dry run: ${s.invoicesPlanned} invoices and ${s.paymentsPlanned} payments would be created, ${s.skipped} are already in Intacct or planned elsewhere, ${s.exceptions} would go to the exceptions queue (${s.waiting} payments waiting). Nothing was written.`
          : `Nothing to send: ${s.skipped} records already in Intacct or planned elsewhere, ${s.exceptions} in the exceptions queue (${s.waiting} payments waiting).`;
      return { kind: 'done', output: arOutput(company, planned.preview, status, { message: message + note, comparison }) };
    }
    const { preview } = planned;
    const text = arPreviewText(company, preview);
    // Made now because the pending answer is synchronous; it shows this plan's documents as awaiting approval.
    const before = await maybeCompare(deps, company, args.compare);
    return changeSetPlan({
      ctx,
      lock: `ar:${company}`,
      planned,
      // Gross volume (absolute invoices plus payments): credit notes must not net a batch under an `auto` limit.
      totalsByCurrency: preview.volumeByCurrency,
      summaryText: text,
      progressLabel: 'AR records sent',
      settle: (status) => settleChangeSetRun(arPipeline, deps, planned, status),
      // Only the pending answer carries the comparison made before the approval.
      output: (status, extra) =>
        status === 'pending_approval' ? arOutput(company, preview, status, { ...extra, message: extra.message + before.note, comparison: before.comparison }) : arOutput(company, preview, status, extra),
      run: (id, options) => executeChangeSet(arPipeline, deps, id, options),
      finish: async (done) => {
        completeChangeSetRun(arPipeline, deps, planned, done);
        const { comparison, note } = await maybeCompare(deps, company, args.compare);
        return arOutput(company, preview, arExecutionStatus(preview.exceptions, done), { message: executionMessage(done) + note, execution: done, comparison });
      },
    });
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
