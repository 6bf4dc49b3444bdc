// Standalone verifier for auditors: `npx tsx audit/verify/main.ts FILE [--json]`. Needs only this folder,
// audit/schema and better-sqlite3; it never imports the server.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AuditFileError } from '../schema/index.ts';
import { formatVerifyResult, verifyAuditLog } from './verify-audit-log.ts';

const USAGE = 'usage: verify FILE [--json]   (exit 0 chain intact, 1 chain broken, 2 cannot open or bad usage)';

/** Runs the verifier on argv; returns the exit code: 0 intact, 1 broken, 2 unusable file or bad usage. */
export function runVerifyMain(argv: string[], io: { out(line: string): void; err(line: string): void }): number {
  let file: string | undefined;
  let json = false;
  try {
    const parsed = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true, strict: true });
    if (parsed.positionals.length !== 1) throw new Error('expected exactly one FILE');
    file = parsed.positionals[0];
    json = parsed.values.json ?? false;
  } catch (err) {
    io.err(`verify: ${(err as Error).message.split('\n')[0] ?? ''}`);
    io.err(USAGE);
    return 2;
  }
  try {
    const result = verifyAuditLog(file!);
    io.out(json ? JSON.stringify(result) : formatVerifyResult(result));
    return result.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof AuditFileError) {
      io.err(`verify: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

// Runs only when executed directly, so tests can import runVerifyMain without side effects.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = runVerifyMain(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
