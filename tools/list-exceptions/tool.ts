import { z } from 'zod';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { exceptionToOut } from '../shared/convert.ts';
import { exceptionOut } from '../shared/schemas.ts';

const CLASSES = ['mapping', 'validation', 'period', 'duplicate', 'upstream', 'transient'] as const;

/** list_exceptions: the exceptions queue, filtered. */
export const listExceptionsTool = defineTool({
  name: 'list_exceptions',
  title: 'List sync exceptions',
  description:
    'Lists records that could not be synced (unmapped accounts, unbalanced entries, closed periods, duplicates, upstream rejections), each with the source record key, the reason, and the fix to apply. Newest first. Read-only.',
  roles: ['analyst', 'agent', 'approver', 'auditor', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  kind: 'read',
  input: z
    .object({
      status: z.enum(['open', 'retrying', 'resolved']).default('open'),
      pipeline: z.string().min(1).optional(),
      class: z.enum(CLASSES).optional(),
      limit: z.number().int().min(1).max(500).default(50),
    })
    .strict(),
  output: z.object({ total: z.number().int(), exceptions: z.array(exceptionOut) }),
  handler(ctx, args) {
    const all = ctx.services.store.exceptions.list({
      status: args.status,
      ...(args.pipeline ? { pipeline: args.pipeline } : {}),
      ...(args.class ? { class: args.class } : {}),
    });
    return Promise.resolve({
      kind: 'done' as const,
      output: { total: all.length, exceptions: all.slice(0, args.limit).map(exceptionToOut) },
    });
  },
  text: (o) =>
    `${o.total} exceptions${o.exceptions.length < o.total ? ` (showing ${o.exceptions.length})` : ''}${o.exceptions[0] ? `; newest: #${o.exceptions[0].id} ${o.exceptions[0].message}` : ''}`,
});
