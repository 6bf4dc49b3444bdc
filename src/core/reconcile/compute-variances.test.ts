import { describe, expect, it } from 'vitest';
import type { GlSourceLine } from '../ports/gl-ports.ts';
import type { IntacctBatchHeader, IntacctEntryLine } from '../ports/reconcile-ports.ts';
import { computeVariances, postedAmount, type VarianceInputs } from './compute-variances.ts';
import type { SyncStatus } from './reconcile-model.ts';
import { reconciliationCsv, reconciliationText } from './report-format.ts';
import { PROJECT_ENTRY_REFERENCE_PREFIX } from '../sync/sync-references.ts';

const line = (batch: string, entry: string, n: number, account: string, amount: string, date = '2026-03-10'): GlSourceLine => ({
  batch,
  entry,
  line: n,
  postingSeq: 1,
  account,
  accountId: account.replace(/-/g, ''),
  date,
  fiscalYear: '2026',
  fiscalPeriod: '03',
  amount,
  currency: 'USD',
  description: '',
  reference: `JE-${batch}-${entry}`,
  sourceLedger: 'GL',
  sourceType: 'JE',
});
const header = (recordNo: string, reference: string, date = '2026-03-10'): IntacctBatchHeader => ({
  recordNo,
  journal: 'S300GL',
  date,
  reference,
  title: 't',
  state: 'Posted',
});
const iline = (batchRecordNo: string, account: string, amount: string, department = '', location = ''): IntacctEntryLine => ({
  batchRecordNo,
  account,
  department,
  location,
  amount,
});

/** "6100-ADM-EA" → account 6100, department ADM, location EA; "9999-*" is unmapped. */
const target: VarianceInputs['target'] = (l) => {
  const [a, d, r] = (l.account ?? '').split('-');
  if (a === '9999') return { ok: false, reason: `no rule maps ${l.account}` };
  return { ok: true, account: a!, department: d === '000' ? '' : d!, location: r === '00' ? '' : r! };
};

function inputs(over: Partial<VarianceInputs> & { statuses?: Record<string, SyncStatus> }): VarianceInputs {
  const statuses = over.statuses ?? {};
  return {
    company: 'C',
    year: 2026,
    period: 3,
    start: '2026-03-01',
    end: '2026-03-31',
    generatedAt: '2026-04-01T00:00:00Z',
    sageLines: [],
    sageRowErrors: [],
    target,
    syncStatus: (k) => statuses[k] ?? { kind: 'not_synced' },
    intacctBatches: [],
    intacctLines: [],
    intacctTrialBalance: [],
    elsewhere: new Map(),
    ...over,
  };
}

const synced = [line('1', '1', 1, '6100-ADM-EA', '100.004'), line('1', '1', 2, '2100-000-00', '-100.004')];
const syncedIntacct = {
  intacctBatches: [header('10', 'S300:C:1:1')],
  intacctLines: [iline('10', '6100', '100.00', 'ADM', 'EA'), iline('10', '2100', '-100.00')],
  intacctTrialBalance: [
    { account: '6100', debits: '100.00', credits: '0' },
    { account: '2100', debits: '0', credits: '100.00' },
  ],
};

describe('computeVariances', () => {
  it('reconciles a fully synced period to zero (Sage 300 amounts rounded per line as the sync sends them)', () => {
    const r = computeVariances(inputs({ sageLines: synced, statuses: { 'C:1:1': { kind: 'synced', recordNo: '10' } }, ...syncedIntacct }));
    expect(r.reconciled).toBe(true);
    expect(r.variances).toEqual([]);
    expect(r.totals).toMatchObject({ rowsCompared: 2, sage300Debits: '100.00', intacctDebits: '100.00', absoluteVariance: '0.00' });
    expect(r.controls.intacctTrialBalanceMismatches).toEqual([]);
  });

  it('explains an entry not synced yet with its sync state, per account and dimension', () => {
    const r = computeVariances(
      inputs({ sageLines: synced, statuses: { 'C:1:1': { kind: 'exception', id: 7, class: 'validation', message: 'bad' } } }),
    );
    expect(r.variances.map((v) => [v.account, v.department, v.location, v.variance, v.notSynced, v.unexplained])).toEqual([
      ['2100', '', '', '-100.00', '-100.00', '0.00'],
      ['6100', 'ADM', 'EA', '100.00', '100.00', '0.00'],
    ]);
    expect(r.entries).toEqual([
      expect.objectContaining({
        cause: 'not_synced',
        ref: 'C:1:1',
        debits: '100.00',
        detail: expect.stringContaining('exceptions queue (#7'),
      }),
    ]);
    expect(r.totals.notSynced).toBe('100.00');
  });

  it('lists unmapped accounts apart (their amounts cannot be grouped) and the rest of their entry as not synced', () => {
    const lines = [line('2', '1', 1, '9999-ADM-EA', '40'), line('2', '1', 2, '2100-000-00', '-40')];
    const r = computeVariances(inputs({ sageLines: lines }));
    expect(r.unmapped).toEqual([
      { account: '9999-ADM-EA', net: '40.00', debits: '40.00', lines: 1, entries: ['C:2:1'], reason: 'no rule maps 9999-ADM-EA' },
    ]);
    expect(r.variances).toHaveLength(1);
    expect(r.variances[0]).toMatchObject({ account: '2100', variance: '-40.00', notSynced: '-40.00' });
    expect(r.totals.sage300UnmappedDebits).toBe('40.00');
  });

  it('explains entries made directly in Intacct', () => {
    const r = computeVariances(
      inputs({
        intacctBatches: [header('20', 'ADJ-1')],
        intacctLines: [iline('20', '6600', '12.50', 'ADM', 'EA'), iline('20', '2100', '-12.50')],
      }),
    );
    expect(r.variances.map((v) => [v.account, v.variance, v.directIntacct, v.unexplained])).toEqual([
      ['2100', '12.50', '12.50', '0.00'],
      ['6600', '-12.50', '-12.50', '0.00'],
    ]);
    expect(r.entries).toEqual([
      expect.objectContaining({ cause: 'direct_intacct', system: 'intacct', ref: '20', reference: 'ADJ-1', debits: '12.50' }),
    ]);
  });

  it("recognises sync_projects' tagging entries as sagebridge's own, not as made directly in Intacct", () => {
    // A project-tagging reclass beside a planted manual entry: only the manual one is direct.
    const r = computeVariances(
      inputs({
        intacctBatches: [header('40', `${PROJECT_ENTRY_REFERENCE_PREFIX}C:P-100:2026-03`), header('41', 'ADJ-9')],
        intacctLines: [
          iline('40', '1400', '500.00', 'OPS', 'EA'),
          iline('40', '1400', '-500.00', 'OPS', 'EA'),
          iline('41', '6600', '7.00', 'ADM', 'EA'),
          iline('41', '2100', '-7.00'),
        ],
      }),
    );
    expect(r.entries.map((e) => [e.cause, e.reference])).toEqual([['direct_intacct', 'ADJ-9']]);
    expect(r.totals.directIntacct).toBe('7.00');
    expect(r.totals.unexplained).toBe('0.00');
  });

  it("says a Sage 300 entry of a left-out ledger is another pipeline's document, not a journal entry waiting", () => {
    const ap = [line('5', '1', 1, '6100-ADM-EA', '80'), line('5', '1', 2, '2000-000-00', '-80')].map((l) => ({ ...l, sourceLedger: 'AP' }));
    const r = computeVariances(inputs({ sageLines: ap, leftOutLedgers: new Map([['AP', 'replicated by replicate_ap_invoices']]) }));
    expect(r.entries).toEqual([
      expect.objectContaining({
        cause: 'not_synced',
        ref: 'C:5:1',
        detail: 'not a journal entry: source ledger AP is left out of the GL sync, replicated by replicate_ap_invoices',
      }),
    ]);
    expect(r.totals.unexplained).toBe('0.00');
  });

  it('explains period mismatches from both sides', () => {
    // Sage 300 period 3 entry that landed in April; and an April Sage 300 entry dated into March.
    const r = computeVariances(
      inputs({
        sageLines: synced,
        statuses: { 'C:1:1': { kind: 'synced', recordNo: '30' } },
        elsewhere: new Map([['30', header('30', 'S300:C:1:1', '2026-04-01')]]),
        intacctBatches: [header('31', 'S300:C:5:1', '2026-03-31')],
        intacctLines: [iline('31', '6200', '7.00'), iline('31', '1000', '-7.00')],
      }),
    );
    expect(r.entries.map((e) => [e.cause, e.system, e.ref])).toEqual([
      ['period_mismatch', 'sage300', 'C:1:1'],
      ['period_mismatch', 'intacct', '31'],
    ]);
    expect(r.totals).toMatchObject({ periodMismatch: '107.00', unexplained: '0.00' });
  });

  it('reports what no cause covers as unexplained (an amount changed in Intacct after the sync)', () => {
    const r = computeVariances(
      inputs({
        sageLines: synced,
        statuses: { 'C:1:1': { kind: 'synced', recordNo: '10' } },
        ...syncedIntacct,
        intacctLines: [iline('10', '6100', '90.00', 'ADM', 'EA'), iline('10', '2100', '-90.00')],
      }),
    );
    expect(r.variances.map((v) => [v.account, v.variance, v.unexplained])).toEqual([
      ['2100', '-10.00', '-10.00'],
      ['6100', '10.00', '10.00'],
    ]);
    expect(r.totals.unexplained).toBe('20.00');
    expect(r.controls.intacctTrialBalanceMismatches.map((m) => m.account).sort()).toEqual(['2100', '6100']);
  });

  it('rounds half-up to 2 decimals per line', () => {
    expect(postedAmount('0.005').toFixed(2)).toBe('0.01');
    expect(postedAmount('-0.005').toFixed(2)).toBe('-0.01');
    expect(postedAmount('12.344').toFixed(2)).toBe('12.34');
  });
});

describe('report formats', () => {
  it('writes one CSV row per variance with the cause columns, and a readable summary', () => {
    const r = computeVariances(
      inputs({
        sageLines: synced,
        intacctBatches: [header('20', 'ADJ, "quoted"')],
        intacctLines: [iline('20', '6600', '1.00'), iline('20', '2100', '-1.00')],
      }),
    );
    const csv = reconciliationCsv(r).trim().split('\n');
    expect(csv[0]).toBe(
      'company,period,account,department,location,sage300,intacct,variance,not_synced,direct_intacct,period_mismatch,unexplained,records',
    );
    expect(csv).toHaveLength(r.variances.length + 1);
    expect(csv[1]).toBe('C,2026-03,2100,,,-100.00,-1.00,-99.00,-100.00,1.00,0.00,0.00,not_synced:sage300:C:1:1 direct_intacct:intacct:20');
    const text = reconciliationText(r);
    expect(text).toContain('NOT RECONCILED: 3 account/dimension variances');
    expect(text).toContain('direct_intacct (1 entries)');
  });
});
