import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb, schemaVersion, StateDbError, type Migration, type StateDb } from './state-db.ts';

const V1: Migration = {
  version: 1,
  name: 'things',
  up: (db) => db.exec('CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT NOT NULL)'),
};
const V2: Migration = {
  version: 2,
  name: 'thing colour',
  up: (db) => db.exec("ALTER TABLE things ADD COLUMN colour TEXT NOT NULL DEFAULT 'red'"),
};

const dirs: string[] = [];
const open: StateDb[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sagebridge-state-db-'));
  dirs.push(dir);
  return join(dir, 'state.db');
}
function track(db: StateDb): StateDb {
  open.push(db);
  return db;
}
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function expectStateDbError(fn: () => unknown, code: string, text: RegExp): void {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StateDbError);
    expect((err as StateDbError).code).toBe(code);
    expect((err as Error).message).toMatch(text);
    return;
  }
  throw new Error('expected a StateDbError');
}

describe('openStateDb', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout on a file database', () => {
    const db = track(openStateDb(tempPath(), { busyTimeoutMs: 1234 }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
  });

  it('applies every migration to a fresh file and records each one', () => {
    const db = track(openStateDb(tempPath(), { migrations: [V1, V2] }));
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 1, name: 'things' },
      { version: 2, name: 'thing colour' },
    ]);
    db.prepare("INSERT INTO things (name) VALUES ('a')").run();
    expect(db.prepare('SELECT colour FROM things').get()).toEqual({ colour: 'red' });
  });

  it('re-opens without re-applying and applies only the new step after an upgrade', () => {
    const path = tempPath();
    const first = track(openStateDb(path, { migrations: [V1] }));
    first.prepare("INSERT INTO things (name) VALUES ('kept')").run();
    first.close();
    let ran = 0;
    const counted: Migration = {
      ...V1,
      up: (db) => {
        ran++;
        V1.up(db);
      },
    };
    const again = track(openStateDb(path, { migrations: [counted, V2] }));
    expect(ran).toBe(0);
    expect(schemaVersion(again)).toBe(2);
    expect(again.prepare('SELECT name, colour FROM things').all()).toEqual([{ name: 'kept', colour: 'red' }]);
  });

  it('refuses a database written by a newer release, naming both versions', () => {
    const path = tempPath();
    track(openStateDb(path, { migrations: [V1, V2] })).close();
    expectStateDbError(() => openStateDb(path, { migrations: [V1] }), 'schema_too_new', /schema version 2.*only knows up to version 1/);
  });

  it('refuses a database whose recorded migration names differ from the code', () => {
    const path = tempPath();
    track(openStateDb(path, { migrations: [V1] })).close();
    expectStateDbError(() => openStateDb(path, { migrations: [{ ...V1, name: 'other' }] }), 'schema_diverged', /"things".*"other"/);
  });

  it('rejects a migration list that is not 1, 2, 3 in order', () => {
    expectStateDbError(() => openStateDb(tempPath(), { migrations: [V2] }), 'bad_migration_list', /version 2/);
  });

  it('rolls a failing migration back completely and leaves the version unchanged', () => {
    const path = tempPath();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    };
    expect(() => openStateDb(path, { migrations: [V1, broken] })).toThrow('boom');
    const db = track(openStateDb(path, { migrations: [V1] }));
    expect(schemaVersion(db)).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it('opens read-only only when the schema is current, and then refuses writes', () => {
    const path = tempPath();
    track(openStateDb(path, { migrations: [V1] })).close();
    expectStateDbError(() => openStateDb(path, { readonly: true, migrations: [V1, V2] }), 'schema_too_old', /open it once read-write/);
    const ro = track(openStateDb(path, { readonly: true, migrations: [V1] }));
    expect(() => ro.prepare("INSERT INTO things (name) VALUES ('x')").run()).toThrow(/readonly/);
  });

  it('does not create a missing file when opened read-only', () => {
    expect(() => openStateDb(tempPath(), { readonly: true })).toThrow();
  });
});
