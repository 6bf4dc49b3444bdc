import { completeVendorRun, executeVendorChangeSet, planVendorSync, settleVendorRun, vendorPreviewText } from '../../src/core/vendors/index.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { executionText, vendorOutput } from './output.ts';
import { syncVendorsInput, syncVendorsOutput } from './schema.ts';

/** sync_vendors: two-way vendor master sync (Sage 300 APVEN ↔ Intacct VENDOR) behind the approval gate. */
export const syncVendorsTool = defineTool({
  name: 'sync_vendors',
  title: 'Sync vendors between Sage 300 and Sage Intacct',
  description:
    'Finds vendors created, changed or deactivated in Sage 300 (APVEN) or Sage Intacct (VENDOR) since the last sync and plans the matching creates, updates and deactivations on the other side (never deletes; each write exactly once; our own writes are never synced back). ' +
    'A vendor changed on both sides is a conflict and a probable duplicate (same name and tax id) is never created twice: both go to the exceptions queue. ' +
    'Bank and remittance changes go into a separate change set that needs two approvers other than the requester. Use dry_run: true to preview counts. ' +
    'A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver.',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  input: syncVendorsInput,
  output: syncVendorsOutput,
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const deps = ctx.services.vendors(company);
    const lock = `vendors:${company}`;
    const planned = await ctx.services.exclusive(lock, () => {
      deps.store.outbox.recoverInFlight();
      return planVendorSync(deps, { company, principal: ctx.principal.name, direction: args.direction, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry() });
    });
    if (planned.kind === 'settled') {
      const text = vendorPreviewText(company, planned.preview);
      const message = planned.status === 'dry_run' ? `Dry run, nothing was written.\n${text}` : `Nothing to send now.\n${text}`;
      return { kind: 'done', output: vendorOutput(company, planned.preview, planned.status, { message }) };
    }
    const { changeSet, preview } = planned;
    const text = vendorPreviewText(company, preview);
    return {
      kind: 'change_set',
      plan: {
        changeSet,
        totalsByCurrency: {},
        summaryText: text,
        pending: (policy, reason) => {
          settleVendorRun(deps, planned, 'awaiting_approval');
          return vendorOutput(company, preview, 'pending_approval', { message: `${text}\nWaiting for approval: ${reason}. An approver calls approve_change_set with change_set_id ${changeSet.id}.`, policy: policy.source, expiresAt: changeSet.expiresAt });
        },
        rejected: (reason) => {
          settleVendorRun(deps, planned, 'rejected');
          return vendorOutput(company, preview, 'rejected', { message: `Change set ${changeSet.id} was not sent: ${reason}.` });
        },
        execute: async (by) => {
          const done = await ctx.services.exclusive(lock, () => executeVendorChangeSet(deps, changeSet.id, { principal: by.name, runId: planned.runId, signal: ctx.signal }));
          const summary = completeVendorRun(deps, planned, done);
          return vendorOutput(company, preview, summary.status === 'awaiting_approval' ? 'pending_approval' : summary.status, { message: `${text}\n${executionText(done)}`, execution: done });
        },
      },
    };
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
