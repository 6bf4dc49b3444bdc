import { describe, expect, it } from 'vitest';
import type { GlSourceLine } from '../ports/gl-ports.ts';
import { groupEntries } from './gl-entries.ts';

const line = (batch: string, entry: string, n: number, postingSeq: number): GlSourceLine => ({
  batch,
  entry,
  line: n,
  postingSeq,
  account: '6000-ADM-EA',
  accountId: '6000ADMEA',
  date: '2026-06-01',
  fiscalYear: '2026',
  fiscalPeriod: '06',
  amount: '1.000',
  currency: 'USD',
  description: '',
  reference: '',
  sourceLedger: 'GL',
  sourceType: 'JE',
});

describe('grouping posted lines into entries', () => {
  it('keeps lines in line order and entries in posting, batch, entry order, whatever order they came in', () => {
    const entries = groupEntries('C1', [
      line('000002', '00001', 2, 7),
      line('000001', '00002', 1, 5),
      line('000002', '00001', 1, 9),
      line('000001', '00001', 1, 5),
    ]);
    expect(entries.map((e) => [e.sourceKey, e.postingSeq, e.lines.map((l) => l.line)])).toEqual([
      ['C1:000001:00001', 5, [1]],
      ['C1:000001:00002', 5, [1]],
      ['C1:000002:00001', 7, [1, 2]],
    ]);
  });

  it('leaves input that is already in order as it is', () => {
    const lines = [line('000001', '00001', 1, 1), line('000001', '00001', 2, 1), line('000001', '00002', 1, 2)];
    const entries = groupEntries('C1', lines);
    expect(entries.map((e) => e.sourceKey)).toEqual(['C1:000001:00001', 'C1:000001:00002']);
    expect(entries[0]!.lines).toEqual(lines.slice(0, 2));
  });
});
