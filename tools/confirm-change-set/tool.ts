import { z } from 'zod';
import { CONSOLE_TRANSPORT } from '../../src/governance/console-link.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';

/**
 * confirm_change_set: the requester's own confirmation of a `confirm`-policy change set, given in the console only (an
 * MCP client could answer a confirmation by itself; a person signed in to the console cannot be stood in for).
 */
export const confirmChangeSetTool = defineTool({
  name: 'confirm_change_set',
  title: 'Confirm your own change set (console only; executes it)',
  description:
    'Confirms a pending change set under the confirm policy as one of its requesters and executes exactly the planned writes it contains, once, bound to the digest shown. Only in the sagebridge console: it is not offered over MCP or the CLI.',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  kind: 'write',
  transports: [CONSOLE_TRANSPORT],
  input: z
    .object({
      change_set_id: z.number().int().min(1),
      digest: z.string().regex(/^[0-9a-f]{64}$/, 'expected the 64-hex digest shown on the change set page'),
    })
    .strict(),
  output: z.object({
    change_set_id: z.number().int(),
    pipeline: z.string(),
    status: z.string(),
    confirmed_by: z.string(),
    result: z.record(z.string(), z.unknown()),
  }),
  async handler(ctx, args) {
    const { changeSet, result } = await ctx.approvals.confirmInConsole(ctx.principal, args.change_set_id, args.digest, ctx);
    return {
      kind: 'done',
      output: {
        change_set_id: changeSet.id,
        pipeline: changeSet.pipeline,
        status: changeSet.status,
        confirmed_by: ctx.principal.name,
        result,
      },
    };
  },
  text: (o) =>
    `Change set #${o.change_set_id} confirmed by ${o.confirmed_by} and ${o.status}${typeof o.result.message === 'string' ? `: ${o.result.message}` : ''}`,
});
