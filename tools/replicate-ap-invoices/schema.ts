import { z } from 'zod';
import { companyArg, writeStatus } from '../shared/schemas.ts';

const PERIOD_RE = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE_RE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const realDate = (v: string): boolean => DATE_RE.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/** Arguments of replicate_ap_invoices: exactly one of period or from+to. */
export const replicateApInvoicesInput = z
  .object({
    period: z.string().regex(PERIOD_RE, 'expected a fiscal period as YYYY-MM, e.g. 2026-03').optional().describe('Sage 300 fiscal year and period, YYYY-MM'),
    from: z.string().refine(realDate, 'expected a real date YYYY-MM-DD').optional().describe('First document date, YYYY-MM-DD (with to)'),
    to: z.string().refine(realDate, 'expected a real date YYYY-MM-DD').optional().describe('Last document date, YYYY-MM-DD (with from)'),
    company: companyArg,
    dry_run: z.boolean().default(false).describe('Plan and report only: no change set, nothing written'),
  })
  .strict()
  .superRefine((v, ctx) => {
    const chosen = [v.period !== undefined, v.from !== undefined || v.to !== undefined].filter(Boolean).length;
    if (chosen !== 1) ctx.addIssue({ code: 'custom', path: ['period'], message: 'give exactly one of period (YYYY-MM) or from+to (YYYY-MM-DD)' });
    if ((v.from === undefined) !== (v.to === undefined)) ctx.addIssue({ code: 'custom', path: [v.from === undefined ? 'from' : 'to'], message: 'from and to go together' });
    if (v.from !== undefined && v.to !== undefined && v.from > v.to) ctx.addIssue({ code: 'custom', path: ['from'], message: `from ${v.from} is after to ${v.to}` });
  });

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
