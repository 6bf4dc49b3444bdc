import type { Writable } from 'node:stream';
import { exportAuditLog, exportAuditLogToFile } from '../../audit/export/export-audit-log.ts';
import { parseExportRange, type ExportRange } from '../../audit/export/time-range.ts';
import { AuditFileError } from '../../audit/schema/index.ts';
import { formatVerifyResult, verifyAuditLog } from '../../audit/verify/verify-audit-log.ts';
import { auditPath, type Config } from '../platform/config.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliIo } from './emulate.ts';
import { AUDIT_HELP } from './help.ts';
import { EXIT } from './exit-codes.ts';

const FORMATS = ['jsonl', 'csv'] as const;

/** Adds where the path came from to "no audit log at …", the one failure a person is likely to hit. */
function withPathHint(err: unknown): unknown {
  if (err instanceof AuditFileError && err.code === 'missing') {
    return new AuditFileError('missing', `${err.message} (audit.path in the configuration; default STATEDIR/audit.db)`);
  }
  return err;
}

/**
 * `sagebridge audit verify|export`: the auditor's commands over the configured audit file. Both open it read-only
 * and use the same code as the standalone tools in audit/, so the CLI and an auditor's copy cannot disagree.
 */
export async function runAudit(argv: string[], config: Config, io: CliIo, stdout: Writable = process.stdout): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined || [action, ...rest].some((a) => a === '--help' || a === '-h')) {
    io.out(AUDIT_HELP);
    return action === undefined ? EXIT.usage : EXIT.ok;
  }
  try {
    return await runAction(action, rest, auditPath(config), io, stdout);
  } catch (err) {
    throw withPathHint(err);
  }
}

async function runAction(action: string, rest: string[], path: string, io: CliIo, stdout: Writable): Promise<number> {
  if (action === 'verify') {
    const { values, positionals } = parseFlags(rest, { json: { type: 'boolean' } });
    if (positionals.length > 0) throw new UsageError(`audit verify takes no file argument; it checks audit.path (${path})`);
    const result = verifyAuditLog(path);
    io.out(values.json ? JSON.stringify({ path, ...result }) : formatVerifyResult(result));
    return result.ok ? EXIT.ok : EXIT.internal;
  }
  if (action === 'export') {
    const { values, positionals } = parseFlags(rest, { format: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, out: { type: 'string' } });
    if (positionals.length > 0) throw new UsageError(`audit export takes no file argument; it reads audit.path (${path}); use --out FILE for the output`);
    const format = values.format;
    if (!(FORMATS as readonly (string | undefined)[]).includes(format)) {
      throw new UsageError(format === undefined ? '--format is required: jsonl or csv' : `--format expects jsonl or csv, got "${format}"`);
    }
    let range: ExportRange;
    try {
      range = parseExportRange(values.from, values.to);
    } catch (err) {
      throw new UsageError((err as Error).message);
    }
    const options = { format: format as (typeof FORMATS)[number], ...range };
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
  throw new UsageError(`unknown audit action "${action}"; available: verify, export`);
}
