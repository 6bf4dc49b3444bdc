import { z } from 'zod';
import { companyArg, writeStatus } from '../shared/schemas.ts';

/** Arguments of sync_purchase_orders. */
export const syncPurchaseOrdersInput = z
  .object({
    company: companyArg,
    dry_run: z.boolean().default(false).describe('Plan and report only: no change set, nothing written'),
  })
  .strict();

/** Output of sync_purchase_orders (also of approving a PO change set). */
export const syncPurchaseOrdersOutput = z.object({
  status: writeStatus,
  company: z.string(),
  change_set_id: z.number().int().nullable(),
  digest: z.string().nullable(),
  message: z.string(),
  policy: z.string().nullable(),
  expires_at: z.string().nullable(),
  orders: z.number().int(),
  planned: z.number().int(),
  to_create: z.number().int(),
  status_writes: z.number().int(),
  written: z.number().int(),
  already_applied: z.number().int(),
  skipped: z.number().int(),
  exceptions: z.number().int(),
  unknown: z.number().int(),
  not_sent: z.number().int(),
  api_requests: z.number().int(),
  totals_by_currency: z.record(z.string(), z.string()),
  status_changes: z.array(z.string()),
  problems: z.array(z.object({ source_key: z.string(), class: z.string(), message: z.string() })),
});

export type SyncPurchaseOrdersOutput = z.output<typeof syncPurchaseOrdersOutput>;
