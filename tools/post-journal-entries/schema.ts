import { z } from 'zod';
import {
  accountTotalOut,
  checkSelection,
  companyArg,
  dateArg,
  dryRunArg,
  executionCountsOut,
  periodArg,
  problemsOut,
  writeHeadOut,
} from '../shared/schemas.ts';

/** Arguments of post_journal_entries: exactly one of period, from+to, or incremental. */
export const postJournalEntriesInput = z
  .object({
    period: periodArg.optional().describe('Sage 300 fiscal year and period, YYYY-MM'),
    from: dateArg.optional().describe('First posting date, YYYY-MM-DD (with to)'),
    to: dateArg.optional().describe('Last posting date, YYYY-MM-DD (with from)'),
    incremental: z.boolean().optional().describe('Everything posted since the last confirmed sync (for schedules)'),
    company: companyArg,
    dry_run: dryRunArg,
  })
  .strict()
  .superRefine((v, ctx) => checkSelection(v, ctx, { incremental: true }));

/** Output of post_journal_entries (also of approving a GL change set). */
export const postJournalEntriesOutput = z.object({
  ...writeHeadOut,
  entries: z.number().int(),
  planned: z.number().int(),
  new: z.number().int(),
  updated: z.number().int(),
  ...executionCountsOut,
  totals_by_currency: z.record(z.string(), z.string()),
  totals_by_account: z.array(accountTotalOut),
  /** Source ledgers the GL sync left out because another enabled pipeline replicates their documents, and overrides. */
  source_ledgers: z.object({
    left_out: z.array(
      z.object({ ledger: z.string(), replicated_by: z.string().nullable(), reason: z.string(), entries: z.number().int() }),
    ),
    overridden: z.array(z.object({ ledger: z.string(), replicated_by: z.string(), warning: z.string(), entries: z.number().int() })),
  }),
  problems: problemsOut,
});
