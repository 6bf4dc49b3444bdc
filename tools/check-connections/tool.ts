import { z } from 'zod';
import { defineTool } from '../../src/governance/tool-definition.ts';

/** check_connections: probes every configured upstream (Intacct gateway, Sage 300 SQL, Sage 300 Web API). */
export const checkConnectionsTool = defineTool({
  name: 'check_connections',
  title: 'Check connections to Sage 300 and Sage Intacct',
  description:
    'Probes each configured connection (Sage Intacct XML gateway session, Sage 300 SQL database, Sage 300 Web API) and reports whether it answers, how fast, and what is wrong when it does not. Read-only; use it before a sync or when a sync reports upstream errors.',
  roles: ['analyst', 'agent', 'approver', 'auditor', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  kind: 'read',
  input: z.object({}).strict(),
  output: z.object({
    ok: z.boolean(),
    connections: z.array(
      z.object({ system: z.string(), company: z.string(), ok: z.boolean(), latency_ms: z.number(), detail: z.string() }),
    ),
  }),
  async handler(ctx) {
    const checks = await ctx.services.checkConnections();
    return {
      kind: 'done',
      output: {
        ok: checks.every((c) => c.ok),
        connections: checks.map((c) => ({ system: c.system, company: c.company, ok: c.ok, latency_ms: c.latencyMs, detail: c.detail })),
      },
    };
  },
  text: (o) =>
    `${o.ok ? 'All connections answer' : 'Some connections fail'}: ${o.connections.map((c) => `${c.system}/${c.company} ${c.ok ? 'ok' : 'FAILED'}`).join(', ')}`,
});
