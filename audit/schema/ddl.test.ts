import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { writeTestChain } from './chain.test-support.ts';
import { AUDIT_TRIGGERS, ensureAuditSchema } from './ddl.ts';
import { AuditFileError } from './audit-file-error.ts';
import { GENESIS_HASH } from './row-hash.ts';

function fileWithRows(n: number): { path: string; db: Database.Database } {
  const path = join(mkdtempSync(join(tmpdir(), 'sb-audit-ddl-')), 'audit.db');
  writeTestChain(path, n);
  return { path, db: new Database(path) };
}

const insertSql = 'INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?, ?)';

describe('audit_events schema', () => {
  it('aborts any UPDATE', () => {
    const { db } = fileWithRows(3);
    expect(() => db.prepare("UPDATE audit_events SET outcome = 'failed' WHERE seq = 2").run()).toThrow(/append-only: UPDATE/);
    expect(db.prepare('SELECT outcome FROM audit_events WHERE seq = 2').get()).toEqual({ outcome: 'ok' });
    db.close();
  });

  it('aborts any DELETE', () => {
    const { db } = fileWithRows(3);
    expect(() => db.prepare('DELETE FROM audit_events WHERE seq = 3').run()).toThrow(/append-only: DELETE/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_events').get()).toEqual({ n: 3 });
    db.close();
  });

  it('aborts an insert that skips a seq or does not link to the last hash', () => {
    const { db } = fileWithRows(2);
    const last = db.prepare<[], { hash: string }>('SELECT hash FROM audit_events WHERE seq = 2').get()!.hash;
    const row = (seq: number, prev: string) => [
      seq,
      '2026-03-02T00:00:00.000Z',
      'report',
      'system',
      'x',
      'n/a',
      'ok',
      '{}',
      prev,
      'a'.repeat(64),
    ];
    expect(() => db.prepare(insertSql).run(...row(4, last))).toThrow(/seq must be the last seq \+ 1/);
    expect(() => db.prepare(insertSql).run(...row(3, GENESIS_HASH))).toThrow(/prev_hash must be the hash of the last row/);
    expect(() => db.prepare(insertSql).run(...row(3, last))).not.toThrow();
    db.close();
  });

  it('requires the first row to link to the genesis hash', () => {
    const { db } = fileWithRows(0);
    const row = (prev: string) => [1, '2026-03-02T00:00:00.000Z', 'report', 'system', 'x', 'n/a', 'ok', '{}', prev, 'a'.repeat(64)];
    expect(() => db.prepare(insertSql).run(...row('b'.repeat(64)))).toThrow(/prev_hash/);
    expect(() => db.prepare(insertSql).run(...row(GENESIS_HASH))).not.toThrow();
    db.close();
  });

  it('refuses detail that is not JSON and values of the wrong type', () => {
    const { db } = fileWithRows(0);
    expect(() => db.prepare(insertSql).run(1, 'now', 'report', 'system', 'x', 'n/a', 'ok', '{nope', GENESIS_HASH, 'a'.repeat(64))).toThrow(
      /CHECK/,
    );
    expect(() => db.prepare(insertSql).run('one', 'now', 'report', 'system', 'x', 'n/a', 'ok', '{}', GENESIS_HASH, 'a'.repeat(64))).toThrow(
      /datatype|INTEGER/i,
    );
    db.close();
  });

  it('names the triggers it installs', () => {
    const { db } = fileWithRows(0);
    const names = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
      .all()
      .map((r) => r.name);
    expect(names).toEqual(Object.values(AUDIT_TRIGGERS).sort());
    db.close();
  });

  it('is idempotent on an existing log and keeps its rows', () => {
    const { path, db } = fileWithRows(4);
    ensureAuditSchema(db, path);
    ensureAuditSchema(db, path);
    expect(db.prepare('SELECT COUNT(*) AS n FROM audit_events').get()).toEqual({ n: 4 });
    db.close();
  });

  it('refuses a file written by a newer format', () => {
    const { path, db } = fileWithRows(1);
    db.prepare("UPDATE audit_meta SET value = '2' WHERE key = 'schema_version'").run();
    let caught: unknown;
    try {
      ensureAuditSchema(db, path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AuditFileError);
    expect((caught as AuditFileError).code).toBe('schema_too_new');
    db.close();
  });

  it('refuses to start a log inside a database that holds other tables', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-audit-ddl-')), 'state.db');
    const db = new Database(path);
    db.exec('CREATE TABLE outbox (id INTEGER PRIMARY KEY)');
    expect(() => ensureAuditSchema(db, path)).toThrow(/already holds other tables \(e\.g\. outbox\)/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'audit%'").all()).toEqual([]);
    db.close();
  });
});
