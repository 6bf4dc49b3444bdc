import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatorStore } from './store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fileStore(): { store: EmulatorStore; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'emulator-store-'));
  dirs.push(dir);
  const path = join(dir, 'intacct.db');
  return { store: new EmulatorStore(new Database(path)), path };
}

describe('EmulatorStore write transactions', () => {
  it('numbers records the same inside a request transaction as outside, and persists the sequences on commit', () => {
    const { store, path } = fileStore();
    expect(store.insert('GLBATCH', undefined, { A: '1' }).recordNo).toBe(1);
    store.beginWrite();
    store.beginFunction();
    expect(store.insert('GLBATCH', undefined, { A: '2' }).recordNo).toBe(2);
    expect(store.insertAll('GLENTRY', [{ L: '1' }, { L: '2' }, { L: '3' }, { L: '4' }, { L: '5' }]).map((r) => r.recordNo)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    store.endFunction(true);
    store.commitWrite();
    store.db.close();

    const reopened = new EmulatorStore(new Database(path));
    expect(reopened.insert('GLBATCH', undefined, { A: '3' }).recordNo).toBe(3);
    expect(reopened.insertAll('GLENTRY', [{ L: '6' }]).map((r) => r.recordNo)).toEqual([6]);
    expect(reopened.all('GLENTRY').map((r) => r.data)).toEqual([1, 2, 3, 4, 5, 6].map((n) => ({ RECORDNO: String(n), L: String(n) })));
    reopened.db.close();
  });

  it('gives the numbers of a rolled-back function to the next one, as a database rollback would', () => {
    const { store } = fileStore();
    store.beginWrite();
    store.beginFunction();
    expect(store.insert('GLBATCH', undefined, {}).recordNo).toBe(1);
    store.endFunction(true);
    store.beginFunction();
    expect(store.insert('GLBATCH', undefined, {}).recordNo).toBe(2);
    store.endFunction(false);
    store.beginFunction();
    expect(store.insert('GLBATCH', undefined, {}).recordNo).toBe(2);
    store.endFunction(true);
    store.commitWrite();
    expect(store.all('GLBATCH').map((r) => r.recordNo)).toEqual([1, 2]);
    expect(store.nextSequence('RECORDNO:GLBATCH')).toBe(3);
  });

  it('forgets the numbers taken by a rolled-back request', () => {
    const { store } = fileStore();
    store.beginWrite();
    store.insert('GLBATCH', undefined, {});
    store.rollbackWrite();
    expect(store.all('GLBATCH')).toEqual([]);
    expect(store.insert('GLBATCH', undefined, {}).recordNo).toBe(1);
  });

  it('answers period checks from the request cache only until the period changes', () => {
    const { store } = fileStore();
    store.setPeriod('2026-06', 'open');
    expect(store.isPeriodOpen('2026-06')).toBe(true);
    store.setPeriod('2026-06', 'closed');
    expect(store.isPeriodOpen('2026-06')).toBe(false);
    expect(store.isPeriodOpen('2026-07')).toBe(false);
  });
});
