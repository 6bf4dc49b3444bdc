import { describe, expect, it } from 'vitest';
import { Money } from '../../domain/money.ts';
import { createMappingEngine } from '../mapping/index.ts';
import { tablesOf } from '../mapping/tables.test-support.ts';
import type { PmProjectRecord, PmTransactionRecord } from '../ports/project-ports.ts';
import { buildTaggingEntries } from './project-entries.ts';
import { arSourceKey, checkProjectId, intacctProjectId } from './project-id.ts';

const engine = createMappingEngine(tablesOf(['10,1400-*-*,1400,,,,,,,', '10,4200-*-*,4200,,,,,,,']), {
  segmentNames: ['account', 'department', 'region'],
});
const project: PmProjectRecord = {
  contract: 'CT0001',
  project: 'PRJ-A',
  description: 'x',
  status: 'open',
  customerId: 'C1',
  revenueAccount: '4200-SLS-EA',
  wipAccount: '1400-000-00',
  startDate: '2026-01-01',
  endDate: '2026-12-31',
};
const tx = (n: number, kind: 'cost' | 'revenue' | 'other', amount: string, period = '02', p = 'PRJ-A'): PmTransactionRecord => ({
  contract: 'CT0001',
  project: p,
  category: 'LABOR',
  transactionNumber: n,
  date: `2026-${period}-10`,
  fiscalYear: '2026',
  fiscalPeriod: period,
  kind,
  amount,
  module: 'AP',
  documentNumber: `D${n}`,
  description: '',
});
const run = (rows: PmTransactionRecord[], available: (id: string) => string | null = () => null) =>
  buildTaggingEntries('SAMINC', rows, new Map([['CT0001|PRJ-A', project]]), available, engine, { journal: 'S300', state: 'Posted' });
type Line = { ACCOUNTNO: string; TR_TYPE: string; TRX_AMOUNT: string; PROJECTID?: string };
const linesOf = (payload: unknown): Line[] => (payload as { ENTRIES: { GLENTRY: Line[] } }).ENTRIES.GLENTRY;
const net = (lines: Line[]): Money =>
  lines.reduce((s, l) => s.plus(l.TR_TYPE === '1' ? l.TRX_AMOUNT : new Money(l.TRX_AMOUNT).negated()), new Money(0));

describe('project ids and keys', () => {
  it('puts the contract as parent id and CONTRACT-PROJECT as the child id', () => {
    expect(intacctProjectId(' ct0001 ')).toBe('CT0001');
    expect(intacctProjectId('CT0001', 'PRJ-A  ')).toBe('CT0001-PRJ-A');
    expect(checkProjectId('CT0001-PRJ-A')).toBeNull();
    expect(checkProjectId('C'.repeat(21))).toContain('longer than 20');
    expect(arSourceKey('SAMINC', 'C1', 'IN0001')).toBe('SAMINC:C1:IN0001');
  });
});

describe('buildTaggingEntries', () => {
  it('makes one net-zero reclass per project and period: cost debit-tagged on WIP, revenue credit-tagged', () => {
    const { entries, problems } = run([
      tx(1, 'cost', '100.005'),
      tx(2, 'cost', '50'),
      tx(3, 'revenue', '300'),
      tx(4, 'cost', '10', '03'),
      tx(5, 'other', '7'),
    ]);
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.sourceKey)).toEqual(['SAMINC:CT0001-PRJ-A:2026-02', 'SAMINC:CT0001-PRJ-A:2026-03']);
    const feb = linesOf(entries[0]!.payload);
    expect(net(feb).isZero()).toBe(true);
    expect(feb.filter((l) => l.PROJECTID === 'CT0001-PRJ-A')).toEqual([
      expect.objectContaining({ ACCOUNTNO: '1400', TR_TYPE: '1', TRX_AMOUNT: '150.01' }),
      expect.objectContaining({ ACCOUNTNO: '4200', TR_TYPE: '-1', TRX_AMOUNT: '300.00' }),
    ]);
    for (const acct of ['1400', '4200']) expect(net(feb.filter((l) => l.ACCOUNTNO === acct)).isZero()).toBe(true);
  });

  it('flips the sides for a negative period total (a credit note) and skips a period netting to zero', () => {
    const { entries } = run([tx(1, 'cost', '-40'), tx(2, 'cost', '5', '04'), tx(3, 'cost', '-5', '04')]);
    expect(entries).toHaveLength(1);
    const tagged = linesOf(entries[0]!.payload).find((l) => l.PROJECTID);
    expect(tagged).toMatchObject({ TR_TYPE: '-1', TRX_AMOUNT: '40.00' });
  });

  it('turns an unknown project, an unavailable project and an unmapped account into problems, tagging the rest', () => {
    const unmapped = { ...project, wipAccount: '9999-000-00' };
    const bad = buildTaggingEntries(
      'SAMINC',
      [tx(1, 'cost', '10', '02', 'NOPE'), tx(2, 'cost', '10')],
      new Map([['CT0001|PRJ-A', unmapped]]),
      () => null,
      engine,
      { journal: 'S300', state: 'Posted' },
    );
    expect(bad.entries).toHaveLength(0);
    expect(bad.problems.map((p) => p.key)).toEqual(['SAMINC:PMTRAN:1', 'SAMINC:CT0001-PRJ-A:2026-02']);
    expect(bad.problems[1]!.problem.message).toContain('9999-000-00');
    const blocked = run([tx(2, 'cost', '10')], () => 'customer missing');
    expect(blocked.problems[0]!.problem.message).toContain('customer missing');
  });
});
