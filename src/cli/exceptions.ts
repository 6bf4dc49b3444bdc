import type { Config } from '../platform/config.ts';
import { createApp } from '../server/app.ts';
import { intFlag, parseFlags, UsageError } from './args.ts';
import type { CliIo } from './emulate.ts';
import { EXIT, exitForError } from './exit-codes.ts';
import { EXCEPTIONS_HELP } from './help.ts';
import { operatorPrincipal } from './tool-command.ts';

interface ExceptionRow {
  id: number;
  pipeline: string;
  class: string;
  source_key: string;
  message: string;
  fix: string;
}

/**
 * `sagebridge exceptions list|resolve|retry`: the exceptions queue through the governor as the operator, like the
 * list_exceptions, resolve_exception and retry_exceptions tools (same roles, rate limits and audit rows).
 */
export async function runExceptions(argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || action === '--help' || action === '-h') {
    io.out(EXCEPTIONS_HELP);
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  const { values, positionals } = parseFlags(rest, { help: { type: 'boolean', short: 'h' }, status: { type: 'string' }, pipeline: { type: 'string' }, reason: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) {
    io.out(EXCEPTIONS_HELP);
    return EXIT.ok;
  }
  const calls: Record<string, () => { tool: string; args: Record<string, unknown> }> = {
    list: () => ({ tool: 'list_exceptions', args: { status: values.status ?? 'open', ...(values.pipeline ? { pipeline: values.pipeline } : {}), limit: 500 } }),
    resolve: () => {
      if (!values.reason?.trim()) throw new UsageError('resolve needs --reason "why this needs no sync" (it is kept in the audit trail)');
      return { tool: 'resolve_exception', args: { exception_id: intFlag('id', positionals[0], 0, 1, Number.MAX_SAFE_INTEGER), reason: values.reason.trim() } };
    },
    retry: () => ({ tool: 'retry_exceptions', args: { exception_ids: [intFlag('id', positionals[0], 0, 1, Number.MAX_SAFE_INTEGER)] } }),
  };
  const make = calls[action];
  if (!make) throw new UsageError(`unknown exceptions action "${action}"; available: list, resolve, retry`);
  const { tool, args } = make();
  if (!configured) throw new UsageError('no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG');
  const app = createApp(config, { log: io.log });
  try {
    const outcome = await app.governor.call(operatorPrincipal(app, config), tool, args, { via: 'cli' });
    if (!outcome.ok) {
      io.err(`sagebridge: ${outcome.error.code}: ${outcome.error.message.replace(/^invalid arguments for [a-z_]+: /, '').replace(/^status:/, '--status:')}`);
      return exitForError(outcome.error.code);
    }
    if (action === 'list') {
      const rows = (outcome.output.exceptions ?? []) as ExceptionRow[];
      if (values.json) io.out(JSON.stringify(rows));
      else if (rows.length === 0) io.out(`No ${values.status ?? 'open'} exceptions.`);
      else for (const e of rows) io.out(`#${e.id} [${e.pipeline}/${e.class}] ${e.source_key}: ${e.message}\n    fix: ${e.fix}`);
      return EXIT.ok;
    }
    if (action === 'retry' && (outcome.output.marked as unknown[]).length === 0) {
      io.err(`sagebridge: ${outcome.text}`);
      return EXIT.usage;
    }
    io.out(values.json ? JSON.stringify(outcome.output) : outcome.text);
    return EXIT.ok;
  } finally {
    await app.close();
  }
}
