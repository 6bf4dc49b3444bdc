import { apPipeline, apPreviewOf, type ApExecution, type ApPreview } from '../../src/core/ap/ap-pipeline.ts';
import { executeChangeSet } from '../../src/core/sync/engine.ts';
import type { ChangeSet } from '../../src/core/state/index.ts';
import type { ChangeSetExecutor, ToolContext } from '../../src/governance/tool-definition.ts';
import type { ReplicateApInvoicesOutput } from './schema.ts';
import type { PlanOutputExtra } from '../shared/change-set-plan.ts';
import { executionCounts, executionStatus, problemRows, writeHead } from '../shared/write-output.ts';

type Status = ReplicateApInvoicesOutput['status'];

/** One-paragraph human summary of an AP plan: counts, totals by currency and vendor, and the exceptions. */
export function apPreviewText(company: string, p: ApPreview): string {
  const totals = Object.entries(p.totalsByCurrency).map(([c, t]) => `${t} ${c}`).join(', ') || 'nothing';
  const lines = [
    `Change set ${p.changeSetId ?? '-'} for ${company}: create ${p.toSend} bills in Sage Intacct (${p.created} new, ${p.updated} updated), ${p.skipped} already there, ${p.exceptions} to the exceptions queue.`,
    `Bill totals (credit notes negative): ${totals}. Digest ${p.digest}.`,
  ];
  const vendors = p.totalsByVendor.slice(0, 12).map((v) => `  ${v.vendor} ${v.currency}: ${v.bills} bills, ${v.total}`);
  if (vendors.length > 0) lines.push('By vendor:', ...vendors);
  if (p.totalsByVendor.length > 12) lines.push(`  … ${p.totalsByVendor.length - 12} more vendors`);
  for (const problem of p.problems.slice(0, 20)) lines.push(`  ! ${problem.class} ${problem.sourceKey}: ${problem.message}`);
  if (p.problems.length > 20) lines.push(`  … ${p.problems.length - 20} more exceptions`);
  return lines.join('\n');
}

/** The tool output for an AP change set in a given state. */
export function apOutput(company: string, preview: ApPreview, status: Status, extra: PlanOutputExtra & { execution?: ApExecution }): ReplicateApInvoicesOutput {
  const ex = extra.execution;
  return {
    ...writeHead(company, preview, status, extra),
    documents: preview.documents,
    planned: preview.toSend,
    new: preview.created,
    updated: preview.updated,
    ...executionCounts(preview, ex),
    totals_by_currency: { ...preview.totalsByCurrency },
    totals_by_vendor: preview.totalsByVendor.map((v) => ({ ...v })),
    problems: problemRows(preview.problems),
  };
}

/** Executes an approved AP change set (an approval that arrived after the planning call). */
export const apExecutor: ChangeSetExecutor = async (cs: ChangeSet, by, ctx: ToolContext) => {
  const { deps } = ctx.services.ap(cs.company);
  const preview = apPreviewOf(cs);
  const ex = await executeChangeSet(apPipeline, deps, cs.id, { principal: by.name, onProgress: (d, t) => ctx.progress(d, t, `${d}/${t} bills sent`), signal: ctx.signal });
  const status = executionStatus(preview, ex);
  return apOutput(cs.company, preview, status, {
    message: `Approved by ${by.name}: ${ex.written} bills created, ${ex.alreadyApplied} already applied, ${ex.failed} rejected, ${ex.unknown} unresolved${ex.notSent ? `, ${ex.notSent} not sent because the call was cancelled (run replicate_ap_invoices again to plan them)` : ''}.`,
    execution: ex,
  });
};
