import { z } from 'zod';
import { ToolError } from '../../src/governance/errors.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { storedPeriodCheck } from '../../src/core/sync/closed-periods.ts';
import { closedPeriodsOut, closedPeriodsRow } from '../../src/governance/preview-structured.ts';
import { closedPeriodLines } from '../../src/governance/preview-periods.ts';
import { changeSetToOut } from '../shared/convert.ts';
import { changeSetOut } from '../shared/schemas.ts';

/** get_change_set: one change set with its planned payloads, for review before approving. */
export const getChangeSetTool = defineTool({
  name: 'get_change_set',
  title: 'Show a change set',
  description:
    "Shows one change set: its digest (pass it to approve_change_set to bind your approval to exactly what you reviewed), requester, approval state, summary (counts, totals by account and currency, exceptions) and the exact planned payloads with each item's delivery state. Read-only.",
  roles: ['analyst', 'agent', 'approver', 'auditor', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  kind: 'read',
  reviewApp: true,
  input: z
    .object({
      change_set_id: z.number().int().min(1),
      items_offset: z.number().int().min(0).default(0),
      items_limit: z.number().int().min(0).max(500).default(20).describe('How many planned items to include (0 for none)'),
    })
    .strict(),
  output: changeSetOut.extend({
    items_total: z.number().int(),
    delivery: z
      .object({
        confirmed: z.number().int(),
        not_sent: z.number().int(),
        unknown: z.number().int(),
        failed: z.number().int(),
      })
      .describe('Items by delivery state: confirmed by the target, approved and not sent yet, outcome unknown, rejected'),
    /** The closed-period pre-check made when it was planned: the journal entries Intacct will refuse. */
    closed_periods: closedPeriodsOut,
    items: z.array(
      z.object({
        seq: z.number().int(),
        idempotency_key: z.string(),
        source_key: z.string(),
        object: z.string(),
        target: z.string(),
        state: z.string(),
        record_no: z.string().nullable(),
        payload: z.unknown(),
      }),
    ),
  }),
  handler(ctx, args) {
    const { store } = ctx.services;
    const cs = store.changeSets.get(args.change_set_id);
    if (!cs) throw new ToolError('not_found', `change set ${args.change_set_id} does not exist; list_change_sets shows the existing ones`);
    const items = store.changeSets.items(cs.id);
    // After a cancel (whose MCP answer the protocol drops) or a stop, this is where the caller reads what was sent.
    const delivery = { confirmed: 0, not_sent: 0, unknown: 0, failed: 0 };
    for (const item of items) {
      const state = store.outbox.get(item.idempotencyKey)?.state;
      if (state === 'confirmed') delivery.confirmed++;
      else if (state === 'failed') delivery.failed++;
      else if (state === 'approved' || state === 'planned') delivery.not_sent++;
      else delivery.unknown++;
    }
    const page = items.slice(args.items_offset, args.items_offset + args.items_limit).map((item, i) => {
      const row = store.outbox.get(item.idempotencyKey);
      return {
        seq: args.items_offset + i,
        idempotency_key: item.idempotencyKey,
        source_key: item.sourceKey,
        object: item.objectType,
        target: item.targetSystem,
        state: row?.state ?? 'unknown',
        record_no: row?.targetRecordNo ?? null,
        payload: item.payload,
      };
    });
    const closed_periods = closedPeriodsRow(storedPeriodCheck(cs.summary));
    return Promise.resolve({
      kind: 'done' as const,
      output: { ...changeSetToOut(cs), items_total: items.length, delivery, closed_periods, items: page },
    });
  },
  text: (o) =>
    [
      `Change set #${o.change_set_id} (${o.pipeline}, ${o.company}) is ${o.status}; ${o.items_total} items; digest ${o.digest}; requested by ${o.requested_by}` +
        (o.status === 'approved' && o.delivery.confirmed + o.delivery.unknown + o.delivery.failed > 0
          ? `; interrupted: ${o.delivery.confirmed + o.delivery.unknown + o.delivery.failed} sent, ${o.delivery.not_sent} left approved; resume with resume_change_set or \`sagebridge approvals resume ${o.change_set_id}\``
          : ''),
      ...closedPeriodLines(storedPeriodCheck(o.summary as never)),
    ].join('\n'),
});
