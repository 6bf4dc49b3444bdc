import { z } from 'zod';
import { ledgerPlanLines } from '../../src/core/gl/source-ledgers.ts';
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
    'Checks the mapping tables against the live Sage 300 chart of accounts and the live Sage Intacct accounts and dimensions: every active Sage 300 account must resolve, every target must exist and be active, overlapping rules are reported; items.csv rows must name Intacct items, and every item an open Sage 300 purchase order orders must have a row. Each finding names the mapping file, the line and the fix. Read-only.',
  roles: ['analyst', 'agent', 'approver', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  kind: 'read',
  input: z
    .object({
      company: companyArg,
      as_of: dateArg.optional().describe('Date the effective-dated rules are evaluated at (default today)'),
    })
    .strict(),
  output: z.object({
    ok: z.boolean(),
    company: z.string(),
    as_of: z.string(),
    errors: z.array(entry),
    warnings: z.array(entry),
    /** Source ledgers the GL sync leaves out because another enabled pipeline replicates them, and overrides. */
    gl_source_ledgers: z.object({
      left_out: z.array(z.object({ ledger: z.string(), replicated_by: z.string().nullable(), reason: z.string() })),
      overridden: z.array(z.object({ ledger: z.string(), replicated_by: z.string(), warning: z.string() })),
    }),
  }),
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
    const ledgers = ctx.services.glSourceLedgers(company);
    // An override that sends a replicated ledger to the GL is a warning: those documents may reach Intacct twice.
    const overrides = ledgers.overridden.map((o) => ({
      code: 'gl_source_ledger_override',
      file: null,
      line: null,
      subject: `gl.sourceLedgers.include ${o.ledger}`,
      message: o.warning,
      fix: `remove ${o.ledger} from gl.sourceLedgers.include, or disable ${o.replicatedBy}'s pipeline for the company (sage300.companies[].pipelines)`,
    }));
    return {
      kind: 'done',
      output: {
        ok: report.ok,
        company,
        as_of: report.asOf,
        errors: report.errors.map(conv),
        warnings: [...report.warnings.map(conv), ...overrides],
        gl_source_ledgers: {
          left_out: ledgers.leftOut.map((l) => ({ ledger: l.ledger, replicated_by: l.replicatedBy, reason: l.reason })),
          overridden: ledgers.overridden.map((o) => ({ ledger: o.ledger, replicated_by: o.replicatedBy, warning: o.warning })),
        },
      },
    };
  },
  text: (o) =>
    [
      `Mappings for ${o.company} as of ${o.as_of}: ${o.ok ? 'valid' : 'INVALID'} (${o.errors.length} errors, ${o.warnings.length} warnings)`,
      ...ledgerPlanLines({
        leftOut: o.gl_source_ledgers.left_out.map((l) => ({ ledger: l.ledger, replicatedBy: l.replicated_by, reason: l.reason })),
        overridden: o.gl_source_ledgers.overridden.map((x) => ({ ledger: x.ledger, replicatedBy: x.replicated_by, warning: x.warning })),
      }),
    ].join('\n'),
});
