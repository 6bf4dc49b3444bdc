import { createInterface } from 'node:readline/promises';
import { Presets, SingleBar } from 'cli-progress';
import { describeIssues, type ConfirmAnswer } from '../governance/governor.ts';
import type { Principal } from '../governance/principals.ts';
import type { ToolSpec } from '../governance/tool-definition.ts';
import type { Config } from '../platform/config.ts';
import { createApp, type App } from '../server/app.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliIo } from './emulate.ts';
import { EXIT, exitForError, exitForStatus } from './exit-codes.ts';
import { argumentsOf, flagsOf, parseArgsOptions, toolHelp, withFlagNames } from './tool-flags.ts';

const NO_CONFIG = 'no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)';

/** The principal the CLI acts as: `config.operator`, which must name a configured principal (its roles set its policy). */
export function operatorPrincipal(app: App, config: Config): Principal {
  const principal = app.principals.byName(config.operator);
  if (!principal) throw new UsageError(`operator: "${config.operator}" is not a name in principals; add a principal with that name and its roles (e.g. analyst), or set "operator" to one that exists`);
  return principal;
}

/** The operator's answer to a confirmation: --yes, else a y/N prompt at a terminal, else none (an approver decides). */
function confirmation(io: CliIo, operator: string, options: { yes: boolean; json: boolean }): (summary: string) => Promise<ConfirmAnswer> {
  return async (summary) => {
    if (!options.json) io.err(summary);
    if (options.yes) return 'accept';
    if (!process.stdin.isTTY || !process.stderr.isTTY) {
      io.err(`Not confirmed: no terminal and no --yes. Re-run with --yes to confirm as ${operator}, or ask an approver.`);
      return 'unavailable';
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      const answer = (await rl.question(`Send these writes as ${operator}? [y/N] `)).trim().toLowerCase();
      return answer === 'y' || answer === 'yes' ? 'accept' : 'decline';
    } finally {
      rl.close();
    }
  };
}

/** A progress bar on stderr when it is a terminal (cli-progress); `stop` ends its line. */
function progressBar(label: string): { update: (done: number, total: number) => void; stop: () => void } | undefined {
  if (!process.stderr.isTTY) return undefined;
  const bar = new SingleBar({ stream: process.stderr, format: `[{bar}] {value}/{total} ${label}`, hideCursor: true, clearOnComplete: false }, Presets.legacy);
  let started = false;
  return {
    update: (done, total) => {
      if (!started) bar.start(total, done);
      else bar.setTotal(total);
      started = true;
      bar.update(done);
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

/**
 * Runs one tool as a CLI command: the CLI is a transport like MCP. Flags are generated from the tool's input schema,
 * the call goes through the governor as the operator (policy, rate limits, audit), `--yes` is the operator's answer to
 * the confirmation, the output is the tool's text (or `--json`, its structured content), and the exit code follows
 * the result status.
 */
export async function runToolCommand(tool: ToolSpec, command: string, argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> {
  const flags = flagsOf(tool.input);
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv, parseArgsOptions(flags));
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(`${err.message.replace(/\.$/, '')} for '${command}'; 'sagebridge ${command} --help' lists its options`);
    throw err;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(toolHelp(command, tool, flags));
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for '${command}'`);
  const args = argumentsOf(flags, values);
  // Flags the tool's own schema refuses are a usage error before anything is opened, as an MCP client checks a call
  // against the tool's input schema before sending it; the governor parses the same schema again.
  const checked = tool.input.safeParse(args);
  if (!checked.success) throw new UsageError(withFlagNames(describeIssues(checked.error), flags));
  if (!configured) throw new UsageError(NO_CONFIG);
  const json = values.json === true;
  const app = createApp(config, { log: io.log });
  const cancel = new AbortController();
  const onSigint = (): void => {
    io.err('Cancelling: writes in flight finish, the rest of the change set stays approved (run the command again to resume).');
    cancel.abort();
  };
  process.once('SIGINT', onSigint);
  const progress = json ? undefined : progressBar('sent');
  try {
    const principal = operatorPrincipal(app, config);
    const outcome = await app.governor.call(principal, tool.name, args, {
      via: 'cli',
      signal: cancel.signal,
      confirm: confirmation(io, principal.name, { yes: values.yes === true, json }),
      ...(progress ? { progress: progress.update } : {}),
    });
    // The bar's last line is finished before the result is printed under it.
    progress?.stop();
    if (!outcome.ok) {
      const message = outcome.error.code === 'invalid_arguments' ? withFlagNames(outcome.error.message, flags) : outcome.error.message;
      io.err(`sagebridge: ${outcome.error.code}: ${message}`);
      return exitForError(outcome.error.code);
    }
    io.out(json ? JSON.stringify(outcome.output) : outcome.text);
    return exitForStatus(outcome.output.status);
  } finally {
    progress?.stop();
    process.off('SIGINT', onSigint);
    await app.close();
  }
}

/** The CLI commands generated from the tool registry, by their words (`sync gl`). */
export function toolCommands(tools: readonly ToolSpec[]): Map<string, ToolSpec> {
  return new Map(tools.filter((t): t is ToolSpec & { cli: string } => t.cli !== undefined).map((t) => [t.cli, t]));
}

/** `sagebridge sync --help`: the generated commands of one group. */
export function groupHelp(group: string, commands: ReadonlyMap<string, ToolSpec>): string {
  const rows = [...commands].filter(([words]) => words.startsWith(`${group} `));
  const width = Math.max(...rows.map(([w]) => w.length)) + 4;
  return [`Usage: sagebridge ${group} <${rows.map(([w]) => w.slice(group.length + 1)).join('|')}> [options]`, '', ...rows.map(([w, t]) => `  ${w.padEnd(width)}${t.title}`), '', `Run 'sagebridge ${group} <name> --help' for its options.`, ''].join('\n');
}
