// Standalone verifier for auditors: `npx tsx audit/verify/main.ts FILE [--checkpoints FILE|URL --public-key PEM] [--json]`.
// Needs only this folder, audit/schema and better-sqlite3; it never imports the server.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AuditFileError, publicKeyFromPem } from '../schema/index.ts';
import { formatVerifyResult, verifyAuditLog } from './verify-audit-log.ts';
import { formatCheckpointVerdict, readCheckpointSource, verifyAgainstCheckpoints } from './verify-checkpoints.ts';

const USAGE =
  'usage: verify FILE [--checkpoints FILE|URL ... --public-key PEM] [--json]\n' +
  '  exit 0 intact (and covered by the latest checkpoint), 1 broken, 2 cannot open or bad usage,\n' +
  '  3 intact but rows after the latest checkpoint are not covered yet';

interface Options {
  file: string;
  json: boolean;
  checkpoints: string[];
  publicKey: string | undefined;
}

function parse(argv: string[]): Options {
  const parsed = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      checkpoints: { type: 'string', multiple: true },
      'public-key': { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  });
  if (parsed.positionals.length !== 1) throw new Error('expected exactly one FILE');
  const checkpoints = parsed.values.checkpoints ?? [];
  const publicKey = parsed.values['public-key'];
  if (checkpoints.length > 0 && publicKey === undefined)
    throw new Error('--checkpoints needs --public-key PEM: the public key the checkpoints were signed with');
  if (publicKey !== undefined && checkpoints.length === 0) throw new Error('--public-key is only used with --checkpoints FILE|URL');
  return { file: parsed.positionals[0]!, json: parsed.values.json ?? false, checkpoints, publicKey };
}

/** Runs the verifier on argv; returns the exit code: 0 intact, 1 broken, 2 unusable file or bad usage, 3 tail not covered. */
export async function runVerifyMain(argv: string[], io: { out(line: string): void; err(line: string): void }): Promise<number> {
  let options: Options;
  try {
    options = parse(argv);
  } catch (err) {
    io.err(`verify: ${(err as Error).message.split('\n')[0] ?? ''}`);
    io.err(USAGE);
    return 2;
  }
  try {
    if (options.checkpoints.length === 0) {
      const result = verifyAuditLog(options.file);
      io.out(options.json ? JSON.stringify(result) : formatVerifyResult(result));
      return result.ok ? 0 : 1;
    }
    let key;
    try {
      key = publicKeyFromPem(readFileSync(options.publicKey!, 'utf8'), options.publicKey!);
    } catch (err) {
      throw new AuditFileError('unreadable', (err as Error).message);
    }
    const texts = await Promise.all(options.checkpoints.map((s) => readCheckpointSource(s)));
    const verdict = verifyAgainstCheckpoints(options.file, texts.join('\n'), key);
    if (options.json) io.out(JSON.stringify(verdict));
    else for (const line of [formatVerifyResult(verdict.chain), ...formatCheckpointVerdict(verdict)]) io.out(line);
    return verdict.status === 'covered' ? 0 : verdict.status === 'broken' ? 1 : 3;
  } catch (err) {
    // Whatever went wrong, the auditor gets one line naming it, never a stack trace.
    io.err(`verify: ${err instanceof AuditFileError ? err.message : `cannot verify ${options.file}: ${(err as Error).message}`}`);
    return 2;
  }
}

// Runs only when executed directly, so tests can import runVerifyMain without side effects.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runVerifyMain(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
