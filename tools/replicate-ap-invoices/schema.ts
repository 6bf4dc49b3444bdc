import { z } from 'zod';
import { checkSelection, companyArg, dateArg, periodArg, writeStatus } from '../shared/schemas.ts';

/** Arguments of replicate_ap_invoices: exactly one of period or from+to. */
export const replicateApInvoicesInput = z
  .object({
    period: periodArg.optional().describe('Sage 300 fiscal year and period, YYYY-MM'),
    from: dateArg.optional().describe('First document date, YYYY-MM-DD (with to)'),
    to: dateArg.optional().describe('Last document date, YYYY-MM-DD (with from)'),
    company: companyArg,
    dry_run: z.boolean().default(false).describe('Plan and report only: no change set, nothing written'),
  })
  .strict()
  .superRefine((v, ctx) => checkSelection(v, ctx, { incremental: false }));

/** Output of replicate_ap_invoices (also of approving an AP change set). */
export const replicateApInvoicesOutput = z.object({
  status: writeStatus,
  company: z.string(),
  change_set_id: z.number().int().nullable(),
  digest: z.string().nullable(),
  message: z.string(),
  policy: z.string().nullable(),
  expires_at: z.string().nullable(),
  documents: z.number().int(),
  planned: z.number().int(),
  new: z.number().int(),
  updated: z.number().int(),
  written: z.number().int(),
  already_applied: z.number().int(),
  skipped: z.number().int(),
  exceptions: z.number().int(),
  unknown: z.number().int(),
  not_sent: z.number().int(),
  api_requests: z.number().int(),
  totals_by_currency: z.record(z.string(), z.string()),
  totals_by_vendor: z.array(z.object({ vendor: z.string(), currency: z.string(), bills: z.number().int(), total: z.string() })),
  problems: z.array(z.object({ source_key: z.string(), class: z.string(), message: z.string() })),
});

export type ReplicateApInvoicesOutput = z.output<typeof replicateApInvoicesOutput>;
