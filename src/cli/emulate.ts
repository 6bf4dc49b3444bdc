import { startIntacctEmulator } from '../sandbox/intacct-emulator/index.ts';
import type { Logger } from '../platform/logger.ts';
import { intFlag, parseFlags, UsageError } from './args.ts';
import { EMULATE_INTACCT_HELP } from './help.ts';

/** A fixed default so the URL a person copies stays the same between runs; --port 0 picks a free one. */
export const DEFAULT_PORT = 8901;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  log: Logger;
}

/** `sagebridge emulate intacct …`: serves until SIGTERM/SIGINT, then closes cleanly. */
export async function runEmulate(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    port: { type: 'string' },
    db: { type: 'string' },
    'latency-ms': { type: 'string' },
    'max-concurrent': { type: 'string' },
    'session-timeout': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  const target = positionals[0];
  if (values.help || target === undefined) {
    io.out(EMULATE_INTACCT_HELP);
    return target === undefined && !values.help ? 2 : 0;
  }
  if (target !== 'intacct' || positionals.length > 1) {
    throw new UsageError(`unknown emulator "${positionals.join(' ')}"; available: intacct`);
  }
  const emulator = await startIntacctEmulator({
    port: intFlag('port', values.port, DEFAULT_PORT, 0, 65535),
    ...(values.db ? { dbPath: values.db } : {}),
    maxConcurrent: intFlag('max-concurrent', values['max-concurrent'], 8, 0, 10_000),
    sessionTimeoutSec: intFlag('session-timeout', values['session-timeout'], 3600, 1, 86_400 * 7),
    faults: { latencyMs: intFlag('latency-ms', values['latency-ms'], 0, 0, 600_000) },
    log: io.log.child({ module: 'intacct-emulator' }),
  });
  const ready = { ready: true, endpoint: emulator.endpoint, ...emulator.credentials };
  if (values.json) {
    io.out(JSON.stringify(ready));
  } else {
    io.out(`Sage Intacct emulator listening at ${emulator.endpoint}`);
    io.out(`  senderId=${ready.senderId} companyId=${ready.companyId} userId=${ready.userId}`);
    io.out(`  sender and user passwords: run with --json to print them`);
    io.out('Press Ctrl-C to stop.');
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  await emulator.stop();
  return 0;
}
