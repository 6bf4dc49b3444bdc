import { z } from 'zod';
import { companyArg } from '../shared/schemas.ts';
import { syncVendorsOutput } from '../sync-vendors/schema.ts';

/** Arguments of sync_customers. */
export const syncCustomersInput = z
  .object({
    company: companyArg,
    direction: z
      .enum(['both', 'to_intacct', 'to_sage300'])
      .default('both')
      .describe('Which way to write; detection always looks at both sides'),
    dry_run: z.boolean().default(false).describe('Preview counts without planning or writing anything'),
  })
  .strict();

const change = z.object({
  target: z.enum(['sage300', 'intacct']),
  customer_id: z.string(),
  field: z.enum(['CREDITLIMIT', 'TERMS']),
  before: z.string().describe("Value on the target before the write ('' when blank or a new customer)"),
  after: z.string(),
});

/** Result of sync_customers (and of approving one of its change sets): the vendor sync's fields plus credit changes. */
export const syncCustomersOutput = syncVendorsOutput.extend({
  sensitive_change_set_id: z.number().int().nullable().describe('Always null: no customer field needs the two-approver rule'),
  credit_changes: z
    .array(change)
    .describe('Every credit limit and terms change in the change set, before → after: check these before approving'),
});
