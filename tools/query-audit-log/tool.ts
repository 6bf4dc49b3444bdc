import { z } from 'zod';
import { boundInstant } from '../../src/domain/selection.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { instantArg } from '../shared/schemas.ts';

/** query_audit_log: auditors read the hash-chained log of every call, approval and external write. */
export const queryAuditLogTool = defineTool({
  name: 'query_audit_log',
  title: 'Query the audit log',
  description:
    'Reads the append-only, hash-chained audit log: every tool call (principal, tool, redacted arguments, decision, outcome, duration), every approval decision and every external write (system, function, idempotency key, control id, resulting record id). Filter by time, principal, tool/action, kind or change set. Read-only.',
  roles: ['auditor', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  kind: 'read',
  input: z
    .object({
      from: instantArg.optional().describe('First instant, or first day (UTC), included'),
      to: instantArg.optional().describe('A date includes that whole day (UTC); an instant is excluded'),
      principal: z.string().min(1).optional(),
      action: z.string().min(1).optional().describe('Tool name or action, e.g. post_journal_entries or intacct.create GLBATCH'),
      kind: z.enum(['tool_call', 'approval', 'external_write', 'schedule', 'report']).optional(),
      change_set_id: z.number().int().min(1).optional(),
      // The page starts at after_seq + 1, which must stay a safe integer.
      after_seq: z
        .number()
        .int()
        .min(0)
        .max(Number.MAX_SAFE_INTEGER - 1)
        .default(0)
        .describe('Page after this sequence number (next_after_seq of the previous page)'),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  output: z.object({
    events: z.array(
      z.object({
        seq: z.number().int(),
        at: z.string(),
        kind: z.string(),
        principal: z.string(),
        action: z.string(),
        decision: z.string(),
        outcome: z.string(),
        duration_ms: z.number().nullable(),
        change_set_id: z.number().int().nullable(),
        detail: z.unknown(),
        hash: z.string(),
      }),
    ),
    next_after_seq: z.number().int().nullable(),
  }),
  handler(ctx, args) {
    const from = args.from === undefined ? undefined : boundInstant(args.from, 'from');
    const to = args.to === undefined ? undefined : boundInstant(args.to, 'to');
    const events = ctx.services.audit.query({
      fromSeq: args.after_seq + 1,
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
      ...(args.principal ? { principal: args.principal } : {}),
      ...(args.action ? { action: args.action } : {}),
      ...(args.kind ? { kind: args.kind } : {}),
      ...(args.change_set_id ? { changeSetId: args.change_set_id } : {}),
      limit: args.limit,
    });
    return Promise.resolve({
      kind: 'done' as const,
      output: {
        events: events.map((e) => ({
          seq: e.seq,
          at: e.at,
          kind: e.kind,
          principal: e.principal,
          action: e.action,
          decision: e.decision,
          outcome: e.outcome,
          duration_ms: e.durationMs ?? null,
          change_set_id: e.changeSetId ?? null,
          detail: e.detail,
          hash: e.hash,
        })),
        next_after_seq: events.length === args.limit ? (events.at(-1)?.seq ?? null) : null,
      },
    });
  },
  text: (o) => `${o.events.length} audit events${o.next_after_seq ? ` (more after seq ${o.next_after_seq})` : ''}`,
});
