import { z } from 'zod';
import { ToolError } from '../../src/governance/errors.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';

/** retry_exceptions: marks exceptions for retry after their cause was fixed; the next sync re-reads the records. */
export const retryExceptionsTool = defineTool({
  name: 'retry_exceptions',
  title: 'Retry exceptions after a fix',
  description:
    'Marks open exceptions for retry once their cause is fixed (a mapping row added, the source entry corrected, the period opened). Nothing is sent by this call: the next sync of the pipeline (e.g. post_journal_entries for the same period) re-reads these records, and each exception resolves itself when its record posts.',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  kind: 'state',
  input: z.object({ exception_ids: z.array(z.number().int().min(1)).min(1).max(500).describe('Ids from list_exceptions') }).strict(),
  output: z.object({ marked: z.array(z.number().int()), not_marked: z.array(z.object({ id: z.number().int(), reason: z.string() })) }),
  handler(ctx, args) {
    const { store } = ctx.services;
    const marked: number[] = [];
    const notMarked: { id: number; reason: string }[] = [];
    for (const id of new Set(args.exception_ids)) {
      const done = store.exceptions.markRetry(id);
      if (done.ok) marked.push(id);
      else notMarked.push({ id, reason: done.error.message });
    }
    if (marked.length === 0 && notMarked.length > 0 && notMarked.every((n) => /does not exist/.test(n.reason)))
      throw new ToolError('not_found', `none of the exceptions exist: ${notMarked.map((n) => n.id).join(', ')}`);
    return Promise.resolve({ kind: 'done' as const, output: { marked, not_marked: notMarked } });
  },
  text: (o) =>
    `${o.marked.length} exceptions marked for retry${o.not_marked.length ? `; ${o.not_marked.length} not (${o.not_marked.map((n) => `#${n.id}: ${n.reason}`).join('; ')})` : ''}`,
});
