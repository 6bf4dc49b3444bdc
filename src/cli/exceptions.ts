import { Command } from 'commander';
import { createApp } from '../server/app.ts';
import { idNumber, UsageError } from './args.ts';
import { NO_CONFIG, type CliHost, type CliSession } from './context.ts';
import { EXIT, exitForError } from './exit-codes.ts';
import { operatorPrincipal } from './tool-command.ts';

interface ExceptionRow {
  id: number;
  pipeline: string;
  class: string;
  source_key: string;
  message: string;
  fix: string;
}

type Action = 'list' | 'resolve' | 'retry';

/**
 * `sagebridge exceptions list|resolve|retry`: the exceptions queue through the governor as the operator, like the
 * list_exceptions, resolve_exception and retry_exceptions tools (same roles, rate limits and audit rows).
 */
export function exceptionsCommand(host: CliHost): Command {
  const run = (action: Action, tool: string, args: Record<string, unknown>, values: { json?: boolean; status?: string }): Promise<void> =>
    runExceptions(action, tool, args, values, host.session()).then(host.done);
  const list = new Command('list')
    .description('Queued records, with the fix for each')
    .option('--status <status>', 'open, retrying or resolved', 'open')
    .option('--pipeline <name>', 'only this pipeline, e.g. gl')
    .option('--json', 'print the rows as one JSON array')
    .action((values: { status: string; pipeline?: string; json?: boolean }) =>
      run(
        'list',
        'list_exceptions',
        { status: values.status, ...(values.pipeline ? { pipeline: values.pipeline } : {}), limit: 500 },
        values,
      ),
    );
  const resolve = new Command('resolve')
    .description('Close one by hand; the reason is kept in the audit trail')
    .argument('<id>', 'the exception id', idNumber)
    .requiredOption('--reason <text>', 'why this record needs no sync')
    .option('--json', 'print the result as one JSON object')
    .action((id: number, values: { reason: string; json?: boolean }) => {
      if (!values.reason.trim()) throw new UsageError('resolve needs --reason "why this needs no sync" (it is kept in the audit trail)');
      return run('resolve', 'resolve_exception', { exception_id: id, reason: values.reason.trim() }, values);
    });
  const retry = new Command('retry')
    .description('Mark one for retry after a fix; the next sync re-reads it and resolves it when it posts')
    .argument('<id>', 'the exception id', idNumber)
    .option('--json', 'print the result as one JSON object')
    .action((id: number, values: { json?: boolean }) => run('retry', 'retry_exceptions', { exception_ids: [id] }, values));
  return new Command('exceptions')
    .description('List, resolve (with a reason) or retry the exceptions queue')
    .addCommand(list)
    .addCommand(resolve)
    .addCommand(retry);
}

async function runExceptions(
  action: Action,
  tool: string,
  args: Record<string, unknown>,
  values: { json?: boolean; status?: string },
  { config, configPath, io }: CliSession,
): Promise<number> {
  if (configPath === undefined) throw new UsageError(NO_CONFIG);
  const app = createApp(config, { log: io.log });
  try {
    const outcome = await app.governor.call(operatorPrincipal(app, config), tool, args, { via: 'cli' });
    if (!outcome.ok) {
      io.err(
        `sagebridge: ${outcome.error.code}: ${outcome.error.message.replace(/^invalid arguments for [a-z_]+: /, '').replace(/^status:/, '--status:')}`,
      );
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
