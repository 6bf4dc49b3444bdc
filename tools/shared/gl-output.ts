import { glPipeline, glPreviewOf, type GlExecution, type GlPreview, type GlSyncSummary } from '../../src/core/gl/gl-pipeline.ts';
import type { ChangeSet } from '../../src/core/state/index.ts';
import { executeChangeSet } from '../../src/core/sync/engine.ts';
import type { ChangeSetExecutor, ToolContext } from '../../src/governance/tool-definition.ts';
import type { PostJournalEntriesOutput } from '../post-journal-entries/schema.ts';
import type { PlanOutputExtra } from './change-set-plan.ts';
import { executionCounts, executionStatus, problemRows, writeHead } from './write-output.ts';

type Status = PostJournalEntriesOutput['status'];

/** One-paragraph human summary of a GL plan: counts, totals by currency and account, and every exception listed. */
export function glPreviewText(company: string, p: GlPreview): string {
  const totals = Object.entries(p.totalsByCurrency).map(([c, t]) => `${t} ${c}`).join(', ') || 'nothing';
  const lines = [
    `Change set ${p.changeSetId ?? '-'} for ${company}: create ${p.toSend} journal entries in Sage Intacct (${p.created} new, ${p.updated} updated), ${p.skipped} already there, ${p.exceptions} to the exceptions queue.`,
    `Debit totals: ${totals}. Digest ${p.digest}.`,
  ];
  const accounts = p.totalsByAccount.slice(0, 12).map((a) => `  ${a.account} ${a.currency}: Dr ${a.debit} / Cr ${a.credit}`);
  if (accounts.length > 0) lines.push('By account:', ...accounts);
  if (p.totalsByAccount.length > 12) lines.push(`  … ${p.totalsByAccount.length - 12} more accounts`);
  for (const problem of p.problems.slice(0, 20)) lines.push(`  ! ${problem.class} ${problem.sourceKey}: ${problem.message}`);
  if (p.problems.length > 20) lines.push(`  … ${p.problems.length - 20} more exceptions`);
  return lines.join('\n');
}

/** The tool output for a GL change set in a given state. */
export function glOutput(
  company: string,
  preview: GlPreview,
  status: Status,
  extra: PlanOutputExtra & { execution?: GlExecution; summary?: GlSyncSummary },
): PostJournalEntriesOutput {
  const ex = extra.execution;
  return {
    ...writeHead(company, preview, status, extra),
    entries: preview.entries,
    planned: preview.toSend,
    new: preview.created,
    updated: preview.updated,
    ...executionCounts(preview, ex),
    totals_by_currency: { ...preview.totalsByCurrency },
    totals_by_account: preview.totalsByAccount.map((a) => ({ ...a })),
    problems: problemRows(preview.problems),
  };
}

/** Executes an approved GL change set (an approval that arrived after the planning call) under the company lock. */
export const glExecutor: ChangeSetExecutor = async (cs: ChangeSet, by, ctx: ToolContext) => {
  const { deps } = ctx.services.gl(cs.company);
  const preview = glPreviewOf(cs);
  const ex = await executeChangeSet(glPipeline, deps, cs.id, { principal: by.name, onProgress: (d, t) => ctx.progress(d, t, `${d}/${t} journal entries sent`), signal: ctx.signal });
  const status = executionStatus(preview, ex);
  return glOutput(cs.company, preview, status, { message: `Approved by ${by.name}: ${ex.written} created, ${ex.alreadyApplied} already applied, ${ex.failed} rejected, ${ex.unknown} unresolved${ex.notSent ? `, ${ex.notSent} not sent because the call was cancelled (run post_journal_entries again to plan them)` : ''}.`, execution: ex });
};
