import { z } from 'zod';
import { accountTotalOut, checkSelection, companyArg, dateArg, periodArg, writeStatus } from '../shared/schemas.ts';

/** Arguments of post_journal_entries: exactly one of period, from+to, or incremental. */
export const postJournalEntriesInput = z
  .object({
    period: periodArg.optional().describe('Sage 300 fiscal year and period, YYYY-MM'),
    from: dateArg.optional().describe('First posting date, YYYY-MM-DD (with to)'),
    to: dateArg.optional().describe('Last posting date, YYYY-MM-DD (with from)'),
    incremental: z.boolean().optional().describe('Everything posted since the last confirmed sync (for schedules)'),
    company: companyArg,
    dry_run: z.boolean().default(false).describe('Plan and report only: no change set, nothing written'),
  })
  .strict()
  .superRefine((v, ctx) => checkSelection(v, ctx, { incremental: true }));

/** Output of post_journal_entries (also of approving a GL change set). */
export const postJournalEntriesOutput = z.object({
  status: writeStatus,
  company: z.string(),
  change_set_id: z.number().int().nullable(),
  digest: z.string().nullable(),
  message: z.string(),
  policy: z.string().nullable(),
  expires_at: z.string().nullable(),
  entries: z.number().int(),
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
  totals_by_account: z.array(accountTotalOut),
  problems: z.array(z.object({ source_key: z.string(), class: z.string(), message: z.string() })),
});

export type PostJournalEntriesOutput = z.output<typeof postJournalEntriesOutput>;
