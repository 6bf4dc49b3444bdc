import { pino, type Logger, type LevelWithSilent } from 'pino';
import { redactSensitive, redactUrlCredentials } from './redaction.ts';

export type { Logger };

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where log lines go; defaults to stderr because stdout is the MCP stdio channel. */
  destination?: NodeJS.WritableStream | { write(line: string): unknown };
}

const asRecord = (value: Record<string, unknown>): Record<string, unknown> => redactSensitive(value) as Record<string, unknown>;

/**
 * Creates the root logger: JSON lines to stderr, secrets redacted (names from the shared vocabulary in
 * redaction.ts at any depth, passwords in URLs in any string, the message included). Modules take `log.child({ module })`.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? pino.destination({ fd: 2, sync: false });
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'sagebridge' },
      // pino's own `redact` takes fixed paths; the vocabulary is name patterns at any depth, so every logged object
      // goes through the same walker as audit rows instead. (Child bindings bypass formatters: bind identities such
      // as module and company there, never secrets.)
      formatters: { log: asRecord },
      // The standard serialiser returns an object with its own prototype; spread it so the walker treats it as plain data.
      serializers: { err: (error: Error) => redactSensitive({ ...pino.stdSerializers.err(error) }) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a: unknown) => (typeof a === 'string' ? redactUrlCredentials(a) : a)) as Parameters<typeof method>);
        },
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that drops everything; for tests and library callers that pass none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
