// Standalone exporter for auditors:
//   npx tsx audit/export/main.ts FILE --format jsonl|csv [--from DATE] [--to DATE] [--out OUTFILE]
// Needs only this folder, audit/schema and better-sqlite3; it never imports the server.
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AuditFileError } from '../schema/index.ts';
import { exportAuditLog, exportAuditLogToFile, type ExportOptions } from './export-audit-log.ts';
import { parseExportRange } from './time-range.ts';

const USAGE =
  'usage: export FILE --format jsonl|csv [--from DATE] [--to DATE] [--out OUTFILE]  (DATE: YYYY-MM-DD (UTC, --to inclusive) or ISO instant)';

/** Runs the exporter on argv, writing to `stdout` unless --out is given; resolves with the exit code (2 for bad usage). */
export async function runExportMain(argv: string[], io: { stdout: Writable; err(line: string): void }): Promise<number> {
  let file: string;
  let options: ExportOptions;
  let outFile: string | undefined;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { format: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1 || positionals[0] === undefined) throw new Error('expected exactly one FILE');
    file = positionals[0];
    if (values.format !== 'jsonl' && values.format !== 'csv')
      throw new Error(`--format expects jsonl or csv, got "${values.format ?? ''}"`);
    options = { format: values.format, ...parseExportRange(values.from, values.to) };
    outFile = values.out;
  } catch (err) {
    io.err(`export: ${(err as Error).message.split('\n')[0] ?? ''}`);
    io.err(USAGE);
    return 2;
  }
  try {
    if (outFile !== undefined) await exportAuditLogToFile(file, options, outFile);
    else await exportAuditLog(file, options, io.stdout);
    return 0;
  } catch (err) {
    if (err instanceof AuditFileError) {
      io.err(`export: ${err.message}`);
      return 2;
    }
    throw err;
  }
}

// Runs only when executed directly, so tests can import runExportMain without side effects.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await runExportMain(process.argv.slice(2), {
    stdout: process.stdout,
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
