import { IntacctReadError } from '../connectors/intacct/index.ts';
import { ReconcileInputError, reconciliationText } from '../core/reconcile/index.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { openAuditLog } from '../server/audit-log.ts';
import { openStateStore, pickCompany } from '../server/gl-wiring.ts';
import { runReconciliation } from '../server/reconcile-wiring.ts';
import { parseFlags, UsageError } from './args.ts';
import { parsePeriodFlag } from './selection.ts';
import type { CliIo } from './emulate.ts';
import { RECONCILE_HELP } from './help.ts';


/** Exit codes of `reconcile`: 0 reconciled to zero, 3 variances (or unmapped activity) found, 2 bad input, 1 upstream failure. */
export const RECONCILE_EXIT = { reconciled: 0, variances: 3 } as const;

/** `sagebridge reconcile --period YYYY-MM [--company KEY] [--json]`. */
export async function runReconcile(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    period: { type: 'string' },
    company: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(RECONCILE_HELP);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for 'reconcile'`);
  if (values.period === undefined) throw new UsageError('reconcile needs --period YYYY-MM, e.g. --period 2026-03');
  const period = parsePeriodFlag(values.period);
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)');
  const company = pickCompany(config, values.company);

  const state = openStateStore(config);
  const audit = openAuditLog(auditPath(config));
  const startedAt = performance.now();
  try {
    let result: Awaited<ReturnType<typeof runReconciliation>>;
    try {
      result = await runReconciliation(config, company, state.store, io.log.child({ module: 'reconcile', company: company.key }), period);
    } catch (err) {
      if (err instanceof ReconcileInputError) throw new UsageError(`--period ${values.period}: ${err.message}`);
      if (err instanceof IntacctReadError) {
        io.err(`sagebridge: ${err.message}`);
        return 1;
      }
      throw err;
    }
    const { report, paths } = result;
    // The report is a record of what was compared and found; nothing was written upstream.
    audit.append({
      kind: 'report',
      principal: config.operator,
      action: 'cli:reconcile',
      decision: 'allowed',
      outcome: report.reconciled ? 'reconciled' : 'variances',
      durationMs: Math.round(performance.now() - startedAt),
      changeSetId: null,
      detail: { company: company.key, period: report.period, via: 'cli', variances: report.totals.variances, unmapped: report.unmapped.length, absoluteVariance: report.totals.absoluteVariance, report: paths.json },
    });
    if (values.json) io.out(JSON.stringify({ ...report, reportPaths: paths }));
    else {
      io.out(reconciliationText(report, { maxRows: 10 }).trimEnd());
      io.out(`\nReport: ${paths.text} (JSON ${paths.json}, CSV ${paths.csv})`);
    }
    return report.reconciled ? RECONCILE_EXIT.reconciled : RECONCILE_EXIT.variances;
  } finally {
    state.close();
    audit.close();
  }
}
