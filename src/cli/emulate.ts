import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '../platform/logger.ts';
import { generateSage300Company } from '../sandbox/demo-data/sage300-company.ts';
import { startIntacctEmulator } from '../sandbox/intacct-emulator/index.ts';
import { openCompanyDb } from '../sandbox/sage300-db/schema.ts';
import { startSage300Emulator } from '../sandbox/sage300-emulator/index.ts';
import { intFlag, parseFlags, UsageError } from './args.ts';
import { EMULATE_HELP, EMULATE_INTACCT_HELP, EMULATE_SAGE300_HELP } from './help.ts';
import { EXIT } from './exit-codes.ts';

/** Fixed defaults so the URL a person copies stays the same between runs; --port 0 picks a free one. */
const DEFAULT_PORT = 8901;
const DEFAULT_SAGE300_PORT = 8902;

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  log: Logger;
}

/** Resolves when the process is asked to stop (SIGTERM or Ctrl-C). */
export function untilSignal(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** `sagebridge emulate intacct|sage300 …`: serves until SIGTERM/SIGINT, then closes cleanly. */
export async function runEmulate(argv: string[], io: CliIo): Promise<number> {
  const [target, ...rest] = argv;
  if (target === undefined || target === '--help' || target === '-h') {
    io.out(EMULATE_HELP);
    return target === undefined ? EXIT.usage : EXIT.ok;
  }
  if (target === 'intacct') return emulateIntacct(rest, io);
  if (target === 'sage300') return emulateSage300(rest, io);
  throw new UsageError(`unknown emulator "${target}"; available: intacct, sage300`);
}

async function emulateIntacct(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    port: { type: 'string' },
    db: { type: 'string' },
    'latency-ms': { type: 'string' },
    'max-concurrent': { type: 'string' },
    'session-timeout': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(EMULATE_INTACCT_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for 'emulate intacct'`);
  const emulator = await startIntacctEmulator({
    port: intFlag('port', values.port, DEFAULT_PORT, 0, 65535),
    ...(values.db ? { dbPath: values.db } : {}),
    maxConcurrent: intFlag('max-concurrent', values['max-concurrent'], 8, 0, 10_000),
    sessionTimeoutSec: intFlag('session-timeout', values['session-timeout'], 3600, 1, 86_400 * 7),
    faults: { latencyMs: intFlag('latency-ms', values['latency-ms'], 0, 0, 600_000) },
    log: io.log,
  });
  const stopped = untilSignal(); // before the ready line: a supervisor may stop us the moment it reads it
  const ready = { ready: true, endpoint: emulator.endpoint, ...emulator.credentials };
  if (values.json) {
    io.out(JSON.stringify(ready));
  } else {
    io.out(`Sage Intacct emulator listening at ${emulator.endpoint}`);
    io.out(`  senderId=${ready.senderId} companyId=${ready.companyId} userId=${ready.userId}`);
    io.out('  sender and user passwords: run with --json to print them');
    io.out('Press Ctrl-C to stop.');
  }
  await stopped;
  await emulator.stop();
  return EXIT.ok;
}

async function emulateSage300(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    port: { type: 'string' },
    db: { type: 'string' },
    company: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(EMULATE_SAGE300_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for 'emulate sage300'`);
  const company = (values.company ?? 'SAMINC').toUpperCase();
  if (!/^[A-Z0-9]{1,6}$/.test(company)) throw new UsageError(`--company expects a Sage 300 org id of 1-6 letters or digits, got "${values.company}"`);
  const port = intFlag('port', values.port, DEFAULT_SAGE300_PORT, 0, 65535);
  const tempDir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'sagebridge-sage300-'));
  const dbPath = resolve(values.db ?? join(tempDir!, `${company}.db`));
  const db = openCompanyDb(dbPath);
  try {
    const hasCompany = (db.prepare('SELECT COUNT(*) AS n FROM CSCOM').get() as { n: number }).n > 0;
    if (!hasCompany) generateSage300Company(db, { companyId: company });
  } finally {
    db.close();
  }
  const emulator = await startSage300Emulator({ dbPath, companyId: company, port, log: io.log });
  const stopped = untilSignal(); // before the ready line: a supervisor may stop us the moment it reads it
  const ready = { ready: true, baseUrl: emulator.baseUrl, company: emulator.companyId, user: emulator.user, password: emulator.password, database: dbPath };
  if (values.json) io.out(JSON.stringify(ready));
  else {
    io.out(`Sage 300 Web API emulator listening at ${emulator.baseUrl}`);
    io.out(`  company=${ready.company} user=${ready.user} database=${dbPath}`);
    io.out('Press Ctrl-C to stop.');
  }
  await stopped;
  await emulator.stop();
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  return EXIT.ok;
}
