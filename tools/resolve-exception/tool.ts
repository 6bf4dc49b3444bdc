import { z } from 'zod';
import { ToolError } from '../../src/governance/errors.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { exceptionToOut } from '../shared/convert.ts';
import { exceptionOut } from '../shared/schemas.ts';

/** resolve_exception: closes an exception with the reason its record needs no sync; it is not raised again. */
export const resolveExceptionTool = defineTool({
  name: 'resolve_exception',
  title: 'Resolve an exception with a reason',
  description:
    'Closes one open exception with the reason its record needs no sync (e.g. "stays in Sage 300: intercompany elimination"). The reason and who gave it are kept; a record resolved this way is not raised again by later syncs. Nothing is sent to either system. To sync the record instead, fix its cause and use retry_exceptions.',
  roles: ['analyst', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  kind: 'state',
  input: z
    .object({
      exception_id: z.number().int().min(1).describe('Id from list_exceptions'),
      reason: z.string().trim().min(3).max(500).describe('Why this record needs no sync (kept in the audit trail)'),
    })
    .strict(),
  output: z.object({ exception: exceptionOut }),
  handler(ctx, args) {
    const done = ctx.services.store.exceptions.resolve(args.exception_id, { reason: args.reason, by: ctx.principal.name });
    if (!done.ok)
      throw new ToolError(done.error.code === 'not_found' ? 'not_found' : 'invalid_arguments', `exception_id: ${done.error.message}`);
    return Promise.resolve({ kind: 'done' as const, output: { exception: exceptionToOut(done.value) } });
  },
  text: (o) => `Exception #${o.exception.id} resolved by ${o.exception.resolved_by ?? ''}: ${o.exception.resolution ?? ''}`,
});
