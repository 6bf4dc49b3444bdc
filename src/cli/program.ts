import { Command, Help } from 'commander';
import type { CliHost } from './context.ts';
import { exitCodeHelp } from './exit-codes.ts';
import { approvalsCommand } from './approvals.ts';
import { auditCommand } from './audit.ts';
import { emulateCommand } from './emulate.ts';
import { exceptionsCommand } from './exceptions.ts';
import { mappingsCommand } from './mappings.ts';
import { reconcileCommand } from './reconcile.ts';
import { sandboxCommand } from './sandbox.ts';
import { serveCommand } from './serve.ts';
import { toolCommands } from './tool-command.ts';
import type { ToolSpec } from '../governance/tool-definition.ts';

const base = new Help();

/** The words after `sagebridge` that name a command (`sync gl`). */
function wordsOf(cmd: Command): string {
  const words: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) words.unshift(c.name());
  return words.join(' ');
}

/**
 * The command list of a help page shows the runnable commands by their full words (`emulate intacct`, `sync gl`):
 * a group's own subcommands are listed in its place, so `sagebridge --help` is the whole map.
 */
function runnable(cmd: Command): Command[] {
  return base.visibleCommands(cmd).flatMap((c) => (c.commands.length > 0 ? runnable(c).filter((s) => s.name() !== 'help') : [c]));
}

const helpConfiguration: Partial<Help> = {
  showGlobalOptions: true,
  visibleCommands: runnable,
  subcommandTerm: (cmd) => [wordsOf(cmd.parent!), base.subcommandTerm(cmd)].filter(Boolean).join(' '),
};

/** Every command and subcommand: exits through the caller (never process.exit) and prints usage errors as one line. */
function harden(cmd: Command, err: (line: string) => void, out: (line: string) => void): void {
  const words = wordsOf(cmd);
  cmd
    .exitOverride()
    .helpOption('-h, --help', 'Show help for this command')
    .helpCommand('help [command]', 'Show help for a command')
    .configureHelp(helpConfiguration)
    .configureOutput({
      writeOut: (s) => out(s.replace(/\n$/, '')),
      writeErr: (s) => err(s.replace(/\n$/, '')),
      // commander's message is "error: …", sometimes with a "(Did you mean …?)" line: one line, with the way on.
      outputError: (s, write) =>
        write(
          `sagebridge: ${s
            .trim()
            .replace(/^error: /, '')
            .replace(/\s*\n\s*/g, ' ')
            .replace(/\.$/, '')}; see 'sagebridge${words ? ` ${words}` : ''} --help'\n`,
        ),
    });
  for (const sub of cmd.commands) harden(sub, err, out);
}

/** The whole `sagebridge` command tree; actions report their exit code through `host.done`. */
export function buildProgram(
  host: CliHost,
  tools: readonly ToolSpec[],
  version: string,
  io: { out: (line: string) => void; err: (line: string) => void },
): Command {
  const program = new Command('sagebridge')
    .description('Governed Sage 300 <-> Sage Intacct sync, served as MCP tools')
    .option('--config <file>', 'JSON or YAML configuration (default: $SAGEBRIDGE_CONFIG, else sandbox defaults)')
    .option('--verbose', 'Log at the configured level to stderr (one-shot commands log only warnings and errors otherwise)')
    .version(version, '-v, --version', 'Print the version')
    .addHelpText(
      'after',
      `\nExit codes (every command):\n${exitCodeHelp()}\n\nRun 'sagebridge <command> --help' for the options of one command.`,
    );
  for (const command of [
    serveCommand(host),
    approvalsCommand(host),
    ...toolCommands(host, tools),
    reconcileCommand(host),
    exceptionsCommand(host),
    mappingsCommand(host),
    auditCommand(host),
    sandboxCommand(host),
    emulateCommand(host),
  ])
    program.addCommand(command);
  harden(program, io.err, io.out);
  return program;
}
