import { createInterface } from 'node:readline/promises';
import { Presets, SingleBar } from 'cli-progress';
import { describeIssues } from '../governance/errors.ts';
import type { ConfirmAnswer } from '../governance/governor.ts';
import type { Principal } from '../governance/principals.ts';
import type { ToolSpec } from '../governance/tool-definition.ts';
import { Command } from 'commander';
import type { Config } from '../platform/config.ts';
import { createApp, type App } from '../server/app.ts';
import { UsageError } from './args.ts';
import { NO_CONFIG, type CliHost, type CliIo, type CliSession } from './context.ts';
import { exitCodeHelp, exitForError, exitForStatus } from './exit-codes.ts';
import { interruptSignal } from './interrupt.ts';
import { argumentsOf, flagsOf, toolOptions, withFlagNames, type ToolFlag } from './tool-flags.ts';

/** The principal the CLI acts as: `config.operator`, which must name a configured principal (its roles set its policy). */
export function operatorPrincipal(app: App, config: Config): Principal {
  const principal = app.principals.byName(config.operator);
  if (!principal)
    throw new UsageError(
      `operator: "${config.operator}" is not a name in principals; add a principal with that name and its roles (e.g. analyst), or set "operator" to one that exists`,
    );
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
  const bar = new SingleBar(
    { stream: process.stderr, format: `[{bar}] {value}/{total} ${label}`, hideCursor: true, clearOnComplete: false },
    Presets.legacy,
  );
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
async function runToolCommand(
  tool: ToolSpec,
  flags: readonly ToolFlag[],
  args: Record<string, unknown>,
  values: { yes?: boolean; json?: boolean },
  session: () => CliSession,
): Promise<number> {
  // Flags the tool's own schema refuses are a usage error before anything is opened, as an MCP client checks a call
  // against the tool's input schema before sending it; the governor parses the same schema again.
  const checked = tool.input.safeParse(args);
  if (!checked.success) throw new UsageError(withFlagNames(describeIssues(checked.error), flags));
  const { config, configPath, io } = session();
  if (configPath === undefined) throw new UsageError(NO_CONFIG);
  const json = values.json === true;
  const app = createApp(config, { log: io.log });
  const interrupt = interruptSignal(io, 'Writes in flight finish; the rest of the change set stays approved.');
  const progress = json ? undefined : progressBar('sent');
  try {
    const principal = operatorPrincipal(app, config);
    const outcome = await app.governor.call(principal, tool.name, args, {
      via: 'cli',
      signal: interrupt.signal,
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
    interrupt.dispose();
    await app.close();
  }
}

const OPERATOR_NOTE = `
Runs as the configured operator (config "operator", a principal with roles) through the same approval policy,
rate limits and audit log as an MCP client. Exit codes:
${exitCodeHelp()}`;

/**
 * The commands generated from the tool registry: one per tool with a CLI name (`sync gl`), under a group command per
 * first word (`sync`), each with its flags from the tool's input schema.
 */
export function toolCommands(host: CliHost, tools: readonly ToolSpec[]): Command[] {
  const groups = new Map<string, Command>();
  for (const tool of tools) {
    const [group, name] = tool.cli?.split(' ') ?? [];
    if (group === undefined || name === undefined) continue;
    if (!groups.has(group))
      groups.set(group, new Command(group).description('Run a governed write tool from the command line (through the approval policy)'));
    const flags = flagsOf(tool.input);
    const options = toolOptions(flags);
    const command = new Command(name).description(`${tool.title} (through the approval policy).\n${tool.description}`).summary(tool.title);
    for (const option of options) command.addOption(option);
    command
      .option('-y, --yes', 'confirm the change set as the operator (the approval policy still applies)')
      .option('--json', 'print the structured result as one JSON line')
      .addHelpText('after', OPERATOR_NOTE)
      .action(async (values: Record<string, unknown>) => {
        const args = argumentsOf(flags, options, values);
        host.done(await runToolCommand(tool, flags, args, { yes: values.yes === true, json: values.json === true }, host.session));
      });
    groups.get(group)!.addCommand(command);
  }
  return [...groups.values()];
}
