import { z } from 'zod';
import { defineTool } from '../../src/governance/tool-definition.ts';

/** approve_change_set: a second principal's sign-off, bound to the digest; executes exactly the approved plan once. */
export const approveChangeSetTool = defineTool({
  name: 'approve_change_set',
  title: 'Approve a change set (executes it)',
  description:
    'Approves a pending change set and executes exactly the planned writes it contains, once. Only an approver who did not request it may approve; the approval is bound to the change set digest (pass the digest you reviewed with get_change_set), is single-use and expires. Replaying an approval does nothing.',
  roles: ['approver'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  input: z
    .object({
      change_set_id: z.number().int().min(1),
      comment: z.string().max(1000).optional().describe('Why you approve; kept in the audit log'),
      digest: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'expected the 64-hex digest shown by get_change_set')
        .optional()
        .describe('The digest you reviewed; the approval fails if the plan changed'),
    })
    .strict(),
  output: z.object({
    change_set_id: z.number().int(),
    pipeline: z.string(),
    status: z.string(),
    approved_by: z.string(),
    result: z.record(z.string(), z.unknown()),
  }),
  async handler(ctx, args) {
    const { changeSet, result } = await ctx.approvals.approve(
      ctx.principal,
      args.change_set_id,
      { ...(args.comment ? { comment: args.comment } : {}), ...(args.digest ? { digest: args.digest } : {}) },
      ctx,
    );
    return {
      kind: 'done',
      output: {
        change_set_id: changeSet.id,
        pipeline: changeSet.pipeline,
        status: changeSet.status,
        approved_by: ctx.principal.name,
        result,
      },
    };
  },
  text: (o) =>
    `Change set #${o.change_set_id} approved by ${o.approved_by} and ${o.status}${typeof o.result.message === 'string' ? `: ${o.result.message}` : ''}`,
});
