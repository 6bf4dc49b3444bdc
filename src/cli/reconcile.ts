import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from './args.ts';
import { NO_CONFIG, type CliHost, type CliSession } from './context.ts';
import { EXIT, exitForError } from './exit-codes.ts';
import { parsePeriodFlag } from './selection.ts';
import { createApp } from '../server/app.ts';
import { operatorPrincipal } from './tool-command.ts';

interface ReconcileOptions {
  period: string;
  company?: string;
  json?: boolean;
}

/**
 * `sagebridge reconcile --period YYYY-MM [--company KEY] [--json]`: the reconcile_trial_balance tool through the
 * governor as the operator. Exit 0 reconciled to zero, 3 variances (or unmapped activity) found, 2 bad input.
 */
export function reconcileCommand(host: CliHost): Command {
  return new Command('reconcile')
    .description("Reconcile a period's trial balance, Sage 300 vs Sage Intacct, with each variance explained")
    .requiredOption(
      '--period <YYYY-MM>',
      'the Sage 300 fiscal year and period, e.g. 2026-03',
      (value: string) => (parsePeriodFlag(value), value),
    )
    .option('--company <key>', 'the Sage 300 company (needed when several are configured)')
    .option('--json', 'print the full report as one JSON object')
    .addHelpText(
      'after',
      `
Compares the period activity of a Sage 300 fiscal period (posted GLPOST lines, grouped through the mapping
files) with the Sage Intacct trial balance of the same dates at the company's entity, per Intacct account,
department and location. Each variance is explained by its records: entries not synced yet (or in the outbox or
the exceptions queue), unmapped Sage 300 accounts, entries made directly in Intacct, entries dated into another
period; what remains is reported as unexplained. Writes reconciliation-COMPANY-PERIOD.{json,csv,txt} under
STATEDIR/reports and updates the latest report (MCP resource sagebridge://reports/reconciliation/latest).

Exit codes: 0 reconciled to zero, 3 variances or unmapped activity found, 2 bad input, 1 an upstream read failed.`,
    )
    .action(async (values: ReconcileOptions) => host.done(await runReconcile(values, host.session())));
}

async function runReconcile(values: ReconcileOptions, { config, configPath, io }: CliSession): Promise<number> {
  if (configPath === undefined) throw new UsageError(NO_CONFIG);
  const app = createApp(config, { log: io.log });
  try {
    const args = { period: values.period, ...(values.company ? { company: values.company } : {}) };
    const outcome = await app.governor.call(operatorPrincipal(app, config), 'reconcile_trial_balance', args, { via: 'cli' });
    if (!outcome.ok) {
      io.err(`sagebridge: ${outcome.error.code}: ${outcome.error.message.replace(/^invalid arguments for [a-z_]+: /, '')}`);
      return exitForError(outcome.error.code);
    }
    const out = outcome.output as { reconciled: boolean; report: { text: string; json: string; csv: string } };
    if (values.json) io.out(JSON.stringify(out));
    else {
      // The text report the tool saved is what a person reads at the terminal.
      io.out(readFileSync(out.report.text, 'utf8').trimEnd());
      io.out(`\nReport: ${out.report.text} (JSON ${out.report.json}, CSV ${out.report.csv})`);
    }
    return out.reconciled ? EXIT.ok : EXIT.partial;
  } finally {
    await app.close();
  }
}
