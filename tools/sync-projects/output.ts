import { projectsPipeline, projectPreviewOf, type ProjectExecution, type ProjectPreview } from '../../src/core/projects/project-pipeline.ts';
import { executeChangeSet } from '../../src/core/sync/engine.ts';
import type { ChangeSet } from '../../src/core/state/index.ts';
import type { ChangeSetExecutor, ToolContext } from '../../src/governance/tool-definition.ts';
import type { SyncProjectsOutput } from './schema.ts';
import type { PlanOutputExtra } from '../shared/change-set-plan.ts';
import { executionCounts, executionStatus, problemRows, writeHead } from '../shared/write-output.ts';

type Status = SyncProjectsOutput['status'];

/** A few lines a person reads before approving: what is written, totals per project, the exceptions. */
export function projectPreviewText(company: string, p: ProjectPreview): string {
  const lines = [
    `Change set ${p.changeSetId ?? '-'} for ${company}: ${p.projectsCreated} projects to create and ${p.projectsUpdated} to update in Sage Intacct, ${p.entries} project-tagging reclass entries (net zero per account), ${p.invoices} milestone invoices, ${p.projectsClosed} projects to deactivate afterwards; ${p.skipped} already in sync, ${p.exceptions} to the exceptions queue.`,
    `Digest ${p.digest}.`,
  ];
  const totals = p.totalsByProject.slice(0, 12).map((t) => `  ${t.projectId}: cost ${t.cost}, revenue ${t.revenue}, invoiced ${t.invoiced}`);
  if (totals.length > 0) lines.push('Tagged per project:', ...totals);
  if (p.totalsByProject.length > 12) lines.push(`  … ${p.totalsByProject.length - 12} more projects`);
  for (const problem of p.problems.slice(0, 20)) lines.push(`  ! ${problem.class} ${problem.sourceKey}: ${problem.message}`);
  if (p.problems.length > 20) lines.push(`  … ${p.problems.length - 20} more exceptions`);
  return lines.join('\n');
}

/** The tool output for a projects plan in a given state. */
export function projectOutput(company: string, p: ProjectPreview, status: Status, extra: PlanOutputExtra & { execution?: ProjectExecution }): SyncProjectsOutput {
  const ex = extra.execution;
  return {
    ...writeHead(company, p, status, extra),
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
    ...executionCounts(p, ex),
    totals_by_project: p.totalsByProject.map((t) => ({ project_id: t.projectId, cost: t.cost, revenue: t.revenue, invoiced: t.invoiced })),
    problems: problemRows(p.problems),
  };
}

/** One line on what an execution did. */
export function executionMessage(ex: ProjectExecution): string {
  return `${ex.written} Intacct writes made (projects, tagging entries, invoices), ${ex.alreadyApplied} already applied, ${ex.failed} rejected (see list_exceptions), ${ex.unknown} unresolved${ex.notSent ? `, ${ex.notSent} not sent because the call was cancelled` : ''}.`;
}

/** Executes an approved projects change set (an approval that arrived after the planning call). */
export const projectsExecutor: ChangeSetExecutor = async (cs: ChangeSet, by, ctx: ToolContext) => {
  const deps = ctx.services.projects(cs.company);
  const preview = projectPreviewOf(cs);
  const ex = await executeChangeSet(projectsPipeline, deps, cs.id, { principal: by.name, onProgress: (d, t) => ctx.progress(d, t, `${d}/${t} writes sent`), signal: ctx.signal });
  return projectOutput(cs.company, preview, executionStatus(preview, ex), { message: `Approved by ${by.name}: ${executionMessage(ex)}`, execution: ex });
};
