import { describe, expect, it } from 'vitest';
import { formatPreview, type PreviewDocument } from './preview-document.ts';

const doc = (over: Partial<PreviewDocument> = {}): PreviewDocument => ({
  writes: 'create 3 bills in Sage Intacct',
  counts: ['1 already there', '2 to the exceptions queue'],
  totals: [],
  problems: [],
  actions: { create: 3, update: 0, skip: 1 },
  ...over,
});

describe('formatPreview', () => {
  it('heads with what is written and the counts, then the totals by currency and the digest', () => {
    const text = formatPreview(
      'Change set 4 for SAMINC',
      'abc',
      doc({
        totals: [
          { label: 'Bill totals', byCurrency: { CAD: '5.00', USD: '10.50' } },
          { label: 'Payments', byCurrency: {} },
        ],
      }),
    );
    expect(text.split('\n')).toEqual([
      'Change set 4 for SAMINC: create 3 bills in Sage Intacct; 1 already there, 2 to the exceptions queue.',
      'Bill totals: 5.00 CAD, 10.50 USD. Payments: nothing. Digest abc.',
    ]);
  });

  it('shows the first 12 breakdown rows and the first 20 exceptions, and counts the rest', () => {
    const rows = Array.from({ length: 15 }, (_, i) => `V${i} USD: 1 bills, 1.00`);
    const problems = Array.from({ length: 23 }, (_, i) => ({ sourceKey: `K${i}`, class: 'mapping', message: `no mapping ${i}` }));
    const lines = formatPreview(
      'Dry run for SAMINC, nothing was written',
      '',
      doc({ breakdown: { title: 'By vendor', noun: 'vendors', lines: rows }, problems }),
    ).split('\n');
    expect(lines[1]).toBe('By vendor:');
    expect(lines.filter((l) => /^ {2}V\d+ USD/.test(l))).toHaveLength(12);
    expect(lines).toContain('  … 3 more vendors');
    expect(lines).toContain('  ! mapping K19: no mapping 19');
    expect(lines).not.toContain('  ! mapping K20: no mapping 20');
    expect(lines.at(-1)).toBe('  … 3 more exceptions');
    expect(lines.some((l) => l.startsWith('Digest'))).toBe(false);
  });

  it('lists every highlighted line unless the section sets a limit, then the notes', () => {
    const highlights = {
      title: '2 CREDITLIMIT change(s), check before approving',
      lines: ['Intacct customer C1: CREDITLIMIT 10.00 -> 123456.00', 'Sage 300 customer C2: CREDITLIMIT (blank) -> 5.00'],
    };
    const lines = formatPreview(
      'Change set 9 for SAMINC',
      'd',
      doc({ highlights, notes: ['1 bank change waits in change set 10.'] }),
    ).split('\n');
    expect(lines.slice(2)).toEqual([
      '2 CREDITLIMIT change(s), check before approving:',
      '  ~ Intacct customer C1: CREDITLIMIT 10.00 -> 123456.00',
      '  ~ Sage 300 customer C2: CREDITLIMIT (blank) -> 5.00',
      '1 bank change waits in change set 10.',
    ]);
  });

  it('gives each exception its fix, and lists the closed periods before the breakdown, or says they are not known', () => {
    const periods = {
      status: 'checked' as const,
      closedThrough: '2026-01-31',
      source: 's',
      reason: null,
      rejected: 7,
      closed: [{ period: '2026-01', items: 7, sourceKeys: ['A', 'B', 'C', 'D', 'E', 'F', 'G'], message: 'm', fix: 'reopen 2026-01' }],
    };
    const lines = formatPreview(
      'Dry run for SAMINC, nothing was written',
      '',
      doc({
        periods,
        breakdown: { title: 'By account', lines: ['1000 Cash USD: Dr 1.00 / Cr 0.00'] },
        problems: [{ sourceKey: 'K', class: 'mapping', message: 'no rule', fix: 'add a row' }],
      }),
    ).split('\n');
    expect(lines.slice(1, 4)).toEqual([
      'Will be rejected: period closed (Intacct books closed through 2026-01-31), 7 journal entries:',
      '  x 2026-01: 7 journal entries (A, B, C, D, E and 2 more); fix: reopen 2026-01',
      'By account:',
    ]);
    expect(lines).toContain('  ! mapping K: no rule (fix: add a row)');
    const unknown = formatPreview('H', '', doc({ periods: { ...periods, status: 'unknown', reason: 'no date', closed: [], rejected: 0 } }));
    expect(unknown).toContain('Closed Intacct periods: not known before sending (no date)');
  });
});
