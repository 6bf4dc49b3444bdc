import { z } from 'zod';
import { defineTool } from '../../src/governance/tool-definition.ts';

/** resume_change_set: sends the rest of an approved change set whose execution was interrupted, under its approval. */
export const resumeChangeSetTool = defineTool({
  name: 'resume_change_set',
  title: 'Resume an interrupted change set',
  description:
    'Sends what an approved change set has not sent yet, after its execution was interrupted (a cancel, a shutdown, a crash, an unreachable target): the same writes with the same keys, under the approval it already has, so nothing is sent twice and no new approval is needed. Only its requesters and approvers may resume it. A change set still waiting for approval is refused (approve it instead).',
  roles: ['analyst', 'agent', 'approver', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  input: z.object({ change_set_id: z.number().int().min(1).describe('The approved change set to finish') }).strict(),
  output: z.object({
    change_set_id: z.number().int(),
    pipeline: z.string(),
    status: z.string(),
    resumed_by: z.string(),
    result: z.record(z.string(), z.unknown()),
  }),
  async handler(ctx, args) {
    const { changeSet, result } = await ctx.approvals.resume(ctx.principal, args.change_set_id, ctx);
    return {
      kind: 'done',
      output: {
        change_set_id: changeSet.id,
        pipeline: changeSet.pipeline,
        status: changeSet.status,
        resumed_by: ctx.principal.name,
        result,
      },
    };
  },
  text: (o) =>
    `Change set #${o.change_set_id} resumed by ${o.resumed_by} and ${o.status}${typeof o.result.message === 'string' ? `: ${o.result.message}` : ''}`,
});
