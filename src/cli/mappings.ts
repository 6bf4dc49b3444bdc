import { formatReport, type MappingReport } from '../core/mapping/index.ts';
import { dateText } from '../domain/selection.ts';
import type { Config } from '../platform/config.ts';
import { createApp } from '../server/app.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliIo } from './emulate.ts';
import { EXIT, exitForError } from './exit-codes.ts';
import { MAPPINGS_HELP } from './help.ts';
import { operatorPrincipal } from './tool-command.ts';

/**
 * `sagebridge mappings validate`: the validate_mappings tool through the governor as the operator — the mapping files
 * against both live charts, with file:line for every problem. Exit 0 valid, 3 problems found, 2 a broken file.
 */
export async function runMappings(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    io.out(MAPPINGS_HELP);
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  if (action !== 'validate') throw new UsageError(`unknown mappings action "${action}"; available: validate`);
  const { values } = parseFlags(rest, { help: { type: 'boolean', short: 'h' }, company: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    io.out(MAPPINGS_HELP);
    return EXIT.ok;
  }
  const asOf = values['as-of'];
  if (asOf !== undefined && !dateText.safeParse(asOf).success) throw new UsageError(`--as-of expects a real date YYYY-MM-DD, got "${asOf}"`);
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG');
  const app = createApp(config, { log: io.log });
  try {
    const args = { ...(values.company ? { company: values.company } : {}), ...(asOf ? { as_of: asOf } : {}) };
    const outcome = await app.governor.call(operatorPrincipal(app, config), 'validate_mappings', args, { via: 'cli' });
    if (!outcome.ok) {
      io.err(`sagebridge: ${outcome.error.code}: ${outcome.error.message}`);
      return exitForError(outcome.error.code);
    }
    const out = outcome.output as { ok: boolean; as_of: string; errors: MappingReport['errors']; warnings: MappingReport['warnings'] };
    io.out(values.json ? JSON.stringify(out) : formatReport({ ok: out.ok, asOf: out.as_of, errors: out.errors, warnings: out.warnings }));
    return out.ok ? EXIT.ok : EXIT.partial;
  } finally {
    await app.close();
  }
}
