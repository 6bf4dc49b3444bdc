import { z } from 'zod';
import { checkSelection, companyArg, dateArg, dryRunArg, periodArg, problemsOut, writeHeadOut } from '../shared/schemas.ts';

/** Arguments of sync_ar: exactly one of period, from+to, or incremental. */
export const syncArInput = z
  .object({
    period: periodArg.optional().describe('Sage 300 fiscal period of the documents, YYYY-MM (receipts: the month of the receipt date)'),
    from: dateArg.optional().describe('First document / receipt date, YYYY-MM-DD (with to)'),
    to: dateArg.optional().describe('Last document / receipt date, YYYY-MM-DD (with from)'),
    incremental: z.boolean().optional().describe('Everything posted that is not yet in Intacct (cross-references skip what is)'),
    company: companyArg,
    dry_run: dryRunArg,
    compare: z
      .boolean()
      .default(true)
      .describe('Include the open-balance comparison per customer (reads Sage 300 open items and Intacct invoices)'),
  })
  .strict()
  .superRefine((v, ctx) => checkSelection(v, ctx, { incremental: true }));

const money = z.string();

/** The open-balance comparison as the tool reports it. */
const openBalancesOut = z.object({
  sage_open: money,
  intacct_open: money,
  unexplained: money,
  by_reason: z.record(z.string(), money),
  customers: z.array(
    z.object({ customer: z.string(), sage_open: money, intacct_open: money, difference: money, explained: money, unexplained: money }),
  ),
  differences: z.array(z.object({ customer: z.string(), key: z.string(), reason: z.string(), amount: money, note: z.string() })),
});

/** Output of sync_ar (also of approving an AR change set). */
export const syncArOutput = z.object({
  ...writeHeadOut,
  documents: z.number().int(),
  receipts: z.number().int(),
  invoices_planned: z.number().int(),
  payments_planned: z.number().int(),
  written: z.number().int(),
  already_applied: z.number().int(),
  skipped: z.number().int(),
  found_in_intacct: z.number().int().describe('invoices and payments with no cross-reference found already in Intacct: linked, not sent'),
  exceptions: z.number().int(),
  waiting: z.number().int(),
  unknown: z.number().int(),
  not_sent: z.number().int(),
  api_requests: z.number().int(),
  invoice_totals_by_currency: z.record(z.string(), money),
  payment_totals_by_currency: z.record(z.string(), money),
  totals_by_customer: z.array(
    z.object({
      customer: z.string(),
      name: z.string().optional(),
      currency: z.string(),
      invoices: z.number().int(),
      invoice_total: money,
      payments: z.number().int(),
      payment_total: money,
    }),
  ),
  problems: problemsOut,
  open_balances: openBalancesOut.nullable(),
});

export type SyncArOutput = z.output<typeof syncArOutput>;
