import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { AuditEventInput, AuditPort } from '../core/ports/audit-port.ts';
import type { GlWriteOutcome } from '../core/ports/gl-ports.ts';
import type { OutboxEntry, PlanItem } from '../core/state/index.ts';
import { item, setup } from '../core/state/state.test-support.ts';
import type { EngineDeps, PipelineDefinition, PlanRequestBase } from '../core/sync/engine.ts';
import { silentLogger } from '../platform/logger.ts';
import { createApprovalService } from './approvals.ts';
import { defineChangeSetTool } from './change-set-tool.ts';
import { ToolError } from './errors.ts';
import { createKeyedLock } from './keyed-lock.ts';
import type { Principal } from './principals.ts';
import type { Services } from './services.ts';
import type { ToolContext, ToolSpec, WritePlan } from './tool-definition.ts';

interface ToyRequest extends PlanRequestBase {
  readonly records: readonly number[];
}
interface ToyPreview {
  readonly changeSetId: number | null;
  readonly digest: string;
  readonly exceptions: number;
  readonly toSend: number;
}

/** Something a test holds shut and opens when it wants the work behind it to go on. */
function gate() {
  let open = (): void => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/**
 * A toy pipeline over a real state store: record n of company C becomes one write `C:n`. Drafting and sending wait
 * for `hold` when one is set, and record who was inside at the same time.
 */
function world() {
  const { store } = setup();
  const sent: string[] = [];
  const inside = { drafting: new Set<string>(), sending: new Set<string>(), most: { drafting: 0, sending: 0, sameCompany: 0 } };
  const holds: { draft?: Promise<void>; send?: Promise<void> } = {};
  const enter = async (kind: 'drafting' | 'sending', company: string, hold: Promise<void> | undefined): Promise<void> => {
    const set = inside[kind];
    const token = `${company}#${Math.random()}`;
    set.add(token);
    inside.most[kind] = Math.max(inside.most[kind], set.size);
    inside.most.sameCompany = Math.max(inside.most.sameCompany, [...set].filter((t) => t.startsWith(`${company}#`)).length);
    await hold;
    set.delete(token);
  };
  const deps: EngineDeps = { store, alerts: { exceptionRaised: () => Promise.resolve() }, log: silentLogger() };
  const pipeline: PipelineDefinition<EngineDeps, ToyRequest, ToyPreview, { status: string }> = {
    pipeline: 'toy',
    noun: 'toy',
    runParams: (r) => ({ records: [...r.records] }),
    async draft(_deps, r) {
      await enter('drafting', r.company, holds.draft);
      const items: PlanItem[] = r.records.map((n) => ({
        ...item(n),
        idempotencyKey: `toy:${r.company}:${n}`,
        sourceKey: `${r.company}:${n}`,
        objectType: 'TOY',
      }));
      return {
        items,
        problems: [],
        preview: (cs) => ({ changeSetId: cs?.id ?? null, digest: cs?.digest ?? '', exceptions: 0, toSend: items.length }),
        summary: () => ({ toSend: items.length }),
      };
    },
    passes: () => [
      {
        select: () => true,
        batchSize: 10,
        concurrency: 1,
        async send(batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> {
          await enter('sending', batch[0]!.sourceKey.split(':')[0]!, holds.send);
          sent.push(...batch.map((e) => e.idempotencyKey));
          return batch.map((e) => ({ ok: true, recordNo: `R-${e.idempotencyKey}`, alreadyApplied: false }));
        },
        audit: { system: 'toy', function: 'write', controlIdFor: (k: string) => k },
      },
    ],
    requests: () => 0,
    previewOf: (cs) => ({ changeSetId: cs.id, digest: cs.digest, exceptions: 0, toSend: 0 }),
    summarize: ({ status }) => ({ status }),
  };

  const tool = defineChangeSetTool({
    name: 'sync_toy',
    title: 'Sync toys',
    description: 'A toy write tool.',
    roles: ['analyst'],
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    cli: 'sync toy',
    input: z.object({ company: z.string().optional(), dry_run: z.boolean().default(false), records: z.array(z.number().int()) }).strict(),
    output: z.object({
      status: z.string(),
      company: z.string(),
      change_set_id: z.number().nullable(),
      message: z.string(),
      written: z.number(),
    }),
    pipeline,
    deps: () => deps,
    request: (args, base) => ({ ...base, records: args.records }),
    presentation: {
      progress: 'toys sent',
      written: 'toys written',
      preview: (p) => ({
        writes: `write ${p.toSend} toys`,
        counts: [],
        totals: [],
        problems: [],
        actions: { create: p.toSend, update: 0, skip: 0 },
      }),
      policyTotals: () => ({}),
      output: (company, p, status, facts) => ({
        status,
        company,
        change_set_id: p.changeSetId,
        message: facts.message,
        written: facts.execution?.written ?? 0,
      }),
    },
    text: (o) => o.status,
  });

  const audited: AuditEventInput[] = [];
  const audit: AuditPort = {
    append: (e) => {
      audited.push(e);
      return { ...e, seq: audited.length, at: '', prevHash: '', hash: '' };
    },
    query: () => [],
  };
  const lock = createKeyedLock();
  const locks: string[] = [];
  const services = {
    store,
    audit,
    companies: ['A', 'B'],
    resolveCompany: (key: string | undefined) => key ?? 'A',
    exclusive: <T>(key: string, task: () => Promise<T>): Promise<T> => {
      locks.push(key);
      return lock(key, task);
    },
  } as unknown as Services;
  const approvals = createApprovalService({ store, audit, tools: [tool] });
  const ctx = (principal: Principal): ToolContext => ({
    principal,
    services,
    approvals,
    signal: new AbortController().signal,
    progress: () => undefined,
    approvalExpiry: () => '2999-01-01T00:00:00.000Z',
  });
  const analyst: Principal = { name: 'analyst', roles: ['analyst'] };
  const approver: Principal = { name: 'approver', roles: ['approver'] };

  /** Plans through the derived handler and returns the change set it hands to the approval gate. */
  const plan = async (company: string, records: number[]): Promise<WritePlan<Record<string, unknown>>> => {
    const result = await tool.handler(ctx(analyst), { company, dry_run: false, records });
    if (result.kind !== 'change_set') throw new Error(`expected a change set, got ${JSON.stringify(result.output)}`);
    return result.plan;
  };
  return { store, tool, approvals, ctx, analyst, approver, plan, sent, inside, holds, locks, audited };
}

describe('defineChangeSetTool: the derived handler and executor', () => {
  it('takes the pipeline company lock once around planning and once around executing', async () => {
    const w = world();
    const plan = await w.plan('A', [1, 2]);
    expect(w.locks).toEqual(['toy:A']);
    w.approvals.confirmOwn(w.analyst, plan.changeSet, 'confirmed in the test');
    const done = await plan.execute(w.analyst);
    expect(w.locks).toEqual(['toy:A', 'toy:A']);
    expect(done).toMatchObject({ status: 'completed', change_set_id: plan.changeSet.id, written: 2 });
    expect(w.sent).toEqual(['toy:A:1', 'toy:A:2']);
    expect(w.store.changeSets.get(plan.changeSet.id)?.status).toBe('executed');
  });

  it('plans one call at a time for the same pipeline and company, while another company plans alongside', async () => {
    const w = world();
    const held = gate();
    w.holds.draft = held.opened;
    const calls = [w.plan('A', [1]), w.plan('A', [2]), w.plan('B', [1])];
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The first A call and the B call are both drafting; the second A call waits for the first.
    expect([...w.inside.drafting].map((t) => t.split('#')[0]).sort()).toEqual(['A', 'B']);
    held.open();
    const plans = await Promise.all(calls);
    expect(w.inside.most).toMatchObject({ drafting: 2, sameCompany: 1 });
    expect(new Set(plans.map((p) => p.changeSet.id)).size).toBe(3);
  });

  it('never sends two change sets of one company at once, whether confirmed now or approved later', async () => {
    const w = world();
    const now = await w.plan('A', [1, 2]);
    const later = await w.plan('A', [3, 4]);
    later.pending({ mode: 'required', source: 'test' }, 'an approver must approve', null);
    const other = await w.plan('B', [1]);
    w.approvals.confirmOwn(w.analyst, now.changeSet, 'confirmed');
    w.approvals.confirmOwn(w.analyst, other.changeSet, 'confirmed');
    const held = gate();
    w.holds.send = held.opened;
    const running = [
      now.execute(w.analyst),
      w.approvals.approve(w.approver, later.changeSet.id, {}, w.ctx(w.approver)),
      other.execute(w.analyst),
    ];
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([...w.inside.sending].map((t) => t.split('#')[0]).sort()).toEqual(['A', 'B']);
    held.open();
    await Promise.all(running);
    expect(w.inside.most).toMatchObject({ sending: 2, sameCompany: 1 });
    expect(w.sent.filter((k) => k.startsWith('toy:A:')).sort()).toEqual(['toy:A:1', 'toy:A:2', 'toy:A:3', 'toy:A:4']);
  });

  it('executes a change set approved after its planning call through the tool that declares its pipeline', async () => {
    const w = world();
    const plan = await w.plan('B', [7]);
    const pending = plan.pending(
      { mode: 'required', source: 'approvals.defaults.analyst' },
      'an approver must approve',
      'http://127.0.0.1:8787/console/change-sets/1',
    );
    expect(String(pending.message)).toContain(`change_set_id ${plan.changeSet.id}`);
    expect(String(pending.message)).toContain('Console: http://127.0.0.1:8787/console/change-sets/1');
    const { changeSet, result } = await w.approvals.approve(w.approver, plan.changeSet.id, {}, w.ctx(w.approver));
    expect(changeSet.status).toBe('executed');
    expect(result).toMatchObject({ status: 'completed', company: 'B', written: 1 });
    expect(String(result.message)).toMatch(/^Approved by approver: 1 toys written/);
    expect(w.locks).toEqual(['toy:B', 'toy:B']);
    expect(w.sent).toEqual(['toy:B:7']);
  });

  it('refuses to approve a change set of a pipeline no tool executes, with a configuration error and nothing recorded', async () => {
    const w = world();
    const runId = w.store.runs.startRun({ pipeline: 'ghost', company: 'A', params: {}, principal: 'agent' });
    const created = w.store.changeSets.create({
      runId,
      pipeline: 'ghost',
      company: 'A',
      createdBy: 'agent',
      summary: {},
      items: [item(1)],
    });
    if (!created.ok) throw new Error(created.error.message);
    const id = created.value.changeSet.id;
    const refused = await w.approvals.approve(w.approver, id, {}, w.ctx(w.approver)).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(ToolError);
    expect(refused).toMatchObject({ code: 'configuration', message: expect.stringContaining('pipeline ghost') as unknown });
    expect(w.store.changeSets.get(id)?.status).toBe('planned');
    expect(w.audited).toEqual([]);
  });

  it('refuses two tools that execute the same pipeline', () => {
    const w = world();
    const twin: ToolSpec = { ...w.tool, name: 'sync_toy_again' };
    expect(() =>
      createApprovalService({
        store: w.store,
        audit: {
          append: () => {
            throw new Error('unused');
          },
          query: () => [],
        },
        tools: [w.tool, twin],
      }),
    ).toThrow(/pipeline toy/);
  });
});
