import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money.ts';
import { COLUMN_WIDTHS, SAGE300_TABLES, createSage300Schema, insertRow, openCompanyDb, padChar } from './schema.ts';

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
    expect(cols.filter((c) => c.pk > 0).map((c) => c.name)).toEqual(['ACCTID', 'FISCALYR', 'FISCALPERD', 'SRCECURN', 'SRCELEDGER', 'SRCETYPE', 'POSTINGSEQ', 'CNTDETAIL']);
  });

  it('pads CHAR values, keeps decimals as exact text and fills blanks', () => {
    const db = openCompanyDb(':memory:');
    insertRow(db, 'APVEN', { VENDORID: '1200', VENDNAME: 'Acme', AMTCRLIMT: new Money('12345678901234.5') });
    const row = db.prepare('SELECT VENDORID, AMTCRLIMT, typeof(AMTCRLIMT) AS t, SWACTV, TEXTSTRE2 FROM APVEN').get() as Record<string, unknown>;
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
});
