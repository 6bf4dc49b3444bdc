import { poPipeline, poPreviewOf, type PoExecution, type PoPreview } from '../../src/core/po/po-pipeline.ts';
import { executeChangeSet } from '../../src/core/sync/engine.ts';
import type { ChangeSet } from '../../src/core/state/index.ts';
import type { ChangeSetExecutor, ToolContext } from '../../src/governance/tool-definition.ts';
import type { SyncPurchaseOrdersOutput } from './schema.ts';
import type { PlanOutputExtra } from '../shared/change-set-plan.ts';
import { executionCounts, executionStatus, problemRows, writeHead } from '../shared/write-output.ts';

type Status = SyncPurchaseOrdersOutput['status'];

/** A few lines an approver reads: counts, open commitment by currency, the status writes and the exceptions. */
export function poPreviewText(company: string, p: PoPreview): string {
  const totals = Object.entries(p.totalsByCurrency).map(([c, t]) => `${t} ${c}`).join(', ') || 'nothing';
  const lines = [
    `Change set ${p.changeSetId ?? '-'} for ${company}: create ${p.toCreate} purchase orders in Sage Intacct (open commitment ${totals}) and make ${p.statusWrites} status writes in Sage 300; ${p.skipped} unchanged, ${p.exceptions} to the exceptions queue.`,
    `Digest ${p.digest || '-'}.`,
  ];
  for (const s of p.statusLines.slice(0, 20)) lines.push(`  ~ ${s}`);
  if (p.statusLines.length > 20) lines.push(`  … ${p.statusLines.length - 20} more status writes`);
  for (const problem of p.problems.slice(0, 20)) lines.push(`  ! ${problem.class} ${problem.sourceKey}: ${problem.message}`);
  if (p.problems.length > 20) lines.push(`  … ${p.problems.length - 20} more exceptions`);
  return lines.join('\n');
}

/** The tool output for a PO plan in a given state. */
export function poOutput(company: string, preview: PoPreview, status: Status, extra: PlanOutputExtra & { execution?: PoExecution }): SyncPurchaseOrdersOutput {
  const ex = extra.execution;
  return {
    ...writeHead(company, preview, status, extra),
    orders: preview.orders,
    planned: preview.toCreate + preview.statusWrites,
    to_create: preview.toCreate,
    status_writes: preview.statusWrites,
    ...executionCounts(preview, ex),
    totals_by_currency: { ...preview.totalsByCurrency },
    status_changes: [...preview.statusLines],
    problems: problemRows(preview.problems),
  };
}

/** A one-line account of an execution. */
export function poExecutionText(ex: PoExecution): string {
  return `${ex.written} writes made (Intacct purchase orders and Sage 300 status), ${ex.alreadyApplied} already applied, ${ex.failed} rejected (see list_exceptions), ${ex.unknown} unresolved${ex.notSent ? `, ${ex.notSent} not sent because the call was cancelled` : ''}.`;
}

/** Executes an approved PO change set (an approval that arrived after the planning call). */
export const poExecutor: ChangeSetExecutor = async (cs: ChangeSet, by, ctx: ToolContext) => {
  const deps = ctx.services.purchaseOrders(cs.company);
  const preview = poPreviewOf(cs);
  // The approval service already holds the pipeline's lock (`po:<company>`) around this call.
  const ex = await executeChangeSet(poPipeline, deps, cs.id, { principal: by.name, onProgress: (d, t) => ctx.progress(d, t, `${d}/${t} writes sent`), signal: ctx.signal });
  return poOutput(cs.company, preview, executionStatus(preview, ex), { message: `Approved by ${by.name}: ${poExecutionText(ex)}`, execution: ex });
};
