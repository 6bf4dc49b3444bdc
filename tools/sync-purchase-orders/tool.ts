import { poPipeline } from '../../src/core/po/po-pipeline.ts';
import { completeChangeSetRun, executeChangeSet, planChangeSet, settleChangeSetRun } from '../../src/core/sync/engine.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { changeSetPlan } from '../shared/change-set-plan.ts';
import { executionStatus } from '../shared/write-output.ts';
import { poExecutionText, poOutput, poPreviewText } from './output.ts';
import { syncPurchaseOrdersInput, syncPurchaseOrdersOutput } from './schema.ts';

/** sync_purchase_orders: Sage 300 purchase orders → Intacct, and Intacct PO status → Sage 300, behind the approval gate. */
export const syncPurchaseOrdersTool = defineTool({
  name: 'sync_purchase_orders',
  title: 'Sync purchase orders between Sage 300 and Sage Intacct',
  description:
    'Creates a Sage Intacct Purchase Order (create_potransaction) for every open Sage 300 purchase order not yet there: one line per open PO line for its outstanding quantity (item number as Intacct item, expense account mapped through the account rules for its dimensions), vendor through the vendor cross-reference or mappings/vendors.csv. ' +
    'Then brings Intacct status changes back to Sage 300 through the Web API: a draft holds the Sage 300 PO, a released one releases it, quantities received in Intacct (PO Receivers) become Sage 300 receipts, and a closed Intacct PO completes it. ' +
    'Each write is made exactly once; unknown vendors and unmapped lines go to the exceptions queue and the rest proceed; re-running writes nothing new. ' +
    'Use dry_run: true to preview. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  cli: 'sync po',
  input: syncPurchaseOrdersInput,
  output: syncPurchaseOrdersOutput,
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const deps = ctx.services.purchaseOrders(company);
    const lock = `po:${company}`;
    const planned = await ctx.services.exclusive(lock, () => {
      deps.store.outbox.recoverInFlight();
      return planChangeSet(poPipeline, deps, { company, principal: ctx.principal.name, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry() });
    });
    if (planned.kind === 'settled') {
      const text = poPreviewText(company, planned.preview);
      const message = planned.status === 'dry_run' ? `Dry run, nothing was written.\n${text}` : `Nothing to send.\n${text}`;
      return { kind: 'done', output: poOutput(company, planned.preview, planned.status, { message }) };
    }
    const { preview } = planned;
    return changeSetPlan({
      ctx,
      lock,
      planned,
      totalsByCurrency: preview.totalsByCurrency,
      summaryText: poPreviewText(company, preview),
      progressLabel: 'writes sent',
      settle: (status) => settleChangeSetRun(poPipeline, deps, planned, status),
      output: (status, extra) => poOutput(company, preview, status, extra),
      run: (id, options) => executeChangeSet(poPipeline, deps, id, options),
      finish: (done) => {
        completeChangeSetRun(poPipeline, deps, planned, done);
        return poOutput(company, preview, executionStatus(preview, done), { message: poExecutionText(done), execution: done });
      },
    });
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
