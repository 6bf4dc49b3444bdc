import { z } from 'zod';
import { companyArg } from '../shared/schemas.ts';

/** Arguments of sync_vendors. */
export const syncVendorsInput = z
  .object({
    company: companyArg,
    direction: z
      .enum(['both', 'to_intacct', 'to_sage300'])
      .default('both')
      .describe('Which way to write; detection always looks at both sides'),
    dry_run: z.boolean().default(false).describe('Preview counts without planning or writing anything'),
  })
  .strict();

const counts = z.object({ created: z.number().int(), updated: z.number().int(), deactivated: z.number().int() });

/** Result of sync_vendors (and of approving one of its change sets). */
export const syncVendorsOutput = z.object({
  status: z.enum(['completed', 'partial', 'dry_run', 'nothing_to_do', 'pending_approval', 'rejected', 'cancelled']),
  company: z.string(),
  change_set_id: z.number().int().nullable(),
  digest: z.string().nullable(),
  sensitive_change_set_id: z.number().int().nullable().describe('Bank/remittance changes: needs two approvers other than the requester'),
  message: z.string(),
  policy: z.string().nullable(),
  expires_at: z.string().nullable(),
  console_url: z
    .string()
    .nullable()
    .describe('The console page of a pending change set, where its requester confirms it or an approver approves it'),
  to_intacct: counts,
  to_sage300: counts,
  sensitive: z.number().int(),
  conflicts: z.number().int(),
  duplicates: z.number().int(),
  exceptions: z.number().int(),
  in_sync: z.number().int(),
  found_in_intacct: z
    .number()
    .int()
    .describe('unlinked parties paired by the same id on the other side (e.g. after a lost state store), never created again'),
  awaiting: z.number().int(),
  written: z.number().int(),
  already_applied: z.number().int(),
  failed: z.number().int(),
  unknown: z.number().int(),
});
