import { Command } from 'commander';
import { formatReport, type MappingReport } from '../core/mapping/index.ts';
import { dateText } from '../domain/selection.ts';
import { createApp } from '../server/app.ts';
import { UsageError } from './args.ts';
import { NO_CONFIG, type CliHost, type CliSession } from './context.ts';
import { EXIT, exitForError } from './exit-codes.ts';
import { operatorPrincipal } from './tool-command.ts';

interface ValidateOptions {
  asOf?: string;
  company?: string;
  json?: boolean;
}

/** `--as-of YYYY-MM-DD`, a real date or a usage error naming the flag. */
function asOfDate(value: string): string {
  if (!dateText.safeParse(value).success) throw new UsageError(`--as-of expects a real date YYYY-MM-DD, got "${value}"`);
  return value;
}

/**
 * `sagebridge mappings validate`: the validate_mappings tool through the governor as the operator — the mapping files
 * against both live charts, with file:line for every problem. Exit 0 valid, 3 problems found, 2 a broken file.
 */
export function mappingsCommand(host: CliHost): Command {
  const validate = new Command('validate')
    .description('Check the mapping files against both charts of accounts (file:line for each problem)')
    .option('--as-of <YYYY-MM-DD>', 'the date the rules are checked on (default today)', asOfDate)
    .option('--company <key>', 'the Sage 300 company (needed when several are configured)')
    .option('--json', 'print the report as one JSON object')
    .addHelpText(
      'after',
      `
Checks the mapping files (mappingsDir) against the Sage 300 chart of accounts and the Intacct catalogs: every
active Sage 300 account resolves on the date, every target account and dimension value exists and is active in
Intacct, and no two rules overlap. Every problem names the file and line and the fix. Exit 0 when clean, 3 when
problems were found, 2 for bad input.`,
    )
    .action(async (values: ValidateOptions) => host.done(await runValidate(values, host.session())));
  return new Command('mappings').description('Check the mapping files').addCommand(validate);
}

async function runValidate(values: ValidateOptions, { config, configPath, io }: CliSession): Promise<number> {
  if (configPath === undefined) throw new UsageError(NO_CONFIG);
  const app = createApp(config, { log: io.log });
  try {
    const args = { ...(values.company ? { company: values.company } : {}), ...(values.asOf ? { as_of: values.asOf } : {}) };
    const outcome = await app.governor.call(operatorPrincipal(app, config), 'validate_mappings', args, { via: 'cli' });
    if (!outcome.ok) {
      io.err(`sagebridge: ${outcome.error.code}: ${outcome.error.message}`);
      return exitForError(outcome.error.code);
    }
    const out = outcome.output as { ok: boolean; as_of: string; errors: MappingReport['errors']; warnings: MappingReport['warnings'] };
    // The tool's text ends with the GL sync's source ledgers (what it leaves out and why); the report has no place for it.
    const ledgers = outcome.text.split('\n').slice(1).join('\n');
    io.out(
      values.json
        ? JSON.stringify(out)
        : `${formatReport({ ok: out.ok, asOf: out.as_of, errors: out.errors, warnings: out.warnings })}${ledgers ? `\n${ledgers}\n` : ''}`,
    );
    return out.ok ? EXIT.ok : EXIT.partial;
  } finally {
    await app.close();
  }
}
