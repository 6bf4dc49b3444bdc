import { z } from 'zod';
import type { ReconciliationReport } from '../../src/core/reconcile/index.ts';
import { defineTool } from '../../src/governance/tool-definition.ts';
import { companyArg, periodArg } from '../shared/schemas.ts';

/** Rows and records returned inline; the saved report has them all. */
const MAX_ROWS = 50;
const MAX_RECORDS = 10;

const record = z.object({
  cause: z.string(),
  system: z.string(),
  ref: z.string(),
  date: z.string(),
  amount: z.string(),
  detail: z.string(),
});
const variance = z.object({
  account: z.string(),
  department: z.string(),
  location: z.string(),
  sage300: z.string(),
  intacct: z.string(),
  variance: z.string(),
  not_synced: z.string(),
  direct_intacct: z.string(),
  period_mismatch: z.string(),
  unexplained: z.string(),
  records: z.array(record),
  records_total: z.number().int(),
});
const entry = z.object({
  cause: z.string(),
  system: z.string(),
  ref: z.string(),
  date: z.string(),
  reference: z.string(),
  debits: z.string(),
  detail: z.string(),
});
const unmapped = z.object({
  account: z.string(),
  net: z.string(),
  debits: z.string(),
  lines: z.number().int(),
  entries: z.number().int(),
  reason: z.string(),
});

const cap = <T>(list: readonly T[], max: number): T[] => list.slice(0, max);

function toOutput(r: ReconciliationReport, paths: { json: string; csv: string; text: string; latest: string }) {
  const t = r.totals;
  return {
    company: r.company,
    period: r.period,
    start: r.start,
    end: r.end,
    basis: r.basis,
    reconciled: r.reconciled,
    totals: {
      rows_compared: t.rowsCompared,
      variances: t.variances,
      sage300_debits: t.sage300Debits,
      sage300_unmapped_debits: t.sage300UnmappedDebits,
      intacct_debits: t.intacctDebits,
      absolute_variance: t.absoluteVariance,
      not_synced: t.notSynced,
      direct_intacct: t.directIntacct,
      period_mismatch: t.periodMismatch,
      unexplained: t.unexplained,
      unmapped_accounts: r.unmapped.length,
      entries_explained: r.entries.length,
    },
    variances: cap(r.variances, MAX_ROWS).map((v) => ({
      account: v.account,
      department: v.department,
      location: v.location,
      sage300: v.sage300,
      intacct: v.intacct,
      variance: v.variance,
      not_synced: v.notSynced,
      direct_intacct: v.directIntacct,
      period_mismatch: v.periodMismatch,
      unexplained: v.unexplained,
      records: cap(v.records, MAX_RECORDS).map((x) => ({ ...x })),
      records_total: v.records.length,
    })),
    entries: cap(r.entries, MAX_ROWS).map((e) => ({ ...e })),
    unmapped: cap(r.unmapped, MAX_ROWS).map((u) => ({
      account: u.account,
      net: u.net,
      debits: u.debits,
      lines: u.lines,
      entries: u.entries.length,
      reason: u.reason,
    })),
    currency_activity: cap(r.currencyActivity ?? [], MAX_ROWS).map((c) => ({
      account: c.account,
      currency: c.currency,
      sage300: c.sage300,
      intacct: c.intacct,
      not_synced: c.notSynced,
      unexplained: c.unexplained,
    })),
    truncated: r.variances.length > MAX_ROWS || r.entries.length > MAX_ROWS || r.unmapped.length > MAX_ROWS,
    intacct_tb_mismatches: r.controls.intacctTrialBalanceMismatches.length,
    report: paths,
    resource: 'sagebridge://reports/reconciliation/latest',
  };
}

/** reconcile_trial_balance: Sage 300 period activity vs the Intacct trial balance, each variance explained. */
export const reconcileTrialBalanceTool = defineTool({
  name: 'reconcile_trial_balance',
  title: 'Reconcile the trial balance of a period',
  description:
    'Compares the period activity of a Sage 300 fiscal period (posted GLPOST, grouped through the account mappings) with the Sage Intacct trial balance of the same dates at the company entity, per Intacct account, department and location. Each variance is explained by the records behind it: Sage 300 entries not synced yet (or in the outbox / exceptions queue), unmapped Sage 300 accounts, entries made directly in Intacct, and entries dated into another period; the rest is reported as unexplained. Saves JSON, CSV and text reports and updates the resource sagebridge://reports/reconciliation/latest. Read-only: writes nothing to either system.',
  roles: ['analyst', 'agent', 'approver', 'auditor', 'admin'],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  kind: 'read',
  input: z
    .object({
      period: periodArg.describe('Sage 300 fiscal year and period, YYYY-MM'),
      company: companyArg,
    })
    .strict(),
  output: z.object({
    company: z.string(),
    period: z.string(),
    start: z.string(),
    end: z.string(),
    basis: z.string(),
    reconciled: z.boolean(),
    totals: z.object({
      rows_compared: z.number().int(),
      variances: z.number().int(),
      sage300_debits: z.string(),
      sage300_unmapped_debits: z.string(),
      intacct_debits: z.string(),
      absolute_variance: z.string(),
      not_synced: z.string(),
      direct_intacct: z.string(),
      period_mismatch: z.string(),
      unexplained: z.string(),
      unmapped_accounts: z.number().int(),
      entries_explained: z.number().int(),
    }),
    currency_activity: z
      .array(
        z.object({
          account: z.string(),
          currency: z.string(),
          sage300: z.string(),
          intacct: z.string(),
          not_synced: z.string(),
          unexplained: z.string(),
        }),
      )
      .describe('Foreign-currency activity per Intacct account and transaction currency: Sage 300 source amounts vs Intacct TRX_AMOUNT'),
    variances: z.array(variance),
    entries: z.array(entry),
    unmapped: z.array(unmapped),
    truncated: z.boolean(),
    intacct_tb_mismatches: z.number().int(),
    report: z.object({ json: z.string(), csv: z.string(), text: z.string(), latest: z.string() }),
    resource: z.string(),
  }),
  async handler(ctx, args) {
    const company = ctx.services.resolveCompany(args.company);
    const [year, period] = args.period.split('-').map(Number) as [number, number];
    const { report, paths } = await ctx.services.reconcile(company, year, period);
    return { kind: 'done', output: toOutput(report, paths) };
  },
  text: (o) =>
    o.reconciled
      ? `Trial balance ${o.company} ${o.period}: reconciled to zero (${o.totals.rows_compared} account/dimension rows).`
      : `Trial balance ${o.company} ${o.period}: ${o.totals.variances} variances (Σ|variance| ${o.totals.absolute_variance}; not synced ${o.totals.not_synced}, direct Intacct ${o.totals.direct_intacct}, period mismatch ${o.totals.period_mismatch}, unexplained ${o.totals.unexplained}), ${o.totals.unmapped_accounts} unmapped accounts. Report: ${o.report.text}`,
});
