import { projectsPipeline } from '../../src/core/projects/project-pipeline.ts';
import { defineChangeSetTool } from '../../src/governance/change-set-tool.ts';
import { executionCounts, problemRows, queueCounts, writeHead } from '../shared/write-output.ts';
import { syncProjectsInput, syncProjectsOutput } from './schema.ts';

/** sync_projects: Sage 300 PM contracts, projects, costs, revenue and milestone billing → Intacct, behind the approval gate. */
export const syncProjectsTool = defineChangeSetTool({
  name: 'sync_projects',
  title: 'Sync Sage 300 projects to Sage Intacct',
  description:
    'Brings Sage 300 Project and Job Costing into Sage Intacct for one company: each contract becomes a parent PROJECT (PROJECTID = contract code) and each contract project a child PROJECT (PROJECTID = CONTRACT-PROJECT) with customer, department/location, dates and active/inactive status. ' +
    'Actual costs and recognised revenue (PMTRAN) are tagged to the projects by one reclass entry per project and fiscal period (Dr/Cr the same account, with and without PROJECTID), because the GL sync already posted the amounts: the trial balance does not change. ' +
    'Each reached milestone (a posted billing-worksheet line) creates exactly one Intacct AR invoice, shared with sync_ar so it is never created twice; pending milestones create nothing. ' +
    'Re-runs write nothing new; bad records go to the exceptions queue and the rest proceed. Use dry_run: true first. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  cli: 'sync projects',
  input: syncProjectsInput,
  output: syncProjectsOutput,
  pipeline: projectsPipeline,
  deps: (services, company) => services.projects(company),
  request: (args, base) => ({ ...base, ...(args.journal ? { journal: args.journal } : {}) }),
  presentation: {
    progress: 'writes sent',
    written: 'Intacct writes made (projects, tagging entries, invoices)',
    preview: (p) => ({
      writes: `${p.projectsCreated} projects to create and ${p.projectsUpdated} to update in Sage Intacct, ${p.entries} project-tagging reclass entries (net zero per account), ${p.invoices} milestone invoices, ${p.projectsClosed} projects to deactivate afterwards`,
      counts: queueCounts(p, 'already in sync'),
      totals: [],
      breakdown: {
        title: 'Tagged per project',
        noun: 'projects',
        lines: p.totalsByProject.map(
          (t) =>
            `${t.projectId}${t.name ? ` ${t.name}` : ''}${t.currency ? ` ${t.currency}` : ''}: cost ${t.cost}, revenue ${t.revenue}, invoiced ${t.invoiced}`,
        ),
      },
      problems: p.problems,
      actions: {
        create: p.projectsCreated + p.entries + p.invoices,
        update: p.projectsUpdated + p.projectsClosed,
        skip: p.skipped + (p.foundInIntacct ?? 0),
      },
      named: p.totalsByProject.map((t) => ({
        by: 'project' as const,
        id: t.projectId,
        name: t.name ?? '',
        currency: t.currency ?? '',
        amount: t.cost,
      })),
    }),
    policyTotals: (p) => p.volumeByCurrency,
    output: (company, p, status, facts) => ({
      ...writeHead(company, p, status, facts),
      contracts: p.contracts,
      projects: p.projects,
      transactions: p.transactions,
      milestones_reached: p.milestonesReached,
      planned: p.toSend,
      projects_created: p.projectsCreated,
      projects_updated: p.projectsUpdated,
      projects_closed: p.projectsClosed,
      entries: p.entries,
      invoices: p.invoices,
      ...executionCounts(p, facts.execution),
      totals_by_project: p.totalsByProject.map((t) => ({
        project_id: t.projectId,
        cost: t.cost,
        revenue: t.revenue,
        invoiced: t.invoiced,
      })),
      problems: problemRows(p.problems),
    }),
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
