import { z } from 'zod';
import { companyArg, writeStatus } from '../shared/schemas.ts';

/** Arguments of sync_projects. */
export const syncProjectsInput = z
  .object({
    company: companyArg,
    journal: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,20}$/, 'journal must be an Intacct journal symbol (letters, digits, _ or -, at most 20)')
      .optional()
      .describe("Intacct journal of the project-tagging reclass entries; default: the company's GL sync journal"),
    dry_run: z.boolean().default(false).describe('Plan and report only: no change set, nothing written'),
  })
  .strict();

/** Output of sync_projects (also of approving a projects change set). */
export const syncProjectsOutput = z.object({
  status: writeStatus,
  company: z.string(),
  change_set_id: z.number().int().nullable(),
  digest: z.string().nullable(),
  message: z.string(),
  policy: z.string().nullable(),
  expires_at: z.string().nullable(),
  contracts: z.number().int(),
  projects: z.number().int(),
  transactions: z.number().int(),
  milestones_reached: z.number().int(),
  planned: z.number().int(),
  projects_created: z.number().int(),
  projects_updated: z.number().int(),
  projects_closed: z.number().int(),
  entries: z.number().int(),
  invoices: z.number().int(),
  written: z.number().int(),
  already_applied: z.number().int(),
  skipped: z.number().int(),
  exceptions: z.number().int(),
  unknown: z.number().int(),
  not_sent: z.number().int(),
  api_requests: z.number().int(),
  totals_by_project: z.array(z.object({ project_id: z.string(), cost: z.string(), revenue: z.string(), invoiced: z.string() })),
  problems: z.array(z.object({ source_key: z.string(), class: z.string(), message: z.string() })),
});

export type SyncProjectsOutput = z.output<typeof syncProjectsOutput>;
