import { describe, expect, it } from 'vitest';
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
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['change_set_items', 'change_sets', 'cursors', 'exceptions', 'outbox', 'runs', 'xrefs']));
  });

  it('reject rows the TypeScript unions forbid, as a second line of defence', () => {
    const { db, store } = setup();
    const runId = store.runs.startRun({ pipeline: 'gl', company: 'A', params: {}, principal: 'p' });
    expect(() => db.prepare("UPDATE runs SET status = 'done' WHERE id = ?").run(runId)).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO exceptions (class, pipeline, company, source_key, message, fix, source_record, status, first_seen_at, last_seen_at) VALUES ('oops','gl','A','k','m','f','{}','open','t','t')").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO change_sets (run_id, pipeline, company, digest, status, created_by, summary, created_at, updated_at) VALUES (999, 'gl', 'A', ?, 'planned', 'a', '{}', 't', 't')").run('0'.repeat(64))).toThrow(/FOREIGN KEY/);
  });
});
