import { DEMO_MAPPINGS_DIR } from '../sandbox/demo-mappings.ts';
import { SandboxError, startSandbox } from '../sandbox/sandbox.ts';
import { intFlag, parseFlags, UsageError } from './args.ts';
import { untilSignal, type CliIo } from './emulate.ts';
import { SANDBOX_HELP } from './help.ts';
import { EXIT } from './exit-codes.ts';

// Declared in the sandbox layer so tests can use it without importing the CLI; re-exported for existing importers.
export { DEMO_MAPPINGS_DIR } from '../sandbox/demo-mappings.ts';

/** `sagebridge sandbox …`: seeds both demo companies if needed, serves both emulators, writes a config file. */
export async function runSandbox(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    data: { type: 'string' },
    scale: { type: 'string' },
    reset: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(SANDBOX_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}" for 'sandbox'`);
  const scale = values.scale === undefined ? undefined : intFlag('scale', values.scale, 1, 1, 1000);
  const dataDir = values.data ?? './.sagebridge';
  if (!values.json) io.out(`Preparing the sandbox in ${dataDir}${scale && scale > 1 ? ` at scale ${scale}` : ''} ...`);
  let sandbox;
  try {
    sandbox = await startSandbox({ dataDir, mappingsDir: DEMO_MAPPINGS_DIR, log: io.log, ...(scale === undefined ? {} : { scale }), ...(values.reset ? { reset: true } : {}) });
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
    sage300: { baseUrl: sage300.baseUrl, company: sage300.companyId, user: sage300.user, password: sage300.password, database: sandbox.prepared.paths.sage300Db },
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
