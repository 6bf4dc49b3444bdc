import { z } from 'zod';
import { dateText, instantText, periodText } from '../../src/domain/selection.ts';

/** Optional Sage 300 company key argument (required only when several companies are configured). */
export const companyArg = z
  .string()
  .min(1)
  .max(64)
  .optional()
  .describe('Sage 300 company key from the configuration; omit when only one company is configured');

/** An exception as tools report it. */
export const exceptionOut = z.object({
  id: z.number().int(),
  pipeline: z.string(),
  company: z.string(),
  source_key: z.string(),
  class: z.string(),
  status: z.string(),
  message: z.string(),
  fix: z.string(),
  occurrences: z.number().int(),
  first_seen_at: z.string(),
  last_seen_at: z.string(),
  resolved_by: z.string().nullable(),
  resolution: z.string().nullable(),
});

/** Per-account debit/credit totals of a change set. */
export const accountTotalOut = z.object({
  account: z.string(),
  /** The Intacct account title ('' when Intacct did not name it). */
  title: z.string().optional(),
  currency: z.string(),
  debit: z.string(),
  credit: z.string(),
});

/** A change set as listed. */
export const changeSetOut = z.object({
  change_set_id: z.number().int(),
  pipeline: z.string(),
  company: z.string(),
  status: z.string(),
  digest: z.string(),
  requested_by: z.string(),
  approved_by: z.string().nullable(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  decision_note: z.string().nullable(),
  expires_at: z.string().nullable(),
  created_at: z.string(),
  summary: z.record(z.string(), z.unknown()),
  policy: z.string().nullable().describe('The approval policy bound to the change set (e.g. required, confirm)'),
  policy_mode: z.string().nullable(),
  requesters: z.array(z.string()),
  approvals_required: z.number().int(),
  approvals: z.array(z.object({ by: z.string(), at: z.string() })),
});

/** Result of a governed write: what happened, and the change set it went through. */
const writeStatus = z.enum(['pending_approval', 'completed', 'partial', 'cancelled', 'rejected', 'dry_run', 'nothing_to_do']);

/** The dry_run argument of every write tool that plans a change set. */
export const dryRunArg = z.boolean().default(false).describe('Plan and report only: no change set, nothing written');

/** The first output fields of a change-set write tool (built by writeHead in tools/shared/write-output.ts). */
export const writeHeadOut = {
  status: writeStatus,
  company: z.string(),
  change_set_id: z.number().int().nullable(),
  digest: z.string().nullable(),
  message: z.string(),
  policy: z.string().nullable(),
  expires_at: z.string().nullable(),
  console_url: z
    .string()
    .nullable()
    .describe('The console page of a pending change set, where its requester confirms it or an approver approves it'),
};

/** What an execution did (built by executionCounts in tools/shared/write-output.ts). */
export const executionCountsOut = {
  written: z.number().int(),
  already_applied: z.number().int(),
  skipped: z.number().int(),
  found_in_intacct: z
    .number()
    .int()
    .describe('records with no cross-reference found already in Intacct by their natural key: linked, not sent'),
  exceptions: z.number().int(),
  unknown: z.number().int(),
  not_sent: z.number().int(),
  api_requests: z.number().int(),
};

/** A plan's exceptions as the tools report them. */
export const problemsOut = z.array(z.object({ source_key: z.string(), class: z.string(), message: z.string(), fix: z.string() }));

/** A Sage 300 fiscal period argument, YYYY-MM. */
export const periodArg = periodText;
/** A real calendar date argument, YYYY-MM-DD (2026-02-30 is refused). */
export const dateArg = dateText;
/** A point in time argument, an ISO date or date and time with its zone. */
export const instantArg = instantText;

export { checkSelection } from '../../src/domain/selection.ts';
