import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../platform/logger.ts';
import type { AuditPort } from '../ports/audit-port.ts';
import type { GlWriteOutcome } from '../ports/gl-ports.ts';
import type { OutboxEntry, PlanItem } from '../state/index.ts';
import { setup } from '../state/state.test-support.ts';
import {
  planChangeSet,
  runChangeSet,
  type EngineDeps,
  type PipelineDefinition,
  type PlanRequestBase,
  type RunOutcome,
  type TargetPass,
} from './engine.ts';

/** A toy pipeline: records `n` become a create in system "a", then a write-back in system "b". */
interface ToyRequest extends PlanRequestBase {
  readonly records: readonly number[];
  readonly bad?: readonly number[];
}
interface ToyPreview {
  readonly changeSetId: number | null;
  readonly toSend: number;
}
type Answer = (e: OutboxEntry, attempt: number) => GlWriteOutcome;

function toy(
  answer: Answer,
  sent: string[],
  hold?: TargetPass['hold'],
): PipelineDefinition<EngineDeps, ToyRequest, ToyPreview, RunOutcome<ToyPreview>> {
  const attempts = new Map<string, number>();
  const send = (batch: readonly OutboxEntry[]): Promise<GlWriteOutcome[]> =>
    Promise.resolve(
      batch.map((e) => {
        const n = (attempts.get(e.idempotencyKey) ?? 0) + 1;
        attempts.set(e.idempotencyKey, n);
        sent.push(e.idempotencyKey);
        return answer(e, n);
      }),
    );
  const pass = (system: string) => ({
    select: (e: OutboxEntry) => e.targetSystem === system,
    batchSize: 2,
    concurrency: 1,
    send,
    audit: { system, function: 'write', controlIdFor: (k: string) => k },
  });
  return {
    pipeline: 'toy',
    noun: 'toy',
    runParams: () => ({}),
    draft: (_deps, request) => {
      const item = (n: number, system: string): PlanItem => ({
        idempotencyKey: `${system}:${n}`,
        targetSystem: system,
        objectType: 'T',
        sourceSystem: 'src',
        sourceKey: `${system}:${n}`,
        payload: { n },
      });
      const items = [...request.records.map((n) => item(n, 'a')), ...request.records.map((n) => item(n, 'b'))];
      const problems = (request.bad ?? []).map((n) => ({
        key: `r${n}`,
        record: { n },
        problem: { class: 'mapping' as const, message: `record ${n} has no mapping`, fix: 'map it' },
      }));
      return Promise.resolve({
        items,
        problems,
        preview: (cs) => ({ changeSetId: cs?.id ?? null, toSend: items.length }),
        summary: () => ({ toSend: items.length }),
        cursorBefore: null,
        cursorAfter: (ex) => ({ after: ex ? ex.written : 0 }),
      });
    },
    passes: () => [pass('a'), { ...pass('b'), ...(hold ? { hold } : {}) }],
    requests: () => 0,
    previewOf: (cs) => ({ changeSetId: cs.id, toSend: 0 }),
    summarize: (o) => o,
  };
}

const ok = (e: OutboxEntry): GlWriteOutcome => ({ ok: true, recordNo: `R-${e.idempotencyKey}`, alreadyApplied: false });
const yes = () => Promise.resolve({ decision: 'approved' as const, by: 'controller', selfConfirmed: false });

function deps(): EngineDeps & { store: ReturnType<typeof setup>['store']; db: ReturnType<typeof setup>['db'] } {
  const { store, db } = setup();
  return { store, db, alerts: { exceptionRaised: () => Promise.resolve() }, log: silentLogger() };
}

/**
 * The toy pipeline as a real planner plans: records already written to their target are skipped, and the rest
 * (in flight or not) are planned with their own keys, so a re-plan after a stop yields exactly what is left.
 */
function planner(def: ReturnType<typeof toy>, d: ReturnType<typeof deps>): ReturnType<typeof toy> {
  return {
    ...def,
    draft: async (dd, request) => {
      const draft = await def.draft(dd, request);
      const items = draft.items.filter((i) => d.store.outbox.get(i.idempotencyKey)?.state !== 'confirmed');
      return { ...draft, items, preview: (cs) => ({ changeSetId: cs?.id ?? null, toSend: items.length }) };
    },
  };
}

/** Rows of the change-set item table and the distinct keys they name: equal when the plan is stored once. */
function itemRows(d: ReturnType<typeof deps>): { rows: number; keys: number } {
  return d.db
    .prepare<[], { rows: number; keys: number }>('SELECT COUNT(*) AS rows, COUNT(DISTINCT idempotency_key) AS keys FROM change_set_items')
    .get()!;
}

describe('change-set engine', () => {
  it('plans, approves and delivers the passes in order, then moves the cursor and completes the run', async () => {
    const d = deps();
    const sent: string[] = [];
    const summary = await runChangeSet(toy(ok, sent), d, { company: 'A', principal: 'analyst', records: [1, 2, 3], approve: yes });
    expect(sent).toEqual(['a:1', 'a:2', 'a:3', 'b:1', 'b:2', 'b:3']);
    expect(summary).toMatchObject({
      status: 'completed',
      exceptions: 0,
      execution: { written: 6, failed: 0, unknown: 0, notSent: 0, finished: true },
    });
    expect(d.store.cursors.get('toy', 'A')?.value).toEqual({ after: 6 });
    expect(d.store.changeSets.get(summary.changeSetId ?? 0)?.status).toBe('executed');
  });

  it('classifies a rejection by its code: a closed period is a period exception, whatever the text says', async () => {
    const d = deps();
    const answer: Answer = (e) =>
      e.idempotencyKey === 'a:2' ? { ok: false, code: 'period_closed', message: 'BL01001973 rejected', definite: true } : ok(e);
    const summary = await runChangeSet(toy(answer, []), d, { company: 'A', principal: 'analyst', records: [1, 2], approve: yes });
    expect(summary).toMatchObject({ status: 'partial', exceptions: 1, execution: { written: 3, failed: 1 } });
    expect(d.store.exceptions.list({ status: 'open' }).map((e) => [e.sourceKey, e.class])).toEqual([['a:2', 'period']]);
  });

  it('resends a write whose outcome was lost once, with the same key', async () => {
    const d = deps();
    const sent: string[] = [];
    const answer: Answer = (e, attempt) =>
      e.idempotencyKey === 'a:1' && attempt === 1 ? { ok: false, code: 'transport', message: 'reset', definite: false } : ok(e);
    const summary = await runChangeSet(toy(answer, sent), d, { company: 'A', principal: 'analyst', records: [1], approve: yes });
    expect(sent).toEqual(['a:1', 'a:1', 'b:1']);
    expect(summary).toMatchObject({ status: 'completed', execution: { written: 2, unknown: 0 } });
  });

  it('leaves a cancelled execution approved with the rest counted as not sent', async () => {
    const d = deps();
    const stop = new AbortController();
    stop.abort();
    const summary = await runChangeSet(toy(ok, []), d, {
      company: 'A',
      principal: 'analyst',
      records: [1, 2],
      approve: yes,
      signal: stop.signal,
    });
    expect(summary).toMatchObject({ status: 'cancelled', execution: { written: 0, notSent: 4, finished: false } });
    expect(d.store.cursors.get('toy', 'A')?.value).toEqual({ after: 0 });
    // Nobody is delivering it any more: it is approved again (not left executing), with every item still to send.
    expect(d.store.changeSets.get(summary.changeSetId ?? 0)?.status).toBe('approved');
    expect(d.store.outbox.pendingFor(summary.changeSetId ?? 0)).toHaveLength(4);
  });

  it('resumes a stopped approved change set of any pipeline on a re-plan instead of storing a copy of the plan', async () => {
    const d = deps();
    const sent: string[] = [];
    let stop = new AbortController();
    // Each run is cancelled once its first batch is answered: four runs deliver the 8 writes two at a time.
    const cancelAfterOneBatch: Answer = (e) => {
      stop.abort();
      return ok(e);
    };
    const def = planner(toy(cancelAfterOneBatch, sent), d);
    const approvals: string[] = [];
    const approve = (preview: ToyPreview) => {
      approvals.push(`change set ${preview.changeSetId}`);
      return yes();
    };
    const first = await runChangeSet(def, d, { company: 'A', principal: 'analyst', records: [1, 2, 3, 4], approve, signal: stop.signal });
    expect(first).toMatchObject({ status: 'cancelled', execution: { written: 2, notSent: 6 } });
    const id = first.changeSetId;
    const statuses: (string | undefined)[] = [];
    for (let round = 0; round < 3; round++) {
      statuses.push(d.store.changeSets.get(id ?? 0)?.status);
      stop = new AbortController();
      const again = await runChangeSet(def, d, { company: 'A', principal: 'analyst', records: [1, 2, 3, 4], approve, signal: stop.signal });
      // The same change set each time, its preview counting what was left, and no second approval step.
      expect(again).toMatchObject({ changeSetId: id, preview: { changeSetId: id, toSend: 6 - 2 * round } });
    }
    expect(statuses).toEqual(['approved', 'approved', 'approved']);
    expect(approvals).toEqual([`change set ${id}`]);
    expect(d.store.changeSets.get(id ?? 0)?.status).toBe('executed');
    expect(d.store.changeSets.list({ pipeline: 'toy' })).toHaveLength(1);
    expect(itemRows(d)).toEqual({ rows: 8, keys: 8 });
    expect(sent).toEqual(['a:1', 'a:2', 'a:3', 'a:4', 'b:1', 'b:2', 'b:3', 'b:4']);
    expect(d.store.runs.list({ pipeline: 'toy', status: 'running' })).toEqual([]);
    // A further run finds nothing left to send.
    expect(await runChangeSet(def, d, { company: 'A', principal: 'analyst', records: [1, 2, 3, 4], approve })).toMatchObject({
      status: 'nothing_to_do',
      changeSetId: null,
    });
  });

  it('returns an execution stopped by an error to approved, closes its run as failed, and a re-plan resumes it', async () => {
    const d = deps();
    const sent: string[] = [];
    let refuse = true;
    const audit: AuditPort = {
      append: (event) => {
        if (refuse) throw new Error('disk full');
        return { ...event, seq: 1, at: '', prevHash: '', hash: '' };
      },
      query: () => [],
    };
    const audited = { ...d, audit };
    const def = planner(toy(ok, sent), d);
    await expect(runChangeSet(def, audited, { company: 'A', principal: 'analyst', records: [1], approve: yes })).rejects.toThrow(
      /audit log could not be written/,
    );
    const [cs] = d.store.changeSets.list({ pipeline: 'toy' });
    expect(cs?.status).toBe('approved');
    expect(sent).toEqual([]);
    expect(d.store.runs.list({ pipeline: 'toy' }).map((r) => r.status)).toEqual(['failed']);
    refuse = false;
    const again = await runChangeSet(def, audited, {
      company: 'A',
      principal: 'analyst',
      records: [1],
      approve: () => Promise.reject(new Error('no second approval')),
    });
    expect(again).toMatchObject({ status: 'completed', changeSetId: cs?.id });
    expect(itemRows(d)).toEqual({ rows: 2, keys: 2 });
  });

  it('raises problems, returns the same pending change set to an identical retry, and writes nothing on a dry run', async () => {
    const d = deps();
    const sent: string[] = [];
    const def = toy(ok, sent);
    const dry = await planChangeSet(def, d, { company: 'A', principal: 'agent', records: [1], bad: [9], dryRun: true });
    expect(dry).toMatchObject({ kind: 'settled', status: 'dry_run', runId: null });
    expect(d.store.exceptions.list({ status: 'open' })).toHaveLength(0);
    const waiting = await runChangeSet(def, d, {
      company: 'A',
      principal: 'agent',
      records: [1],
      bad: [9],
      approve: () => Promise.resolve({ decision: 'pending' as const }),
    });
    expect(waiting).toMatchObject({ status: 'awaiting_approval', exceptions: 1 });
    const again = await planChangeSet(def, d, { company: 'A', principal: 'agent', records: [1], bad: [9] });
    expect(again).toMatchObject({ kind: 'planned', reused: true, changeSet: { id: waiting.changeSetId } });
    expect(d.store.exceptions.list({ status: 'open' }).map((e) => e.sourceKey)).toEqual(['r9']);
    expect(sent).toEqual([]);
  });

  it('holds back a write whose prerequisite did not go through: never sent, failed, with an exception', async () => {
    const d = deps();
    const sent: string[] = [];
    const answer: Answer = (e) => (e.idempotencyKey === 'a:1' ? { ok: false, code: 'validation', message: 'bad', definite: true } : ok(e));
    const hold: TargetPass['hold'] = (e) =>
      d.store.outbox.get(e.idempotencyKey.replace('b:', 'a:'))?.state === 'confirmed'
        ? null
        : {
            code: 'waiting',
            message: 'its create failed',
            exception: { class: 'transient', message: `${e.sourceKey} waits`, fix: 'fix the create' },
          };
    const summary = await runChangeSet(toy(answer, sent, hold), d, { company: 'A', principal: 'analyst', records: [1, 2], approve: yes });
    expect(sent).toEqual(['a:1', 'a:2', 'b:2']);
    expect(summary).toMatchObject({ status: 'partial', execution: { written: 2, failed: 1, held: 1, finished: true } });
    expect(d.store.outbox.get('b:1')?.state).toBe('failed');
    expect(
      d.store.exceptions
        .list({ status: 'open' })
        .map((e) => [e.sourceKey, e.class])
        .sort(),
    ).toEqual([
      ['a:1', 'validation'],
      ['b:1', 'transient'],
    ]);
  });
});
