import { ConfigError, loadConfigFile, resolveConfigPath, type Config, parseConfig } from '../platform/config.ts';
import { createLogger } from '../platform/logger.ts';
import { UsageError } from './args.ts';
import { runEmulate, type CliIo } from './emulate.ts';
import { runSandbox } from './sandbox.ts';
import { runReconcile } from './reconcile.ts';
import { runMappings } from './mappings.ts';
import { runExceptions } from './exceptions.ts';
import { runServe } from './serve.ts';
import { runApprovals } from './approvals.ts';
import { WiringError } from '../server/gl-wiring.ts';
import { StateDbError } from '../platform/state-db.ts';
import { mainHelp } from './help.ts';
import { groupHelp, runToolCommand, toolCommands } from './tool-command.ts';
import { TOOLS } from '../../tools/index.ts';
import { runAudit } from './audit.ts';
import { AuditFileError } from '../../audit/schema/index.ts';
import { EXIT } from './exit-codes.ts';
import { packageVersion } from '../platform/version.ts';

/** Splits the global flags (--config, --help, --version) from the command and its own flags. */
function splitGlobal(argv: string[]): { configFlag?: string; help: boolean; version: boolean; rest: string[] } {
  const rest: string[] = [];
  let configFlag: string | undefined;
  let help = false;
  let ver = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--config') {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError('--config expects a file path');
      configFlag = next;
      i++;
    } else if (arg.startsWith('--config=')) configFlag = arg.slice('--config='.length);
    else if ((arg === '--help' || arg === '-h') && rest.length === 0) help = true;
    else if ((arg === '--version' || arg === '-v') && rest.length === 0) ver = true;
    else rest.push(arg);
  }
  return { ...(configFlag ? { configFlag } : {}), help, version: ver, rest };
}

/** The CLI entry point; returns the process exit code and never throws for expected failures. */
export async function main(argv: string[], io?: Partial<Pick<CliIo, 'out' | 'err'>>): Promise<number> {
  const out = io?.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io?.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  try {
    const global = splitGlobal(argv);
    if (global.version) {
      out(packageVersion());
      return EXIT.ok;
    }
    const [command, ...rest] = global.rest;
    if (global.help || command === undefined || command === 'help') {
      out(mainHelp(TOOLS));
      return command === undefined && !global.help ? EXIT.usage : EXIT.ok;
    }
    const configPath = resolveConfigPath(global.configFlag);
    const config: Config = configPath ? loadConfigFile(configPath) : parseConfig({}, 'sandbox defaults');
    const log = createLogger({ level: config.logLevel });
    const cli: CliIo = { out, err, log };
    switch (command) {
      case 'emulate':
        return await runEmulate(rest, cli);
      case 'sandbox':
        return await runSandbox(rest, cli);
      case 'serve':
        return await runServe(rest, config, configPath, cli);
      case 'approvals':
        return await runApprovals(rest, config, configPath !== undefined, cli);
      case 'exceptions':
        return await runExceptions(rest, config, configPath !== undefined, cli);
      case 'audit':
        return await runAudit(rest, config, cli);
      case 'mappings':
        return await runMappings(rest, config, configPath !== undefined, cli);
      case 'reconcile':
        return await runReconcile(rest, config, configPath !== undefined, cli);
      case 'sync': {
        // Every write tool with a CLI name is a command here, generated from the tool registry.
        const commands = toolCommands(TOOLS);
        const [what, ...flags] = rest;
        if (what === undefined || what === '--help' || what === '-h') {
          out(groupHelp('sync', commands));
          return what === undefined ? EXIT.usage : EXIT.ok;
        }
        const tool = commands.get(`sync ${what}`);
        if (!tool) throw new UsageError(`unknown sync "${what}"; available: ${[...commands.keys()].map((k) => k.slice('sync '.length)).join(', ')}`);
        return await runToolCommand(tool, `sync ${what}`, flags, config, configPath !== undefined, cli);
      }
      default:
        throw new UsageError(`unknown command "${command}"; run 'sagebridge --help' for the list`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      err(`sagebridge: ${error.message}`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      err(`sagebridge: invalid configuration in ${error.source}: ${error.problems.join('; ')}`);
      return EXIT.usage;
    }
    if (error instanceof WiringError || error instanceof StateDbError || error instanceof AuditFileError) {
      err(`sagebridge: ${error.message}`);
      return EXIT.usage;
    }
    err(`sagebridge: internal error: ${(error as Error).message}`);
    return EXIT.internal;
  }
}
