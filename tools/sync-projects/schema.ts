import { z } from 'zod';
import { companyArg, dryRunArg, executionCountsOut, problemsOut, writeHeadOut } from '../shared/schemas.ts';

/** Arguments of sync_projects. */
export const syncProjectsInput = z
  .object({
    company: companyArg,
    journal: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,20}$/, 'journal must be an Intacct journal symbol (letters, digits, _ or -, at most 20)')
      .optional()
      .describe("Intacct journal of the project-tagging reclass entries; default: the company's GL sync journal"),
    dry_run: dryRunArg,
  })
  .strict();

/** Output of sync_projects (also of approving a projects change set). */
export const syncProjectsOutput = z.object({
  ...writeHeadOut,
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
  ...executionCountsOut,
  totals_by_project: z.array(z.object({ project_id: z.string(), cost: z.string(), revenue: z.string(), invoiced: z.string() })),
  problems: problemsOut,
});
