import { arPipeline, arExecutionStatus, arPreviewOf, compareArBalances, type ArDeps, type ArExecution, type ArPreview, type OpenBalanceComparison } from '../../src/core/ar/ar-pipeline.ts';
import { executeChangeSet } from '../../src/core/sync/engine.ts';
import type { ChangeSet } from '../../src/core/state/index.ts';
import type { ChangeSetExecutor, ToolContext } from '../../src/governance/tool-definition.ts';
import type { SyncArOutput } from './schema.ts';
import type { PlanOutputExtra } from '../shared/change-set-plan.ts';
import { problemRows, writeHead } from '../shared/write-output.ts';

type Status = SyncArOutput['status'];

/** One-paragraph human summary of an AR plan: counts, totals by currency and customer, and the exceptions. */
export function arPreviewText(company: string, p: ArPreview): string {
  const fmt = (t: Readonly<Record<string, string>>): string => Object.entries(t).map(([c, v]) => `${v} ${c}`).join(', ') || 'nothing';
  const lines = [
    `Change set ${p.changeSetId ?? '-'} for ${company}: create ${p.invoices} AR invoices and ${p.payments} payments in Sage Intacct, ${p.skipped} already there or planned elsewhere, ${p.exceptions} to the exceptions queue (${p.waiting} payments waiting for their invoice).`,
    `Invoice totals (credit notes negative): ${fmt(p.invoiceTotalsByCurrency)}; payments: ${fmt(p.paymentTotalsByCurrency)}. Digest ${p.digest}.`,
  ];
  const customers = p.totalsByCustomer.slice(0, 12).map((c) => `  ${c.customer} ${c.currency}: ${c.invoices} invoices ${c.invoiceTotal}, ${c.payments} payments ${c.paymentTotal}`);
  if (customers.length > 0) lines.push('By customer:', ...customers);
  if (p.totalsByCustomer.length > 12) lines.push(`  … ${p.totalsByCustomer.length - 12} more customers`);
  for (const problem of p.problems.slice(0, 20)) lines.push(`  ! ${problem.class} ${problem.sourceKey}: ${problem.message}`);
  if (p.problems.length > 20) lines.push(`  … ${p.problems.length - 20} more exceptions`);
  return lines.join('\n');
}

function balancesOut(c: OpenBalanceComparison | null): SyncArOutput['open_balances'] {
  if (!c) return null;
  return {
    sage_open: c.sageOpen,
    intacct_open: c.intacctOpen,
    unexplained: c.unexplained,
    by_reason: { ...c.byReason },
    customers: c.customers.map((x) => ({ customer: x.customer, sage_open: x.sageOpen, intacct_open: x.intacctOpen, difference: x.difference, explained: x.explained, unexplained: x.unexplained })),
    differences: c.differences.map((d) => ({ ...d })),
  };
}

/** The comparison when asked for; a failure to read it is reported in the message, never fails the write. */
export async function maybeCompare(deps: ArDeps, company: string, wanted: boolean): Promise<{ comparison: OpenBalanceComparison | null; note: string }> {
  if (!wanted) return { comparison: null, note: '' };
  try {
    const comparison = await compareArBalances(deps, company);
    return { comparison, note: `\nOpen balances: Sage 300 ${comparison.sageOpen}, Intacct ${comparison.intacctOpen}, unexplained ${comparison.unexplained}.` };
  } catch (err) {
    return { comparison: null, note: `\nThe open-balance comparison could not be made: ${(err as Error).message}` };
  }
}

/** The tool output for an AR change set in a given state. */
export function arOutput(company: string, preview: ArPreview, status: Status, extra: PlanOutputExtra & { execution?: ArExecution; comparison?: OpenBalanceComparison | null }): SyncArOutput {
  const ex = extra.execution;
  return {
    ...writeHead(company, preview, status, extra),
    documents: preview.documents,
    receipts: preview.receipts,
    invoices_planned: preview.invoices,
    payments_planned: preview.payments,
    written: ex?.written ?? 0,
    already_applied: ex?.alreadyApplied ?? 0,
    skipped: preview.skipped,
    exceptions: preview.exceptions + (ex?.failed ?? 0) + (ex?.held ?? 0),
    waiting: preview.waiting + (ex?.held ?? 0),
    unknown: ex?.unknown ?? 0,
    not_sent: ex?.notSent ?? 0,
    api_requests: ex?.apiRequests ?? 0,
    invoice_totals_by_currency: { ...preview.invoiceTotalsByCurrency },
    payment_totals_by_currency: { ...preview.paymentTotalsByCurrency },
    totals_by_customer: preview.totalsByCustomer.map((c) => ({ customer: c.customer, currency: c.currency, invoices: c.invoices, invoice_total: c.invoiceTotal, payments: c.payments, payment_total: c.paymentTotal })),
    problems: problemRows(preview.problems),
    open_balances: balancesOut(extra.comparison ?? null),
  };
}

/** The message of a finished execution. */
export function executionMessage(ex: ArExecution): string {
  return `${ex.written} Intacct records created (invoices, then payments), ${ex.alreadyApplied} already applied, ${ex.failed} rejected (see list_exceptions), ${ex.held} payments waiting for an invoice that failed, ${ex.unknown} unresolved${ex.notSent ? `, ${ex.notSent} not sent because the call was cancelled (run sync_ar again)` : ''}.`;
}

/** Executes an approved AR change set (an approval that arrived after the planning call). */
export const arExecutor: ChangeSetExecutor = async (cs: ChangeSet, by, ctx: ToolContext) => {
  const { deps } = ctx.services.receivables(cs.company);
  const preview = arPreviewOf(cs);
  // The approval step already holds the pipeline's lock for this company.
  const ex = await executeChangeSet(arPipeline, deps, cs.id, { principal: by.name, onProgress: (d, t) => ctx.progress(d, t, `${d}/${t} AR records sent`), signal: ctx.signal });
  const { comparison, note } = await maybeCompare(deps, cs.company, true);
  return arOutput(cs.company, preview, arExecutionStatus(preview.exceptions, ex), { message: `Approved by ${by.name}: ${executionMessage(ex)}${note}`, execution: ex, comparison });
};
