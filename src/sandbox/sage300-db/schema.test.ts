import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COLUMN_WIDTHS,
  SAGE300_TABLES,
  createSage300Schema,
  insertRow,
  openCompanyDb,
  padChar,
  rowWriter,
  tableDef,
  toStoredRow,
  withBulkLoad,
} from './schema.ts';

describe('sage300 schema', () => {
  it('creates every table idempotently with SQL Server column types', () => {
    const db = openCompanyDb(':memory:');
    createSage300Schema(db);
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    expect(names.sort()).toEqual([...SAGE300_TABLES].sort());
    const cols = db.prepare('PRAGMA table_info(GLPOST)').all() as { name: string; type: string; pk: number }[];
    expect(cols.find((c) => c.name === 'ACCTID')?.type).toBe('CHAR(45)');
    expect(cols.find((c) => c.name === 'TRANSAMT')?.type).toBe('TEXT DECIMAL(19,3)');
    expect(cols.find((c) => c.name === 'POSTINGSEQ')?.type).toBe('DECIMAL(7,0)');
    expect(cols.filter((c) => c.pk > 0).map((c) => c.name)).toEqual([
      'ACCTID',
      'FISCALYR',
      'FISCALPERD',
      'SRCECURN',
      'SRCELEDGER',
      'SRCETYPE',
      'POSTINGSEQ',
      'CNTDETAIL',
    ]);
  });

  it('pads CHAR values, keeps decimals as exact text and fills blanks', () => {
    const db = openCompanyDb(':memory:');
    insertRow(db, 'APVEN', { VENDORID: '1200', VENDNAME: 'Acme', AMTCRLIMT: new Money('12345678901234.5') });
    const row = db.prepare('SELECT VENDORID, AMTCRLIMT, typeof(AMTCRLIMT) AS t, SWACTV, TEXTSTRE2 FROM APVEN').get() as Record<
      string,
      unknown
    >;
    expect(row).toEqual({ VENDORID: '1200'.padEnd(12), AMTCRLIMT: '12345678901234.500', t: 'text', SWACTV: 0, TEXTSTRE2: ' '.repeat(60) });
    expect(COLUMN_WIDTHS.APVEN?.VENDORID).toBe(12);
  });

  it('rejects floats, overlong CHAR values and unknown columns', () => {
    const db = openCompanyDb(':memory:');
    expect(() => insertRow(db, 'GLPOST', { TRANSAMT: 0.1 })).toThrow(/float/);
    expect(() => insertRow(db, 'APVEN', { VENDORID: 'X'.repeat(13) })).toThrow(/CHAR\(12\)/);
    expect(() => insertRow(db, 'APVEN', { VENDORNAME: 'x' })).toThrow(/unknown column/);
    expect(padChar('AB', 4)).toBe('AB  ');
  });

  it('stores the same values through insertRow, toStoredRow and rowWriter, whatever the row shape', () => {
    const db = openCompanyDb(':memory:');
    const row = { VENDORID: "O'Neil", VENDNAME: 'Acme', AMTCRLIMT: new Money('-0.0001'), SWACTV: 1, DATESTART: 20260105 };
    insertRow(db, 'APVEN', row);
    insertRow(db, 'APVEN', { SWACTV: 1, VENDORID: 'B', AMTCRLIMT: '7' });
    const write = rowWriter(db, 'APVEN', ['VENDNAME', 'VENDORID', 'AMTCRLIMT'], { SWACTV: 1, DATESTART: 20260105 });
    write(['Acme', 'C', new Money('-0.0001')]);
    const all = db.prepare('SELECT *, typeof(AMTCRLIMT) AS t1, typeof(SWACTV) AS t2 FROM APVEN ORDER BY rowid').all() as Record<
      string,
      unknown
    >[];
    const cols = tableDef('APVEN').columns.map((c) => c.name);
    const expected = toStoredRow('APVEN', row);
    expect(cols.map((c) => all[0]?.[c])).toEqual(expected);
    expect(cols.map((c) => all[2]?.[c])).toEqual(toStoredRow('APVEN', { ...row, VENDORID: 'C' }));
    expect(all[0]?.AMTCRLIMT).toBe('0.000');
    expect(all[1]?.AMTCRLIMT).toBe('7.000');
    expect(all.map((r) => [r.t1, r.t2])).toEqual([
      ['text', 'integer'],
      ['text', 'integer'],
      ['text', 'integer'],
    ]);
    expect(() => write(['x'])).toThrow(/expects 3 values/);
    expect(() => rowWriter(db, 'APVEN', ['NOPE'])).toThrow(/unknown column/);
    expect(() => rowWriter(db, 'APVEN', ['SWACTV'], { SWACTV: 0 })).toThrow(/both fixed/);
  });

  it('bulk-loads a file database without WAL, then restores its settings and indexes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sage300-schema-'));
    try {
      const db = openCompanyDb(join(dir, 'X.sqlite'));
      const indexes = (): string[] =>
        db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];
      const before = indexes();
      const during = withBulkLoad(db, () => ({ journal: db.pragma('journal_mode', { simple: true }), indexes: indexes().length }));
      expect(during).toEqual({ journal: 'memory', indexes: 0 });
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(indexes()).toEqual(before);
      // A failed load rolls back: rows gone, indexes back.
      expect(() =>
        withBulkLoad(db, () => {
          insertRow(db, 'APVEN', { VENDORID: 'V1' });
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(db.prepare('SELECT COUNT(*) FROM APVEN').pluck().get()).toBe(0);
      expect(indexes()).toEqual(before);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      // Unique secondary indexes (POPORH1.PONUMBER is a unique key in Sage) still reject duplicates when rebuilt.
      expect(() =>
        withBulkLoad(db, () => {
          insertRow(db, 'POPORH1', { PORHSEQ: 1, PONUMBER: 'PO-1' });
          insertRow(db, 'POPORH1', { PORHSEQ: 2, PONUMBER: 'PO-1' });
        }),
      ).toThrow(/UNIQUE/);
      // GLPOST's posting-sequence key allows duplicates, as Sage declares it (consolidated posting ties on it).
      const post = { ACCTID: 'A', POSTINGSEQ: 1, BATCHNBR: '000001', ENTRYNBR: '00001', TRANSNBR: 20 };
      withBulkLoad(db, () => {
        insertRow(db, 'GLPOST', { ...post, CNTDETAIL: 1 });
        insertRow(db, 'GLPOST', { ...post, ACCTID: 'B', CNTDETAIL: 2 });
      });
      expect(db.prepare('SELECT COUNT(*) FROM GLPOST').pluck().get()).toBe(2);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
