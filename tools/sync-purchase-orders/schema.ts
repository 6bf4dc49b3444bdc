import { z } from 'zod';
import { companyArg, dryRunArg, executionCountsOut, problemsOut, writeHeadOut } from '../shared/schemas.ts';

/** Arguments of sync_purchase_orders. */
export const syncPurchaseOrdersInput = z
  .object({
    company: companyArg,
    dry_run: dryRunArg,
  })
  .strict();

/** Output of sync_purchase_orders (also of approving a PO change set). */
export const syncPurchaseOrdersOutput = z.object({
  ...writeHeadOut,
  orders: z.number().int(),
  planned: z.number().int(),
  to_create: z.number().int(),
  status_writes: z.number().int(),
  ...executionCountsOut,
  totals_by_currency: z.record(z.string(), z.string()),
  status_changes: z.array(z.string()),
  problems: problemsOut,
});
