import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateSage300Company } from '../sandbox/demo-data/sage300-company.ts';
import { startIntacctEmulator } from '../sandbox/intacct-emulator/index.ts';
import { openCompanyDb } from '../sandbox/sage300-db/schema.ts';
import { startSage300Emulator } from '../sandbox/sage300-emulator/index.ts';
import { behavioursFromInputs, type EmulatorBehaviours } from '../sandbox/emulator-behaviours.ts';
import { Command } from 'commander';
import { UsageError, wholeNumber } from './args.ts';
import type { CliHost, CliIo } from './context.ts';
import { EXIT } from './exit-codes.ts';

/** Fixed defaults so the URL a person copies stays the same between runs; --port 0 picks a free one. */
const DEFAULT_PORT = 8901;
const DEFAULT_SAGE300_PORT = 8902;

/** Resolves when the process is asked to stop (SIGTERM or Ctrl-C). */
export function untilSignal(): Promise<void> {
  return new Promise<void>((done) => {
    const stop = () => done();
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

/** Repeated `--behaviour name=value`, collected in order. */
export const collectFlag = (value: string, previous: string[]): string[] => [...previous, value];

/** The emulator switches from `--profile FILE` and `--behaviour` flags; a bad one is a usage error naming it. */
export function behavioursOf(values: BehaviourOptions, only?: 'intacct' | 'sage300'): EmulatorBehaviours {
  const settled = behavioursFromInputs({
    ...(values.profile === undefined ? {} : { profilePath: values.profile }),
    flags: values.behaviour ?? [],
    ...(only === undefined ? {} : { only }),
  });
  if (!settled.ok) throw new UsageError(settled.error);
  return settled.value;
}

export interface BehaviourOptions {
  behaviour?: string[];
  profile?: string;
}

export const BEHAVIOUR_HELP = 'set an emulator behaviour switch (repeatable); names and values are in the README table of each emulator';
export const PROFILE_HELP = 'emulator profile: JSON or YAML {"intacct": {NAME: VALUE}, "sage300": {NAME: VALUE}}; --behaviour wins';

interface IntacctOptions extends BehaviourOptions {
  port: number;
  db?: string;
  latencyMs: number;
  maxConcurrent: number;
  sessionTimeout?: number;
  json?: boolean;
}

async function emulateIntacct(values: IntacctOptions, io: CliIo): Promise<number> {
  const behaviours = behavioursOf(
    {
      ...values,
      // --session-timeout is the older spelling of --behaviour sessionTimeoutSec=N; an explicit --behaviour wins.
      behaviour: [
        ...(values.sessionTimeout === undefined ? [] : [`sessionTimeoutSec=${values.sessionTimeout}`]),
        ...(values.behaviour ?? []),
      ],
    },
    'intacct',
  ).intacct;
  const emulator = await startIntacctEmulator({
    behaviours,
    port: values.port,
    ...(values.db ? { dbPath: values.db } : {}),
    maxConcurrent: values.maxConcurrent,
    faults: { latencyMs: values.latencyMs },
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

interface Sage300Options extends BehaviourOptions {
  port: number;
  db?: string;
  company: string;
  json?: boolean;
}

async function emulateSage300(values: Sage300Options, io: CliIo): Promise<number> {
  const behaviours = behavioursOf(values, 'sage300').sage300;
  const company = values.company.toUpperCase();
  if (!/^[A-Z0-9]{1,6}$/.test(company))
    throw new UsageError(`--company expects a Sage 300 org id of 1-6 letters or digits, got "${values.company}"`);
  const port = values.port;
  const tempDir = values.db ? undefined : mkdtempSync(join(tmpdir(), 'sagebridge-sage300-'));
  const dbPath = resolve(values.db ?? join(tempDir!, `${company}.db`));
  const db = openCompanyDb(dbPath);
  try {
    const hasCompany = (db.prepare('SELECT COUNT(*) AS n FROM CSCOM').get() as { n: number }).n > 0;
    if (!hasCompany) generateSage300Company(db, { companyId: company });
  } finally {
    db.close();
  }
  const emulator = await startSage300Emulator({ dbPath, companyId: company, port, log: io.log, behaviours });
  const stopped = untilSignal(); // before the ready line: a supervisor may stop us the moment it reads it
  const ready = {
    ready: true,
    baseUrl: emulator.baseUrl,
    company: emulator.companyId,
    user: emulator.user,
    password: emulator.password,
    database: dbPath,
  };
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

/** `sagebridge emulate intacct|sage300`: each emulator on loopback until SIGTERM or Ctrl-C, then closed cleanly. */
export function emulateCommand(host: CliHost): Command {
  const intacct = new Command('intacct')
    .description('Run the Sage Intacct XML-gateway emulator (POST /ia/xml/xmlgw.phtml) on 127.0.0.1 with a built-in company')
    .option('--port <N>', 'port to listen on; 0 picks a free port', wholeNumber('--port', 0, 65535), DEFAULT_PORT)
    .option('--db <file>', "SQLite file for the emulator's state (default: in memory)")
    .option('--latency-ms <N>', 'answer time per request, in ms, processing included', wholeNumber('--latency-ms', 0, 600_000), 0)
    .option(
      '--max-concurrent <N>',
      'requests in flight before HTTP 429 / GW-0010; 0 = unlimited',
      wholeNumber('--max-concurrent', 0, 10_000),
      8,
    )
    .option(
      '--session-timeout <N>',
      'sliding session duration in seconds (default 3600; same as --behaviour sessionTimeoutSec=N)',
      wholeNumber('--session-timeout', 1, 86_400 * 7),
    )
    .option('--behaviour <name=value>', BEHAVIOUR_HELP, collectFlag, [])
    .option('--profile <file>', PROFILE_HELP)
    .option('--json', 'print one JSON ready line with the endpoint and credentials')
    .action(async (values: IntacctOptions) => host.done(await emulateIntacct(values, host.session('long-running').io)));
  const sage300 = new Command('sage300')
    .description('Run the Sage 300 Web API emulator (/Sage300WebApi/v1.0/-/COMPANY/...) on 127.0.0.1 over a SQLite company database')
    .option('--port <N>', 'port to listen on; 0 picks a free port', wholeNumber('--port', 0, 65535), DEFAULT_SAGE300_PORT)
    .option(
      '--db <file>',
      'company database (the tables the SQL reader reads); seeded with the demo company when new or empty; without it a fresh demo company in a temporary folder',
    )
    .option('--company <id>', 'Sage 300 org id', 'SAMINC')
    .option('--behaviour <name=value>', BEHAVIOUR_HELP, collectFlag, [])
    .option('--profile <file>', PROFILE_HELP)
    .option('--json', 'print one JSON ready line with the base URL, credentials and database path')
    .action(async (values: Sage300Options) => host.done(await emulateSage300(values, host.session('long-running').io)));
  return new Command('emulate').description('Run one emulator on loopback').addCommand(intacct).addCommand(sage300);
}
