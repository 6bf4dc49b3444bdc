import { z } from 'zod';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { changeSetToOut } from '../shared/convert.ts';
import { changeSetOut } from '../shared/schemas.ts';

/** list_change_sets: planned writes and their approval state. */
export const listChangeSetsTool = defineTool({
  name: 'list_change_sets',
  title: 'List change sets',
  description:
    'Lists change sets (the planned writes of a sync, bound to a digest), newest first, with who requested them, their approval state and a summary. Use status "planned" to see what waits for approval. Read-only.',
  roles: ['analyst', 'agent', 'approver', 'auditor', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  kind: 'read',
  input: z
    .object({
      status: z.enum(['planned', 'approved', 'rejected', 'expired', 'executing', 'executed']).optional(),
      pipeline: z.string().min(1).optional(),
      limit: z.number().int().min(1).max(200).default(20),
    })
    .strict(),
  output: z.object({ total: z.number().int(), change_sets: z.array(changeSetOut) }),
  handler(ctx, args) {
    const all = ctx.services.store.changeSets.list({
      ...(args.status ? { status: args.status } : {}),
      ...(args.pipeline ? { pipeline: args.pipeline } : {}),
    });
    return Promise.resolve({
      kind: 'done' as const,
      output: { total: all.length, change_sets: all.slice(0, args.limit).map(changeSetToOut) },
    });
  },
  text: (o) =>
    `${o.total} change sets${
      o.change_sets.length
        ? `: ${o.change_sets
            .slice(0, 5)
            .map((c) => `#${c.change_set_id} ${c.pipeline} ${c.status}`)
            .join(', ')}`
        : ''
    }`,
});
