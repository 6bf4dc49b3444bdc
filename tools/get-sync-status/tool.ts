import { z } from 'zod';
import { RUN_STATUSES } from '../../src/core/state/index.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';

/** get_sync_status: recent runs, cursors, pending approvals and open exceptions at a glance. */
export const getSyncStatusTool = defineTool({
  name: 'get_sync_status',
  title: 'Sync status',
  description:
    'Shows the state of the sync pipelines: the most recent runs with their outcome, incremental cursors, change sets waiting for approval, outbox items not yet confirmed, and open exceptions by class. Read-only; a good first call in a month-end close.',
  roles: ['analyst', 'agent', 'approver', 'auditor', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  kind: 'read',
  input: z
    .object({
      pipeline: z.string().min(1).optional().describe('Only this pipeline (e.g. gl)'),
      runs: z.number().int().min(1).max(100).default(10).describe('How many recent runs'),
    })
    .strict(),
  output: z.object({
    runs: z.array(
      z.object({
        run_id: z.number().int(),
        pipeline: z.string(),
        company: z.string(),
        principal: z.string(),
        status: z.enum(RUN_STATUSES).describe('interrupted: its process stopped before it finished (the summary says why)'),
        started_at: z.string(),
        finished_at: z.string().nullable(),
        summary: z.unknown(),
      }),
    ),
    pending_change_sets: z.number().int(),
    unconfirmed_writes: z.record(z.string(), z.number().int()),
    open_exceptions: z.record(z.string(), z.number().int()),
  }),
  handler(ctx, args) {
    const { store } = ctx.services;
    const pipeline = args.pipeline;
    // One read transaction: the runs and the counts are of the same moment, and the counts are COUNT queries.
    const { runs, pending, unconfirmed, open } = store.snapshot(() => ({
      runs: store.runs.list({ ...(pipeline ? { pipeline } : {}), limit: args.runs }),
      pending: store.counts.pendingChangeSets(pipeline),
      unconfirmed: store.counts.unconfirmedWrites(),
      open: store.counts.openExceptions(pipeline),
    }));
    return Promise.resolve({
      kind: 'done' as const,
      output: {
        runs: runs.map((r) => ({
          run_id: r.id,
          pipeline: r.pipeline,
          company: r.company,
          principal: r.principal,
          status: r.status,
          started_at: r.startedAt,
          finished_at: r.finishedAt,
          summary: r.summary,
        })),
        pending_change_sets: pending,
        unconfirmed_writes: unconfirmed,
        open_exceptions: open,
      },
    });
  },
  text: (o) =>
    `${o.runs.length} recent runs; ${o.pending_change_sets} change sets pending approval; open exceptions: ${
      Object.entries(o.open_exceptions)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }`,
});
