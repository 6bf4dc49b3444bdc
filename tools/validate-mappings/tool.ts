import { z } from 'zod';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { companyArg, dateArg } from '../shared/schemas.ts';

const entry = z.object({
  code: z.string(),
  file: z.string().nullable(),
  line: z.number().int().nullable(),
  subject: z.string(),
  message: z.string(),
  fix: z.string(),
});

/** validate_mappings: the mapping tables against both live charts of accounts and dimension lists. */
export const validateMappingsTool = defineTool({
  name: 'validate_mappings',
  title: 'Validate the account and dimension mappings',
  description:
    'Checks the mapping tables against the live Sage 300 chart of accounts and the live Sage Intacct accounts and dimensions: every active Sage 300 account must resolve, every target must exist and be active, overlapping rules are reported. Each finding names the mapping file, the line and the fix. Read-only.',
  roles: ['analyst', 'agent', 'approver', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  kind: 'read',
  input: z
    .object({
      company: companyArg,
      as_of: dateArg.optional().describe('Date the effective-dated rules are evaluated at (default today)'),
    })
    .strict(),
  output: z.object({ ok: z.boolean(), company: z.string(), as_of: z.string(), errors: z.array(entry), warnings: z.array(entry) }),
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const asOf = args.as_of ?? new Date().toISOString().slice(0, 10);
    const report = await ctx.services.validateMappings(company, asOf);
    const conv = (e: (typeof report.errors)[number]) => ({
      code: e.code,
      file: e.file ?? null,
      line: e.line ?? null,
      subject: e.subject,
      message: e.message,
      fix: e.fix,
    });
    return {
      kind: 'done',
      output: { ok: report.ok, company, as_of: report.asOf, errors: report.errors.map(conv), warnings: report.warnings.map(conv) },
    };
  },
  text: (o) =>
    `Mappings for ${o.company} as of ${o.as_of}: ${o.ok ? 'valid' : 'INVALID'} (${o.errors.length} errors, ${o.warnings.length} warnings)`,
});
