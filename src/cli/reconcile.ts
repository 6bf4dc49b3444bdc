import { readFileSync } from 'node:fs';
import type { Config } from '../platform/config.ts';
import { createApp } from '../server/app.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliIo } from './emulate.ts';
import { EXIT, exitForError } from './exit-codes.ts';
import { RECONCILE_HELP } from './help.ts';
import { parsePeriodFlag } from './selection.ts';
import { operatorPrincipal } from './tool-command.ts';

/**
 * `sagebridge reconcile --period YYYY-MM [--company KEY] [--json]`: the reconcile_trial_balance tool through the
 * governor as the operator. Exit 0 reconciled to zero, 3 variances (or unmapped activity) found, 2 bad input.
 */
export async function runReconcile(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    period: { type: 'string' },
    company: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(RECONCILE_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for 'reconcile'`);
  if (values.period === undefined) throw new UsageError('reconcile needs --period YYYY-MM, e.g. --period 2026-03');
  parsePeriodFlag(values.period);
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)');
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
