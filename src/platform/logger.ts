import { pino, type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

/** Field names whose values never reach a log line, at any of the depths we log objects at. */
const SECRET_KEYS = [
  'password',
  'senderPassword',
  'userPassword',
  'sessionId',
  'sessionid',
  'token',
  'bearerToken',
  'authorization',
  'apiKey',
  'secret',
  'bankAccount',
  'bankAccountNumber',
  'accountNumber',
  'ACHACCOUNTNUMBER',
  'ACHBANKROUTINGNUMBER',
  'routingNumber',
  'iban',
];

function redactPaths(): string[] {
  const paths: string[] = [];
  for (const key of SECRET_KEYS) {
    paths.push(key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`);
  }
  paths.push('req.headers.authorization', 'headers.authorization', 'headers.Authorization');
  return paths;
}

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where log lines go; defaults to stderr because stdout is the MCP stdio channel. */
  destination?: NodeJS.WritableStream | { write(line: string): unknown };
}

/** Creates the root logger: JSON lines to stderr, secrets redacted. Modules take `log.child({ module })`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? pino.destination({ fd: 2, sync: false });
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'sagebridge' },
      redact: { paths: redactPaths(), censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that drops everything; for tests and library callers that pass none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

const XML_SECRET_TAGS = ['password', 'sessionid', 'userpassword', 'achaccountnumber', 'achbankroutingnumber', 'wireaccountnumber', 'accountnumber', 'cardnum', 'ssn', 'taxid'];
const XML_SECRET_RE = new RegExp(`<(${XML_SECRET_TAGS.join('|')})>([^<]*)</\\1>`, 'gi');

/** Masks secret element contents in an XML body before it is logged (requests carry passwords and sessions). */
export function redactXml(xml: string): string {
  return xml.replace(XML_SECRET_RE, (_m, tag: string) => `<${tag}>[redacted]</${tag}>`);
}
