import { executePoChangeSet, poPreviewOf, type PoExecution, type PoPreview } from '../../src/core/po/po-pipeline.ts';
import type { ChangeSet } from '../../src/core/state/index.ts';
import type { ChangeSetExecutor, ToolContext } from '../../src/governance/tool-definition.ts';
import type { SyncPurchaseOrdersOutput } from './schema.ts';

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
export function poOutput(company: string, preview: PoPreview, status: Status, extra: { message: string; policy?: string | null; expiresAt?: string | null; execution?: PoExecution }): SyncPurchaseOrdersOutput {
  const ex = extra.execution;
  return {
    status,
    company,
    change_set_id: preview.changeSetId,
    digest: preview.changeSetId === null ? null : preview.digest,
    message: extra.message,
    policy: extra.policy ?? null,
    expires_at: extra.expiresAt ?? null,
    orders: preview.orders,
    planned: preview.toCreate + preview.statusWrites,
    to_create: preview.toCreate,
    status_writes: preview.statusWrites,
    written: ex?.written ?? 0,
    already_applied: ex?.alreadyApplied ?? 0,
    skipped: preview.skipped,
    exceptions: preview.exceptions + (ex?.failed ?? 0),
    unknown: ex?.unknown ?? 0,
    not_sent: ex?.notSent ?? 0,
    api_requests: ex?.apiRequests ?? 0,
    totals_by_currency: { ...preview.totalsByCurrency },
    status_changes: [...preview.statusLines],
    problems: preview.problems.map((p) => ({ source_key: p.sourceKey, class: p.class, message: p.message })),
  };
}

/** The status a finished execution reports. */
export function poExecutionStatus(preview: PoPreview, ex: PoExecution): Status {
  if (ex.notSent > 0) return 'cancelled';
  return preview.exceptions + ex.failed + ex.unknown === 0 ? 'completed' : 'partial';
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
  const ex = await executePoChangeSet(deps, cs.id, { principal: by.name, onProgress: (d, t) => ctx.progress(d, t, `${d}/${t} writes sent`), signal: ctx.signal });
  return poOutput(cs.company, preview, poExecutionStatus(preview, ex), { message: `Approved by ${by.name}: ${poExecutionText(ex)}`, execution: ex });
};
