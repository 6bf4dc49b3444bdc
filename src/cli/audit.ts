import type { Writable } from 'node:stream';
import { exportAuditLog, exportAuditLogToFile } from '../../audit/export/export-audit-log.ts';
import { parseExportRange, type ExportRange } from '../../audit/export/time-range.ts';
import { AuditFileError } from '../../audit/schema/index.ts';
import { formatVerifyResult, verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { Command } from 'commander';
import { auditPath } from '../platform/config.ts';
import { checkpointCommand, verifyWithCheckpoints, type CheckpointOptions } from './audit-checkpoints.ts';
import { UsageError } from './args.ts';
import type { CliHost, CliIo } from './context.ts';
import { EXIT } from './exit-codes.ts';

const FORMATS = ['jsonl', 'csv'] as const;

/** Adds where the path came from to "no audit log at …", the one failure a person is likely to hit. */
function withPathHint(err: unknown): unknown {
  if (err instanceof AuditFileError && err.code === 'missing') {
    return new AuditFileError('missing', `${err.message} (audit.path in the configuration; default STATEDIR/audit.db)`);
  }
  return err;
}

interface ExportOptions {
  format: (typeof FORMATS)[number];
  from?: string;
  to?: string;
  out?: string;
}

/** `--format jsonl|csv`, naming the flag and both choices when it is neither. */
function formatOf(value: string): (typeof FORMATS)[number] {
  const format = FORMATS.find((f) => f === value);
  if (!format) throw new UsageError(`--format expects jsonl or csv, got "${value}"`);
  return format;
}

/**
 * `sagebridge audit verify|export`: the auditor's commands over the configured audit file. Both open it read-only
 * and use the same code as the standalone tools in audit/, so the CLI and an auditor's copy cannot disagree.
 */
export function auditCommand(host: CliHost, stdout: Writable = process.stdout): Command {
  // Each action runs on audit.path; a missing file is the one failure a person is likely to hit, so it says where the path came from.
  const onAuditLog = async (run: (path: string, io: CliIo) => number | Promise<number>): Promise<void> => {
    const { config, io } = host.session();
    try {
      host.done(await run(auditPath(config), io));
    } catch (err) {
      throw withPathHint(err);
    }
  };
  const verify = new Command('verify')
    .description(
      'Recompute the hash chain: "OK <rows> rows, last hash <hash>" (exit 0) or "BROKEN at seq N: <reason>" naming the first bad row (exit 1); then check the tail against the latest signed checkpoint of the configured sinks',
    )
    .option('--json', 'print the result as one JSON object')
    .option('--checkpoints <file|url...>', 'read checkpoints from these files or URLs instead of the configured sinks')
    .option('--public-key <file>', 'PEM public key the checkpoints are signed with (default: the configured key)')
    .option('--no-checkpoints', 'check the hash chain only')
    // A file argument is refused with where the file comes from, rather than commander's bare "too many arguments".
    .allowExcessArguments()
    .addHelpText(
      'after',
      '\nExit 3: the chain is intact, but rows after the latest checkpoint are not covered yet.\nThe same check runs without sagebridge: npx tsx audit/verify/main.ts FILE --checkpoints FILE --public-key PEM (see audit/README.md).',
    )
    .action((values: CheckpointOptions & { json?: boolean }, cmd: Command) =>
      onAuditLog(async (path, io) => {
        if (cmd.args.length > 0) throw new UsageError(`audit verify takes no file argument; it checks audit.path (${path})`);
        const result = verifyAuditLog(path);
        const checked = values.checkpoints === false ? undefined : await verifyWithCheckpoints(host.session().config, path, values, io);
        if (values.json) io.out(JSON.stringify({ path, ...result, ...(checked ? { checkpoint: checked.verdict } : {}) }));
        else for (const line of [formatVerifyResult(result), ...(checked?.lines ?? [])]) io.out(line);
        if (!result.ok || checked?.verdict.status === 'broken') return EXIT.internal;
        return checked?.verdict.status === 'uncovered_tail' ? EXIT.partial : EXIT.ok;
      }),
    );
  const exportCmd = new Command('export')
    .description('Stream the rows in seq order (CSV per RFC 4180, detail as JSON text)')
    .requiredOption('--format <jsonl|csv>', 'output format', formatOf)
    .option('--from <date>', 'first day or instant: YYYY-MM-DD (UTC) or an ISO instant with a time zone')
    .option('--to <date>', 'last day (included) or instant (excluded)')
    .option('--out <file>', 'write FILE (complete or not at all) instead of stdout')
    .allowExcessArguments()
    .action((values: ExportOptions, cmd: Command) =>
      onAuditLog((path, io) => {
        if (cmd.args.length > 0)
          throw new UsageError(`audit export takes no file argument; it reads audit.path (${path}); use --out FILE for the output`);
        return exportRows(path, values, io, stdout);
      }),
    );
  return new Command('audit')
    .description("Verify the audit log's hash chain and checkpoints, write a checkpoint, or export the log as JSON Lines or CSV")
    .addHelpText(
      'after',
      '\nWorks on the append-only audit log at audit.path (default STATEDIR/audit.db), read-only (checkpoint only reads its head).\nExit codes: 0 done, 1 chain broken or a sink refused a checkpoint, 2 bad input or no usable audit log, 3 rows after the latest checkpoint.',
    )
    .addCommand(verify)
    .addCommand(exportCmd)
    .addCommand(checkpointCommand(host));
}

async function exportRows(path: string, values: ExportOptions, io: CliIo, stdout: Writable): Promise<number> {
  let range: ExportRange;
  try {
    range = parseExportRange(values.from, values.to);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const options = { format: values.format, ...range };
  const out = values.out;
  if (out !== undefined) {
    const { rows } = await exportAuditLogToFile(path, options, out);
    io.err(`Exported ${rows} audit rows to ${out}`);
    return EXIT.ok;
  }
  // Without a listener an EPIPE (reader went away) would crash the process with a stack trace; the export
  // itself rejects with a one-line reason instead.
  const swallow = () => undefined;
  stdout.on('error', swallow);
  try {
    await exportAuditLog(path, options, stdout);
  } catch (err) {
    if (!stdout.destroyed && (err as NodeJS.ErrnoException).code !== 'EPIPE') throw err;
    io.err('sagebridge: the output was closed before the export finished; the export is incomplete');
    return EXIT.internal;
  } finally {
    stdout.off('error', swallow);
  }
  return EXIT.ok;
}
