import type { Config } from '../platform/config.ts';
import type { Logger } from '../platform/logger.ts';

/** Where a command writes: result lines to `out` (stdout), messages to `err` (stderr), logs to `log`. */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  log: Logger;
}

/** The configuration a command runs with, loaded when its action starts (so `--help` never reads a file). */
export interface CliSession {
  readonly config: Config;
  /** The file given with --config or $SAGEBRIDGE_CONFIG; undefined when running on the sandbox defaults. */
  readonly configPath: string | undefined;
  readonly io: CliIo;
}

/** What the command builders get from the program: the session, and where an action reports its exit code. */
export interface CliHost {
  /**
   * The session. A long-running command (serve, sandbox, emulate) logs at the configured level; a one-shot command
   * logs warnings and errors only unless `--verbose` is given, so its stderr carries no routine JSON lines.
   */
  readonly session: (kind?: 'long-running') => CliSession;
  readonly done: (code: number) => void;
}

/** The message for commands that need a real configuration. */
export const NO_CONFIG =
  'no configuration: pass --config FILE or set SAGEBRIDGE_CONFIG (the sandbox writes ./.sagebridge/sagebridge.config.json)';
