import { describe, expect, it } from 'vitest';
import { RowReader, rtrim, sageDateToIso, sageTimeToIso } from './normalise.ts';
import { GL_BATCH_STATUS, SUBLEDGER_BATCH_STATUS } from './normalise-codes.ts';
import { normaliseGlAccount } from './normalise-gl.ts';

describe('Sage 300 value normalisers', () => {
  it('removes right padding only; leading spaces are significant', () => {
    expect(rtrim(' WPL/01   ')).toBe(' WPL/01');
    expect(new RowReader('T', { A: '1200        ' }, ['A']).char('A')).toBe('1200');
  });

  it('converts YYYYMMDD to ISO dates, 0 to null, and rejects impossible dates', () => {
    expect(sageDateToIso(20260105)).toBe('2026-01-05');
    expect(sageDateToIso(20240229)).toBe('2024-02-29');
    expect(sageDateToIso(0)).toBeNull();
    expect(sageDateToIso(20250229)).toBeUndefined();
    expect(sageDateToIso(20261345)).toBeUndefined();
    expect(sageDateToIso(2026010)).toBeUndefined();
  });

  it('pads HHMMSSCC times without a leading zero before splitting them', () => {
    expect(sageTimeToIso(12113964)).toBe('12:11:39.64');
    expect(sageTimeToIso(6381806)).toBe('06:38:18.06');
    expect(sageTimeToIso(5)).toBe('00:00:00.05');
    expect(sageTimeToIso(0)).toBe('00:00:00.00');
    expect(sageTimeToIso(24000000)).toBeUndefined();
    expect(sageTimeToIso(12605900)).toBeUndefined();
  });

  it('reads amounts as exact decimals, never through a float', () => {
    const r = new RowReader('T', { A: '0.100', B: '-1234567890123.456', C: 0.1 }, []);
    expect(r.amount('A').plus(r.amount('A')).plus(r.amount('A')).toFixed(3)).toBe('0.300');
    expect(r.amount('B').toFixed(3)).toBe('-1234567890123.456');
  });

  it('reports a non-numeric amount, a float and a bad date with table, key and column', () => {
    const r = new RowReader('APOBL', { IDVEND: 'V1   ', IDINVC: 'INV1  ', AMT: '12,50', F: 0.1, D: 20260230 }, ['IDVEND', 'IDINVC']);
    r.amount('AMT');
    r.amount('F');
    r.date('D');
    const res = r.result({});
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error).toMatchObject({ code: 'bad_amount', table: 'APOBL', key: 'IDVEND=V1,IDINVC=INV1', column: 'AMT', value: '12,50' });
    expect(res.error.others.map((o) => [o.code, o.column])).toEqual([
      ['bad_amount', 'F'],
      ['bad_date', 'D'],
    ]);
  });

  it('names GL and AP/AR batch statuses from their own (opposite) tables', () => {
    expect(GL_BATCH_STATUS.get('3')).toBe('deleted');
    expect(GL_BATCH_STATUS.get('4')).toBe('posted');
    expect(SUBLEDGER_BATCH_STATUS.get('3')).toBe('posted');
    expect(SUBLEDGER_BATCH_STATUS.get('4')).toBe('deleted');
  });

  it('treats an unknown status code as an error, not a guess', () => {
    const r = new RowReader('GLBCTL', { BATCHID: '000001', BATCHSTAT: '7' }, ['BATCHID']);
    r.code('BATCHSTAT', GL_BATCH_STATUS);
    const res = r.result({});
    expect(res.ok ? null : [res.error.code, res.error.column, res.error.key]).toEqual(['unknown_code', 'BATCHSTAT', 'BATCHID=000001']);
  });

  it('exposes both formatted and unformatted GL account ids', () => {
    const row: Record<string, unknown> = {
      ACCTID: '1L3L01001',
      ACCTFMTTD: '1L3L010-01',
      ACCTDESC: 'Cash',
      ACCTTYPE: 'B',
      ACCTBAL: '1',
      ACTIVESW: 1,
      CONSLDSW: 0,
      ACCTGRPCOD: 'CASH',
      ABRKID: 'ADR',
      MCSW: 0,
      CTRLACCTSW: 0,
      AUDTDATE: 20260105,
      AUDTTIME: 6381806,
      AUDTUSER: 'ADMIN',
    };
    for (let i = 1; i <= 10; i++) row[`ACSEGVAL${String(i).padStart(2, '0')}`] = i <= 2 ? `S${i}` : '';
    const res = normaliseGlAccount(row);
    expect(res.ok && res.value).toMatchObject({
      accountId: '1L3L01001',
      accountFormatted: '1L3L010-01',
      type: 'balance_sheet',
      normalBalance: 'debit',
      segments: ['S1', 'S2'],
      audit: { date: '2026-01-05', time: '06:38:18.06', user: 'ADMIN' },
    });
  });
});
