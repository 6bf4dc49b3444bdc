import { apPipeline } from '../../src/core/ap/ap-pipeline.ts';
import { defineChangeSetTool } from '../../src/governance/change-set-tool.ts';
import { selectionOf } from '../shared/selection.ts';
import { executionCounts, problemRows, queueCounts, writeHead } from '../shared/write-output.ts';
import { replicateApInvoicesInput, replicateApInvoicesOutput } from './schema.ts';

/** replicate_ap_invoices: the AP pipeline (posted Sage 300 invoices, debit and credit notes → Intacct APBILL) behind the approval gate. */
export const replicateApInvoicesTool = defineChangeSetTool({
  name: 'replicate_ap_invoices',
  title: 'Replicate Sage 300 AP invoices to Sage Intacct bills',
  description:
    'Creates Sage Intacct bills (APBILL) from posted Sage 300 AP invoices, debit notes and credit notes (credit notes as negative bills) for one fiscal period (period: "YYYY-MM") or a document-date range (from/to), ' +
    'then Intacct AP payments (APPYMT) from the posted Sage 300 payments of the same selection, applied to those bills (a payment whose bill is not in Intacct yet waits in the exceptions queue). ' +
    'Vendors must already exist in Intacct (vendor cross-reference or mappings/vendors.csv); accounts, dimensions, tax groups and payment terms are mapped by the mapping tables. ' +
    'Duplicates (same vendor and invoice number, ignoring case, spaces, punctuation and leading zeros) already in Intacct or repeated in the selection are held back. ' +
    'Each document is created at most once; anything unmapped or duplicate goes to the exceptions queue and the rest proceed. ' +
    'Use dry_run: true first to preview counts and totals by vendor. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  cli: 'sync ap',
  input: replicateApInvoicesInput,
  output: replicateApInvoicesOutput,
  pipeline: apPipeline,
  deps: (services, company) => services.ap(company).deps,
  request: (args, base) => ({ ...base, selection: selectionOf(args) }),
  presentation: {
    progress: 'bills and payments sent',
    written: 'bills and payments created in Intacct',
    preview: (p) => ({
      writes: `create ${p.toSend - p.payments} bills and ${p.payments} AP payments in Sage Intacct (${p.created} new, ${p.updated} updated)`,
      counts: queueCounts(p),
      totals: [
        { label: 'Bill totals (credit notes negative)', byCurrency: p.totalsByCurrency },
        { label: 'AP payments applied to bills', byCurrency: p.paymentTotalsByCurrency },
      ],
      breakdown: {
        title: 'By vendor',
        noun: 'vendors',
        lines: p.totalsByVendor.map((v) => `${v.vendor}${v.name ? ` ${v.name}` : ''} ${v.currency}: ${v.bills} bills, ${v.total}`),
      },
      problems: p.problems,
      actions: { create: p.created, update: p.updated, skip: p.skipped + p.foundInIntacct },
      named: [
        ...p.totalsByVendor.map((v) => ({
          by: 'vendor' as const,
          id: v.vendor,
          name: v.name ?? '',
          currency: v.currency,
          amount: v.total,
        })),
        ...Object.entries(p.totalsByCurrency).map(([c, amount]) => ({ by: 'currency' as const, id: c, name: c, currency: c, amount })),
      ],
    }),
    // Gross volume, not the net: credit notes must not net a batch under an `auto` approval limit.
    policyTotals: (p) => p.volumeByCurrency,
    output: (company, p, status, facts) => ({
      ...writeHead(company, p, status, facts),
      documents: p.documents,
      planned: p.toSend,
      new: p.created,
      updated: p.updated,
      ...executionCounts(p, facts.execution),
      totals_by_currency: { ...p.totalsByCurrency },
      totals_by_vendor: p.totalsByVendor.map((v) => ({ ...v })),
      payments: p.payments,
      payments_waiting: p.paymentsWaiting,
      payment_totals_by_currency: { ...p.paymentTotalsByCurrency },
      problems: problemRows(p.problems),
    }),
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
