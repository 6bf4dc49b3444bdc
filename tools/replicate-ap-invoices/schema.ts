import { z } from 'zod';
import {
  checkSelection,
  companyArg,
  dateArg,
  dryRunArg,
  executionCountsOut,
  periodArg,
  problemsOut,
  writeHeadOut,
} from '../shared/schemas.ts';

/** Arguments of replicate_ap_invoices: exactly one of period or from+to. */
export const replicateApInvoicesInput = z
  .object({
    period: periodArg.optional().describe('Sage 300 fiscal year and period, YYYY-MM'),
    from: dateArg.optional().describe('First document date, YYYY-MM-DD (with to)'),
    to: dateArg.optional().describe('Last document date, YYYY-MM-DD (with from)'),
    company: companyArg,
    dry_run: dryRunArg,
  })
  .strict()
  .superRefine((v, ctx) => checkSelection(v, ctx, { incremental: false }));

/** Output of replicate_ap_invoices (also of approving an AP change set). */
export const replicateApInvoicesOutput = z.object({
  ...writeHeadOut,
  documents: z.number().int(),
  planned: z.number().int(),
  new: z.number().int(),
  updated: z.number().int(),
  ...executionCountsOut,
  totals_by_currency: z.record(z.string(), z.string()),
  totals_by_vendor: z.array(
    z.object({ vendor: z.string(), name: z.string().optional(), currency: z.string(), bills: z.number().int(), total: z.string() }),
  ),
  payments: z.number().int().describe('AP payments (APPYMT) planned in this change set'),
  payments_waiting: z.number().int().describe('AP payments waiting in the exceptions queue for a bill not yet in Intacct'),
  payment_totals_by_currency: z.record(z.string(), z.string()),
  problems: problemsOut,
});
