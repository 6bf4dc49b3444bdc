import { DEMO_MAPPINGS_DIR } from '../sandbox/demo-mappings.ts';
import { resolve } from 'node:path';
import { defaultDataDir, SandboxError, startSandbox } from '../sandbox/sandbox.ts';
import { Command } from 'commander';
import { UsageError, wholeNumber } from './args.ts';
import type { CliHost, CliIo } from './context.ts';
import { BEHAVIOUR_HELP, behavioursOf, collectFlag, PROFILE_HELP, untilSignal, type BehaviourOptions } from './emulate.ts';
import { EXIT } from './exit-codes.ts';

interface SandboxOptions extends BehaviourOptions {
  data?: string;
  scale?: number;
  reset?: boolean;
  json?: boolean;
}

/** `sagebridge sandbox …`: seeds both demo companies if needed, serves both emulators, writes a config file. */
export function sandboxCommand(host: CliHost): Command {
  return new Command('sandbox')
    .description('Seed and serve both demo companies, and write a config file for them')
    .option('--data <dir>', 'data folder (default: $SAGEBRIDGE_DATA, else .sagebridge in the sagebridge folder)')
    .option(
      '--scale <K>',
      'multiply the demo volumes (default 1; 100 gives over 10,000 journal entries in one period)',
      wholeNumber('--scale', 1, 1000),
    )
    .option('--reset', "delete the folder's sandbox data first and seed anew")
    .option('--behaviour <emulator.name=value>', `${BEHAVIOUR_HELP}; prefix intacct. or sage300.`, collectFlag, [])
    .option('--profile <file>', PROFILE_HELP)
    .option('--json', 'print one JSON ready line: {"ready":true,"config":...,"intacct":{...},"sage300":{...}}')
    .addHelpText(
      'after',
      `
Seeds both demo companies under the data folder if they are not there yet (Sage 300 company database and
Sage Intacct emulator state), serves both emulators until SIGTERM or Ctrl-C, and writes DIR/sagebridge.config.json:
an ordinary configuration pointing at them, with the demo principals. Other commands then work with --config that file.`,
    )
    .action(async (values: SandboxOptions) => host.done(await runSandbox(values, host.session('long-running').io)));
}

async function runSandbox(values: SandboxOptions, io: CliIo): Promise<number> {
  const behaviours = behavioursOf(values);
  const scale = values.scale;
  const dataDir = resolve(values.data ?? defaultDataDir());
  if (!values.json) io.out(`Preparing the sandbox in ${dataDir}${scale && scale > 1 ? ` at scale ${scale}` : ''} ...`);
  let sandbox;
  try {
    sandbox = await startSandbox({
      dataDir,
      mappingsDir: DEMO_MAPPINGS_DIR,
      log: io.log,
      behaviours,
      ...(scale === undefined ? {} : { scale }),
      ...(values.reset ? { reset: true } : {}),
    });
  } catch (err) {
    if (err instanceof SandboxError) throw new UsageError(err.message);
    throw err;
  }
  const stopped = untilSignal(); // before the ready line: a supervisor may stop us the moment it reads it
  const { intacct, sage300 } = sandbox;
  const ready = {
    ready: true,
    config: sandbox.configPath,
    intacct: { endpoint: intacct.endpoint, ...intacct.credentials },
    sage300: {
      baseUrl: sage300.baseUrl,
      company: sage300.companyId,
      user: sage300.user,
      password: sage300.password,
      database: sandbox.prepared.paths.sage300Db,
    },
  };
  if (values.json) io.out(JSON.stringify(ready));
  else {
    io.out(`Sage Intacct emulator: ${intacct.endpoint}`);
    io.out(`Sage 300 Web API:      ${sage300.baseUrl}`);
    io.out(`Configuration written: ${sandbox.configPath}`);
    io.out(`Run other commands with --config ${sandbox.configPath}. Press Ctrl-C to stop.`);
  }
  await stopped;
  await sandbox.stop();
  return EXIT.ok;
}
