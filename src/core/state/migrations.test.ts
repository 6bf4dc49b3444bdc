import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStateViolations } from './invariants.ts';
import { schemaVersion } from '../../platform/state-db.ts';
import { openStateDb } from '../../platform/state-db.ts';
import { STATE_MIGRATIONS } from './migrations.ts';
import { createStateStore } from './state-store.ts';

function setup() {
  let now = Date.parse('2025-01-31T12:00:00.000Z');
  const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
  const store = createStateStore(db, { clock: { now: () => now } });
  return { db, store, tick: (ms: number) => (now += ms) };
}

describe('state migrations', () => {
  it('bring a fresh database to the latest version with every table', () => {
    const { db } = setup();
    expect(schemaVersion(db)).toBe(STATE_MIGRATIONS.length);
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map(
      (t) => t.name,
    );
    expect(tables).toEqual(expect.arrayContaining(['change_set_items', 'change_sets', 'cursors', 'exceptions', 'outbox', 'runs', 'xrefs']));
  });

  it('reject rows the TypeScript unions forbid, as a second line of defence', () => {
    const { db, store } = setup();
    const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'p' });
    expect(() => db.prepare("UPDATE runs SET status = 'done' WHERE id = ?").run(runId)).toThrow(/CHECK constraint/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO exceptions (class, pipeline, company, source_key, message, fix, source_record, status, first_seen_at, last_seen_at) VALUES ('oops','gl','A','k','m','f','{}','open','t','t')",
        )
        .run(),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO change_sets (run_id, pipeline, company, digest, status, created_by, summary, created_at, updated_at) VALUES (999, 'gl', 'A', ?, 'planned', 'a', '{}', 't', 't')",
        )
        .run('0'.repeat(64)),
    ).toThrow(/FOREIGN KEY/);
  });

  it('move existing outbox payloads to their own table, unchanged, and keep the store working on them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sagebridge-migrate-')), 'state.db');
    const v4 = openStateDb(path, { migrations: STATE_MIGRATIONS.slice(0, 4) });
    const now = '2025-01-31T12:00:00.000Z';
    v4.prepare(
      "INSERT INTO runs (pipeline, company, principal, params, status, started_at) VALUES ('gl', 'A', 'p', '{}', 'running', ?)",
    ).run(now);
    v4.prepare(
      "INSERT INTO change_sets (run_id, pipeline, company, digest, status, created_by, summary, created_at, updated_at) VALUES (1, 'gl', 'A', ?, 'approved', 'p', '{}', ?, ?)",
    ).run('0'.repeat(64), now, now);
    v4.prepare(
      "INSERT INTO outbox (idempotency_key, change_set_id, target_system, object_type, source_system, source_key, payload, payload_digest, state, created_at, updated_at) VALUES ('k1', 1, 'intacct', 'GLBATCH', 'sage300', 'JE-1', ?, 'd', 'approved', ?, ?)",
    ).run('{"amount":"1.00","memo":"é"}', now, now);
    v4.close();
    const db = openStateDb(path, { migrations: STATE_MIGRATIONS });
    expect(schemaVersion(db)).toBe(STATE_MIGRATIONS.length);
    const columns = (db.prepare('PRAGMA table_info(outbox)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('payload');
    const store = createStateStore(db, { clock: { now: () => Date.parse(now) } });
    expect(store.outbox.get('k1')).toMatchObject({ state: 'approved', payload: { amount: '1.00', memo: 'é' } });
    expect(store.outbox.markSending('k1').payload).toEqual({ amount: '1.00', memo: 'é' });
    expect(findStateViolations(db)).toEqual([]);
    db.prepare(
      "INSERT INTO outbox (idempotency_key, change_set_id, target_system, object_type, source_system, source_key, payload_digest, state, created_at, updated_at) VALUES ('k2', 1, 'intacct', 'GLBATCH', 'sage300', 'JE-2', 'd', 'planned', ?, ?)",
    ).run(now, now);
    expect(findStateViolations(db)).toEqual(['1 outbox row(s) have no stored payload']);
    db.close();
  });

  it('rebuild runs to allow interrupted (migration 8), keeping every row, run id counter and foreign key', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sagebridge-migrate-')), 'state.db');
    const v7 = openStateDb(path, { migrations: STATE_MIGRATIONS.slice(0, 7) });
    const now = '2025-01-31T12:00:00.000Z';
    const insertRun = v7.prepare(
      "INSERT INTO runs (pipeline, company, principal, params, status, started_at) VALUES ('gl', 'A', 'p', '{}', ?, ?)",
    );
    for (const status of ['running', 'succeeded', 'running']) insertRun.run(status, now);
    v7.prepare('DELETE FROM runs WHERE id = 3').run(); // the counter is at 3 even though the highest id is 2
    v7.prepare(
      "INSERT INTO change_sets (run_id, pipeline, company, digest, status, created_by, summary, created_at, updated_at) VALUES (1, 'gl', 'A', ?, 'executing', 'p', '{}', ?, ?)",
    ).run('0'.repeat(64), now, now);
    v7.prepare(`UPDATE change_sets SET bound_policy = '{"mode":"required"}', requesters = '["p","q"]' WHERE id = 1`).run();
    v7.close();

    const db = openStateDb(path, { migrations: STATE_MIGRATIONS });
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare('SELECT id, status FROM runs ORDER BY id').all()).toEqual([
      { id: 1, status: 'running' },
      { id: 2, status: 'succeeded' },
    ]);
    const store = createStateStore(db, { clock: { now: () => Date.parse(now) } });
    expect(store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'p' })).toBe(4);
    // Rows from before owners were recorded are a dead process's leftovers.
    expect(store.recover()).toMatchObject({ changeSets: [{ id: 1, to: 'executed', owner: null }], runs: [{ id: 1, owner: null }] });
    expect(store.runs.get(1)?.status).toBe('interrupted');
    // What migrations 6 and 7 added to change sets survives the rebuild of the table they reference.
    expect(db.prepare('SELECT bound_policy, requesters FROM change_sets WHERE id = 1').get()).toEqual({
      bound_policy: '{"mode":"required"}',
      requesters: '["p","q"]',
    });
    expect(() => db.prepare("UPDATE runs SET status = 'done' WHERE id = 2").run()).toThrow(/CHECK constraint/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO change_sets (run_id, pipeline, company, digest, status, created_by, summary, created_at, updated_at) VALUES (999, 'gl', 'A', ?, 'planned', 'a', '{}', 't', 't')",
        )
        .run('0'.repeat(64)),
    ).toThrow(/FOREIGN KEY/);
    expect(findStateViolations(db)).toEqual([]);
    db.close();
  });
});
