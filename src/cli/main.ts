import { CommanderError } from 'commander';
import { AuditFileError } from '../../audit/schema/index.ts';
import { TOOLS } from '../../tools/index.ts';
import { ConfigError, loadConfigFile, parseConfig, resolveConfigPath, type Config } from '../platform/config.ts';
import { checkToolReferences } from '../platform/config-references.ts';
import { createLogger } from '../platform/logger.ts';
import { StateDbError } from '../platform/state-db.ts';
import { packageVersion } from '../platform/version.ts';
import { WiringError } from '../server/gl-wiring.ts';
import { UsageError } from './args.ts';
import type { CliIo, CliSession } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { buildProgram } from './program.ts';

/** The exit code of a commander stop: help and version asked for are 0; help shown for an incomplete command and every parse error are usage (2). */
function exitForCommander(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
}

/** One-shot commands report through their output; their log keeps only warnings and worse. */
function atLeastWarn(level: Config['logLevel']): Config['logLevel'] {
  return level === 'trace' || level === 'debug' || level === 'info' ? 'warn' : level;
}

/** The CLI entry point; returns the process exit code and never throws for expected failures. */
export async function main(argv: string[], io?: Partial<Pick<CliIo, 'out' | 'err'>>): Promise<number> {
  const out = io?.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io?.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  let code: number = EXIT.ok;
  let session: CliSession | undefined;
  try {
    const program = buildProgram(
      {
        session: (kind) => {
          if (session) return session;
          const globals = program.opts<{ config?: string; verbose?: boolean }>();
          const configPath = resolveConfigPath(globals.config);
          const config = configPath ? loadConfigFile(configPath) : parseConfig({}, 'sandbox defaults');
          checkToolReferences(config, TOOLS, configPath ?? 'sandbox defaults');
          const level = kind === 'long-running' || globals.verbose === true ? config.logLevel : atLeastWarn(config.logLevel);
          session = { config, configPath, io: { out, err, log: createLogger({ level }) } };
          return session;
        },
        done: (c) => (code = c),
      },
      TOOLS,
      packageVersion(),
      { out, err },
    );
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return exitForCommander(error);
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
