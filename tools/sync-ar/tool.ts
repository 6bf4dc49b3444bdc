import { arPipeline } from '../../src/core/ar/ar-pipeline.ts';
import type { ArSelection } from '../../src/core/ports/ar-ports.ts';
import { defineChangeSetTool } from '../../src/governance/change-set-tool.ts';
import { selectionOf } from '../shared/selection.ts';
import { problemRows, queueCounts, writeHead } from '../shared/write-output.ts';
import { balancesOut, maybeCompare } from './open-balances.ts';
import { syncArInput, syncArOutput } from './schema.ts';

/** sync_ar: Sage 300 AR documents and receipts -> Intacct AR invoices and applied payments, behind the approval gate. */
export const syncArTool = defineChangeSetTool({
  name: 'sync_ar',
  title: 'Sync Sage 300 AR invoices and payments to Sage Intacct',
  description:
    'Creates Sage Intacct AR invoices from posted Sage 300 AR invoices, debit notes and credit notes (credit notes as negative invoices; invoice number = Sage 300 document number), ' +
    'then Intacct AR payments (ARPYMT) applied to those invoices from Sage 300 receipts and their applications, for one fiscal period (period: "YYYY-MM"), a date range (from/to) or incremental: true (everything not yet in Intacct). ' +
    'Customers come from the customer cross-reference (sync_customers) or mappings/customers.csv; accounts, dimensions and terms from the mapping tables. ' +
    'Each document and receipt is written at most once; unmapped records go to the exceptions queue and the rest proceed; a payment whose invoice is not in Intacct waits (never half-applied). ' +
    'The result includes an open-balance comparison per customer (Sage 300 open items vs Intacct TOTALDUE) with every difference explained. ' +
    'Use dry_run: true first. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  cli: 'sync ar',
  input: syncArInput,
  output: syncArOutput,
  pipeline: arPipeline,
  deps: (services, company) => services.receivables(company).deps,
  request: (args, base) => ({ ...base, selection: selectionOf(args, { kind: 'all' } as const) satisfies ArSelection }),
  presentation: {
    progress: 'AR records sent',
    written: 'Intacct records created (invoices, then payments)',
    preview: (p) => ({
      writes: `create ${p.invoices} AR invoices and ${p.payments} payments in Sage Intacct`,
      counts: [...queueCounts(p, 'already there or planned elsewhere'), `${p.waiting} payments waiting for their invoice`],
      totals: [
        { label: 'Invoice totals (credit notes negative)', byCurrency: p.invoiceTotalsByCurrency },
        { label: 'Payments', byCurrency: p.paymentTotalsByCurrency },
      ],
      breakdown: {
        title: 'By customer',
        noun: 'customers',
        lines: p.totalsByCustomer.map(
          (c) =>
            `${c.customer}${c.name ? ` ${c.name}` : ''} ${c.currency}: ${c.invoices} invoices ${c.invoiceTotal}, ${c.payments} payments ${c.paymentTotal}`,
        ),
      },
      problems: p.problems,
      actions: { create: p.invoices + p.payments, update: 0, skip: p.skipped + (p.foundInIntacct ?? 0) },
      named: [
        ...p.totalsByCustomer.map((c) => ({
          by: 'customer' as const,
          id: c.customer,
          name: c.name ?? '',
          currency: c.currency,
          amount: c.invoiceTotal,
        })),
        ...Object.entries(p.invoiceTotalsByCurrency).map(([c, amount]) => ({
          by: 'currency' as const,
          id: c,
          name: c,
          currency: c,
          amount,
        })),
      ],
    }),
    // Gross volume (absolute invoices plus payments): credit notes must not net a batch under an `auto` limit.
    policyTotals: (p) => p.volumeByCurrency,
    // Asked for by the call (`compare`), always after a later approval.
    extra: (deps, company, args) => maybeCompare(deps, company, args?.compare ?? true),
    output: (company, p, status, facts, ex = facts.execution) => ({
      ...writeHead(company, p, status, facts),
      documents: p.documents,
      receipts: p.receipts,
      invoices_planned: p.invoices,
      payments_planned: p.payments,
      written: ex?.written ?? 0,
      already_applied: ex?.alreadyApplied ?? 0,
      skipped: p.skipped,
      found_in_intacct: p.foundInIntacct,
      exceptions: p.exceptions + (ex?.failed ?? 0) + (ex?.held ?? 0),
      waiting: p.waiting + (ex?.held ?? 0),
      unknown: ex?.unknown ?? 0,
      not_sent: ex?.notSent ?? 0,
      api_requests: ex?.apiRequests ?? 0,
      invoice_totals_by_currency: { ...p.invoiceTotalsByCurrency },
      payment_totals_by_currency: { ...p.paymentTotalsByCurrency },
      totals_by_customer: p.totalsByCustomer.map((c) => ({
        customer: c.customer,
        name: c.name ?? '',
        currency: c.currency,
        invoices: c.invoices,
        invoice_total: c.invoiceTotal,
        payments: c.payments,
        payment_total: c.paymentTotal,
      })),
      problems: problemRows(p.problems),
      open_balances: balancesOut(facts.extra),
    }),
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
