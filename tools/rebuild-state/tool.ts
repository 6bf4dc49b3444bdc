import { z } from 'zod';
import { apPipeline } from '../../src/core/ap/ap-pipeline.ts';
import { arPipeline } from '../../src/core/ar/ar-pipeline.ts';
import { glPipeline } from '../../src/core/gl/gl-pipeline.ts';
import { poPipeline } from '../../src/core/po/po-pipeline.ts';
import { projectsPipeline } from '../../src/core/projects/project-pipeline.ts';
import { rebuildCrossReferences, type RebuildSource } from '../../src/core/sync/rebuild-state.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { companyArg } from '../shared/schemas.ts';

const countOut = z.object({
  pipeline: z.string(),
  object: z.string(),
  in_intacct: z.number().int(),
  already_linked: z.number().int(),
  recovered: z.number().int(),
  conflicts: z.array(z.string()),
});

/**
 * rebuild_state: recovers the local cross-references of a company from Intacct (after a lost, restored or replaced
 * state directory), so the next run of every pipeline treats what is already there as synced. Writes only local state.
 */
export const rebuildStateTool = defineTool({
  name: 'rebuild_state',
  title: 'Rebuild cross-references from Sage Intacct',
  description:
    'Reads Sage Intacct for every record the sync pipelines created for one Sage 300 company (journal entries by REFERENCENO, bills and payments by DOCNUMBER, AR invoices by EXTERNALID, purchase orders by EXTERNALID, project tagging entries by REFERENCENO) and records each as a cross-reference in the local state, so a lost or replaced state directory never posts twice. ' +
    'Reports per pipeline and object how many records Intacct holds, how many were linked already and how many were recovered. Writes nothing to Intacct or Sage 300. Vendors, customers and projects are matched by id on their next sync.',
  roles: ['admin'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  kind: 'state',
  cli: 'state rebuild',
  input: z.object({ company: companyArg.optional() }).strict(),
  output: z.object({
    status: z.literal('completed'),
    company: z.string(),
    recovered: z.number().int(),
    counts: z.array(countOut),
  }),
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const s = ctx.services;
    // A pipeline disabled for the company refuses its dependencies; it has nothing of its own to rebuild now.
    const sources: RebuildSource[] = [
      { def: glPipeline, deps: s.gl(company).deps },
      ...(s.pipelineEnabled(company, 'apInvoices') ? [{ def: apPipeline, deps: s.ap(company).deps }] : []),
      ...(s.pipelineEnabled(company, 'ar') ? [{ def: arPipeline, deps: s.receivables(company).deps }] : []),
      { def: poPipeline, deps: s.purchaseOrders(company) },
      ...(s.pipelineEnabled(company, 'projects') ? [{ def: projectsPipeline, deps: s.projects(company) }] : []),
    ];
    const counts = await rebuildCrossReferences(sources, company, `rebuild:${ctx.principal.name}`, (pipeline, task) =>
      s.exclusive(`${pipeline}:${company}`, task),
    );
    return {
      kind: 'done' as const,
      output: {
        status: 'completed' as const,
        company,
        recovered: counts.reduce((n, c) => n + c.recovered, 0),
        counts: counts.map((c) => ({
          pipeline: c.pipeline,
          object: c.objectType,
          in_intacct: c.inTarget,
          already_linked: c.alreadyLinked,
          recovered: c.recovered,
          conflicts: [...c.conflicts],
        })),
      },
    };
  },
  text: (o) =>
    `${o.company}: ${o.recovered} cross-references recovered from Intacct (` +
    o.counts
      .map((c) => `${c.pipeline} ${c.object}: ${c.recovered} recovered, ${c.already_linked} already linked of ${c.in_intacct}`)
      .join('; ') +
    ')',
});
