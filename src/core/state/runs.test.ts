import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS } from './migrations.ts';
import { createStateStore } from './state-store.ts';

function setup() {
  let now = Date.parse('2025-01-31T12:00:00.000Z');
  const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
  const store = createStateStore(db, { clock: { now: () => now } });
  return { db, store, tick: (ms: number) => (now += ms) };
}

describe('runs', () => {
  it('starts a running run and finishes it once with a summary', () => {
    const { store, tick } = setup();
    const id = store.runs.startRun({ pipeline: 'gl', company: 'SAMINC', params: { from: '2025-01-01' }, principal: 'agent:claude' });
    expect(store.runs.get(id)).toMatchObject({
      status: 'running',
      params: { from: '2025-01-01' },
      startedAt: '2025-01-31T12:00:00.000Z',
      finishedAt: null,
    });
    tick(5_000);
    const done = store.runs.finishRun(id, 'partial', { posted: 9, exceptions: 1, total: '1200.50' });
    expect(done).toMatchObject({
      ok: true,
      value: { status: 'partial', summary: { total: '1200.50' }, finishedAt: '2025-01-31T12:00:05.000Z' },
    });
    expect(store.runs.finishRun(id, 'succeeded', {})).toMatchObject({ ok: false, error: { code: 'invalid_status' } });
    expect(store.runs.get(id)?.status).toBe('partial');
  });

  it('reports not_found for an unknown run', () => {
    expect(setup().store.runs.finishRun(99, 'failed', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('lists newest first, filtered', () => {
    const { store } = setup();
    const a = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'p' });
    store.runs.startRun({ pipeline: 'vendors', company: 'A', params: {}, principal: 'p' });
    const c = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'p' });
    expect(store.runs.list({ pipeline: 'gl' }).map((r) => r.id)).toEqual([c, a]);
    expect(store.runs.list({ limit: 1 }).map((r) => r.id)).toEqual([c]);
  });

  it('lists by every combination of filters, and a limit of 0 lists none, a negative one all', () => {
    const { store } = setup();
    const start = (pipeline: string, company: string) => store.runs.startRun({ pipeline, company, params: {}, principal: 'p' });
    const a = start('gl', 'A');
    const b = start('gl', 'B');
    const c = start('ap', 'A');
    const d = start('gl', 'A');
    store.runs.finishRun(a, 'succeeded', {});
    store.runs.finishRun(c, 'failed', {});
    const ids = (filter: Parameters<typeof store.runs.list>[0]) => store.runs.list(filter).map((r) => r.id);
    expect(ids({})).toEqual([d, c, b, a]);
    expect(ids({ company: 'A' })).toEqual([d, c, a]);
    expect(ids({ status: 'running' })).toEqual([d, b]);
    expect(ids({ pipeline: 'gl', company: 'A' })).toEqual([d, a]);
    expect(ids({ pipeline: 'gl', status: 'succeeded' })).toEqual([a]);
    expect(ids({ pipeline: 'gl', company: 'A', status: 'running', limit: 5 })).toEqual([d]);
    expect(ids({ company: 'A', limit: 2 })).toEqual([d, c]);
    expect(ids({ limit: 0 })).toEqual([]);
    expect(ids({ limit: -1 })).toEqual([d, c, b, a]);
    expect(ids({ pipeline: 'po' })).toEqual([]);
  });
});
