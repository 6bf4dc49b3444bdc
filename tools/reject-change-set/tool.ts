import { z } from 'zod';
import { defineTool } from '../../src/governance/tool-definition.ts';

/** reject_change_set: an approver turns a pending change set down; nothing is sent. */
export const rejectChangeSetTool = defineTool({
  name: 'reject_change_set',
  title: 'Reject a change set',
  description:
    'Rejects a pending change set with a reason; none of its writes is ever sent. The reason is kept in the audit log and shown to the requester.',
  roles: ['approver'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  kind: 'state',
  input: z
    .object({
      change_set_id: z.number().int().min(1),
      reason: z.string().trim().min(3, 'give a reason of at least 3 characters').max(1000),
    })
    .strict(),
  output: z.object({ change_set_id: z.number().int(), status: z.string(), rejected_by: z.string(), reason: z.string() }),
  handler(ctx, args) {
    const cs = ctx.approvals.reject(ctx.principal, args.change_set_id, args.reason);
    return Promise.resolve({
      kind: 'done' as const,
      output: { change_set_id: cs.id, status: cs.status, rejected_by: ctx.principal.name, reason: args.reason },
    });
  },
  text: (o) => `Change set #${o.change_set_id} rejected by ${o.rejected_by}: ${o.reason}`,
});
