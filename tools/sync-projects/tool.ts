import { projectsPipeline } from '../../src/core/projects/project-pipeline.ts';
import { completeChangeSetRun, executeChangeSet, planChangeSet, settleChangeSetRun } from '../../src/core/sync/engine.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { changeSetPlan } from '../shared/change-set-plan.ts';
import { executionStatus } from '../shared/write-output.ts';
import { executionMessage, projectOutput, projectPreviewText } from './output.ts';
import { syncProjectsInput, syncProjectsOutput } from './schema.ts';

/** sync_projects: Sage 300 PM contracts, projects, costs, revenue and milestone billing → Intacct, behind the approval gate. */
export const syncProjectsTool = defineTool({
  name: 'sync_projects',
  title: 'Sync Sage 300 projects to Sage Intacct',
  description:
    'Brings Sage 300 Project and Job Costing into Sage Intacct for one company: each contract becomes a parent PROJECT (PROJECTID = contract code) and each contract project a child PROJECT (PROJECTID = CONTRACT-PROJECT) with customer, department/location, dates and active/inactive status. ' +
    'Actual costs and recognised revenue (PMTRAN) are tagged to the projects by one reclass entry per project and fiscal period (Dr/Cr the same account, with and without PROJECTID), because the GL sync already posted the amounts: the trial balance does not change. ' +
    'Each reached milestone (a posted billing-worksheet line) creates exactly one Intacct AR invoice, shared with sync_ar so it is never created twice; pending milestones create nothing. ' +
    'Re-runs write nothing new; bad records go to the exceptions queue and the rest proceed. Use dry_run: true first. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  cli: 'sync projects',
  input: syncProjectsInput,
  output: syncProjectsOutput,
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const deps = ctx.services.projects(company);
    const planned = await ctx.services.exclusive(`projects:${company}`, () =>
      planChangeSet(projectsPipeline, deps, { company, principal: ctx.principal.name, dryRun: args.dry_run, expiresAt: ctx.approvalExpiry(), ...(args.journal ? { journal: args.journal } : {}) }),
    );
    if (planned.kind === 'settled') {
      const p = planned.preview;
      const message =
        planned.status === 'dry_run'
          ? `Dry run: ${p.toSend} Intacct writes would be planned (${p.projectsCreated + p.projectsUpdated} projects, ${p.entries} tagging entries, ${p.invoices} milestone invoices), ${p.skipped} already in sync, ${p.exceptions} would go to the exceptions queue. Nothing was written.`
          : `Nothing to send: ${p.skipped} records already in sync, ${p.exceptions} in the exceptions queue.`;
      return { kind: 'done', output: projectOutput(company, p, planned.status, { message }) };
    }
    const { preview } = planned;
    return changeSetPlan({
      ctx,
      lock: `projects:${company}`,
      planned,
      totalsByCurrency: preview.volumeByCurrency,
      summaryText: projectPreviewText(company, preview),
      progressLabel: 'writes sent',
      settle: (status) => settleChangeSetRun(projectsPipeline, deps, planned, status),
      output: (status, extra) => projectOutput(company, preview, status, extra),
      run: (id, options) => executeChangeSet(projectsPipeline, deps, id, options),
      finish: (done) => {
        completeChangeSetRun(projectsPipeline, deps, planned, done);
        return projectOutput(company, preview, executionStatus(preview, done), { message: executionMessage(done), execution: done });
      },
    });
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
