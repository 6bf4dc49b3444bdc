import { describe, expect, it } from 'vitest';
import { glLineOf, glLineOfPosting } from './gl-line.ts';
import type { SqlRow } from './sql-backend.ts';

/** One GLPOST row as the SQLite backend returns GLPOST_COLS (CHARs RTRIMmed, amounts CAST to text). */
const ROW: SqlRow = {
  POSTINGSEQ: 42,
  BATCHNBR: '000007',
  ENTRYNBR: '00003',
  TRANSNBR: 2,
  CNTDETAIL: 2,
  ACCTID: '6000ADMEA',
  ACCTFMTTD: '6000-ADM-EA',
  FISCALYR: '2026',
  FISCALPERD: '06',
  JRNLDATE: 20260615,
  SRCELEDGER: 'GL',
  SRCETYPE: 'JE',
  SRCECURN: 'USD',
  TRANSAMT: '-12.500',
  TRANSQTY: '0.000',
  SCURNAMT: '-12.500',
  JNLDTLDESC: 'Rent June',
  JNLDTLREF: 'FX-7',
  DRILAPP: '',
  DRILLDWNLK: 0,
  SCURNCODE: 'USD',
  HCURNCODE: 'USD',
  RATETYPE: 'SP',
  RATEDATE: 20260615,
  CONVRATE: '1.0000000',
  RATEOPER: '1',
};

const EXPECTED = {
  batch: '000007',
  entry: '00003',
  line: 2,
  postingSeq: 42,
  account: '6000-ADM-EA',
  accountId: '6000ADMEA',
  date: '2026-06-15',
  fiscalYear: '2026',
  fiscalPeriod: '06',
  amount: '-12.500',
  currency: 'USD',
  description: 'Rent June',
  reference: 'FX-7',
  sourceLedger: 'GL',
  sourceType: 'JE',
  fx: {
    sourceCurrency: 'USD',
    sourceAmount: '-12.500',
    homeCurrency: 'USD',
    rateType: 'SP',
    rateDate: '2026-06-15',
    rate: '1',
    rateOperator: '1',
  },
};

/** The fast mapping must give exactly what the general normaliser gives, line or error. */
function same(row: SqlRow) {
  const fast = glLineOf(row);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(glLineOfPosting(row)));
  return fast;
}

describe('GLPOST row → GL source line', () => {
  it('maps a well-formed row field by field, amount at 3 places', () => {
    expect(same(ROW)).toEqual({ ok: true, line: EXPECTED });
  });

  it('renders every amount shape as the Decimal toFixed(3) does: zero, negatives, big values, more or fewer places', () => {
    const cases: [unknown, string][] = [
      ['0.000', '0.000'],
      ['-0.000', '0.000'],
      ['0', '0.000'],
      ['-0.0004', '-0.000'],
      ['-0.001', '-0.001'],
      ['12.5', '12.500'],
      ['007.100', '7.100'],
      ['1.2345', '1.235'],
      ['-1.2345', '-1.235'],
      ['9999999999999999.999', '9999999999999999.999'],
      ['-1234567890123.456', '-1234567890123.456'],
      [' 12.500 ', '12.500'],
      [5, '5.000'],
      [-7, '-7.000'],
    ];
    for (const [amount, text] of cases) {
      const r = same({ ...ROW, TRANSAMT: amount });
      expect(r.ok && r.line.amount, String(amount)).toBe(text);
    }
  });

  it('trims CHAR padding on the right only, and a blank currency reads as USD', () => {
    const r = same({ ...ROW, BATCHNBR: '000007  ', JNLDTLDESC: '  lead   ', JNLDTLREF: '', SRCECURN: '   ', ACCTFMTTD: '6000-ADM-EA ' });
    expect(r).toEqual({ ok: true, line: { ...EXPECTED, description: '  lead', reference: '', currency: 'USD' } });
  });

  it('keeps a line whose account has no GLAMF row, with a null formatted account', () => {
    expect(same({ ...ROW, ACCTFMTTD: null })).toEqual({ ok: true, line: { ...EXPECTED, account: null } });
  });

  it('turns a 0 journal date into a row error keyed by posting sequence, batch, entry and line', () => {
    expect(same({ ...ROW, JRNLDATE: 0 })).toEqual({
      ok: false,
      key: 'GLPOST:42/000007/00003/2',
      message: 'JRNLDATE is 0 (no journal date)',
    });
  });

  it("reports bad values with the general reader's table, key and first problem", () => {
    const key = 'GLPOST:POSTINGSEQ=42,BATCHNBR=000007,ENTRYNBR=00003,TRANSNBR=2';
    const cases: [SqlRow, string][] = [
      [{ ...ROW, TRANSAMT: '1e3' }, 'expected an exact decimal in TRANSAMT'],
      [{ ...ROW, TRANSAMT: 0.1 }, 'expected an exact decimal in TRANSAMT'],
      [{ ...ROW, TRANSQTY: '1,000' }, 'expected an exact decimal in TRANSQTY'],
      [{ ...ROW, SCURNAMT: null }, 'expected an exact decimal in SCURNAMT'],
      [{ ...ROW, JRNLDATE: 20260231 }, 'impossible YYYYMMDD date in JRNLDATE'],
      [{ ...ROW, JRNLDATE: 0, TRANSAMT: 'x' }, 'expected an exact decimal in TRANSAMT'],
      [{ ...ROW, CNTDETAIL: 1.5 }, 'expected an integer in CNTDETAIL'],
      [{ ...ROW, DRILAPP: 7 }, 'expected text in DRILAPP'],
      [{ ...ROW, TRANSAMT: 'x', SRCETYPE: 3 }, 'expected text in SRCETYPE'],
    ];
    for (const [row, message] of cases) expect(same(row), message).toEqual({ ok: false, key, message });
    const missing: Record<string, unknown> = { ...ROW };
    delete missing.JNLDTLREF;
    expect(same(missing)).toEqual({ ok: false, key, message: 'column JNLDTLREF missing from result' });
  });

  it('reads integers and dates that a driver returns as text or bigint the general way', () => {
    const r = same({ ...ROW, POSTINGSEQ: 42n, TRANSNBR: '2', JRNLDATE: '20260615', DRILLDWNLK: '9007199254740993' });
    expect(r).toEqual({
      ok: false,
      key: 'GLPOST:POSTINGSEQ=42,BATCHNBR=000007,ENTRYNBR=00003,TRANSNBR=2',
      message: 'expected an integer in DRILLDWNLK',
    });
    expect(same({ ...ROW, POSTINGSEQ: 42n, TRANSNBR: ' 2', JRNLDATE: '20260615' })).toEqual({ ok: true, line: EXPECTED });
  });

  it('gives the same date for the same value on every call (valid dates are remembered, others are not)', () => {
    for (const date of [20240229, 20250229, 20240229, 20250229]) same({ ...ROW, JRNLDATE: date });
    const r = same({ ...ROW, JRNLDATE: 20240229 });
    expect(r.ok && r.line.date).toBe('2024-02-29');
  });
});
