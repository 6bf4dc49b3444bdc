import { formatCsv } from '../../platform/csv-writer.ts';
import type { ReconciliationReport } from './reconcile-model.ts';

const CSV_HEADER = [
  'company',
  'period',
  'account',
  'department',
  'location',
  'sage300',
  'intacct',
  'variance',
  'not_synced',
  'direct_intacct',
  'period_mismatch',
  'unexplained',
  'records',
];

/** One CSV row per account/dimension variance, with the amount per cause and the records behind it. */
export function reconciliationCsv(r: ReconciliationReport): string {
  const rows = r.variances.map((v) => [
    r.company,
    r.period,
    v.account,
    v.department,
    v.location,
    v.sage300,
    v.intacct,
    v.variance,
    v.notSynced,
    v.directIntacct,
    v.periodMismatch,
    v.unexplained,
    v.records.map((x) => `${x.cause}:${x.system}:${x.ref}`).join(' '),
  ]);
  return formatCsv([CSV_HEADER, ...rows]);
}

/** A summary a person reads: totals, the biggest variances, each cause with its entries, unmapped accounts. */
export function reconciliationText(r: ReconciliationReport, opts: { maxRows?: number } = {}): string {
  const max = opts.maxRows ?? 20;
  const t = r.totals;
  const out: string[] = [
    `Trial-balance reconciliation ${r.company} ${r.period} (${r.start}..${r.end}), basis: period activity per mapped Intacct account/department/location`,
    r.reconciled
      ? 'RECONCILED: both sides agree, no unmapped activity.'
      : `NOT RECONCILED: ${t.variances} account/dimension variances, ${r.unmapped.length} unmapped Sage 300 accounts.`,
    `Sage 300 debits ${t.sage300Debits} (unmapped ${t.sage300UnmappedDebits}); Intacct debits ${t.intacctDebits}; Σ|variance| ${t.absoluteVariance}`,
    `Explained: not synced ${t.notSynced}, direct Intacct entries ${t.directIntacct}, period mismatches ${t.periodMismatch}; unexplained ${t.unexplained}`,
  ];
  if (r.variances.length > 0) {
    out.push('', `Variances (sage300 − intacct)${r.variances.length > max ? `, first ${max} of ${r.variances.length}` : ''}:`);
    for (const v of r.variances.slice(0, max)) {
      out.push(
        `  ${v.account} ${v.department || '-'} ${v.location || '-'}: ${v.variance} (not synced ${v.notSynced}, direct ${v.directIntacct}, period ${v.periodMismatch}, unexplained ${v.unexplained})`,
      );
    }
  }
  for (const cause of ['not_synced', 'direct_intacct', 'period_mismatch', 'unexplained'] as const) {
    const list = r.entries.filter((e) => e.cause === cause);
    if (list.length === 0) continue;
    out.push('', `${cause} (${list.length} entries)${list.length > max ? `, first ${max}` : ''}:`);
    for (const e of list.slice(0, max)) out.push(`  ${e.system} ${e.ref} ${e.date} debits ${e.debits}: ${e.detail}`);
  }
  if (r.unmapped.length > 0) {
    out.push('', `Unmapped Sage 300 accounts (${r.unmapped.length}; amounts cannot be grouped):`);
    for (const u of r.unmapped.slice(0, max))
      out.push(`  ${u.account}: net ${u.net}, ${u.lines} lines in ${u.entries.length} entries — ${u.reason}`);
  }
  const c = r.controls;
  if (c.intacctTrialBalanceMismatches.length > 0)
    out.push('', `WARNING: Intacct lines do not add up to get_trialbalance for ${c.intacctTrialBalanceMismatches.length} accounts.`);
  if (c.sage300RowErrors.length > 0) out.push('', `WARNING: ${c.sage300RowErrors.length} Sage 300 GLPOST rows could not be read.`);
  return out.join('\n') + '\n';
}
