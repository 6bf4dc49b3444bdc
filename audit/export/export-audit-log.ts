import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { openAuditReadonly, SELECT_AUDIT_ROWS, type AuditRow } from '../schema/index.ts';
import { csvHeader, csvLine, jsonlLine, type ExportFormat } from './format-rows.ts';
import { normalizeInstant, type ExportRange } from './time-range.ts';

/** What to export: the format and an optional `at` range (inclusive `from`, exclusive `to`, ISO instants). */
export interface ExportOptions extends ExportRange {
  readonly format: ExportFormat;
}

// Rows are batched into chunks of about this size: one write() per row costs more than formatting the row.
const CHUNK_CHARS = 64 * 1024;

function checkedInstant(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const normal = normalizeInstant(value);
  if (normal === undefined) throw new RangeError(`export ${name} must be an ISO instant with a time zone, got "${value}"`);
  return normal;
}

/**
 * Streams the audit rows (in seq order, optionally limited to an `at` range) to `out`, honouring backpressure, and
 * resolves with the row count. Opens the file read-only; throws AuditFileError when it is not a usable audit log.
 * Does not end `out`.
 */
export async function exportAuditLog(path: string, options: ExportOptions, out: Writable): Promise<{ rows: number }> {
  const from = checkedInstant(options.from, 'from');
  const to = checkedInstant(options.to, 'to');
  const where: string[] = [];
  const params: string[] = [];
  if (from !== undefined) {
    where.push('at >= ?');
    params.push(from);
  }
  if (to !== undefined) {
    where.push('at < ?');
    params.push(to);
  }
  const sql = `${SELECT_AUDIT_ROWS}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
  const line = options.format === 'csv' ? csvLine : jsonlLine;
  const db = openAuditReadonly(path);
  try {
    let buffer = options.format === 'csv' ? csvHeader() : '';
    let rows = 0;
    // iterate() keeps one read transaction open and yields rows one by one: memory stays flat for any log size.
    for (const row of db.prepare<string[], AuditRow>(sql).iterate(...params)) {
      buffer += line(row);
      rows++;
      if (buffer.length >= CHUNK_CHARS) {
        await write(out, buffer);
        buffer = '';
      }
    }
    if (buffer) await write(out, buffer);
    return { rows };
  } finally {
    db.close();
  }
}

/** Writes one chunk, waiting for 'drain' when the stream is full; rejects if the stream errors or closes meanwhile. */
async function write(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed) throw new Error('the output was closed before the export finished');
  if (out.write(chunk)) return;
  // A reader that goes away (e.g. `| head`) closes the stream without ever draining it; waiting only for 'drain'
  // would hang forever.
  await new Promise<void>((resolve, reject) => {
    const settle = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('error', onError);
      out.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => settle();
    const onError = (err: Error) => settle(err);
    const onClose = () => settle(new Error('the output was closed before the export finished'));
    out.on('drain', onDrain);
    out.on('error', onError);
    out.on('close', onClose);
  });
}

/**
 * Exports into a file: written beside it under a temporary name and renamed into place when complete, so a failed
 * export never leaves a truncated file that looks whole.
 */
export async function exportAuditLogToFile(path: string, options: ExportOptions, file: string): Promise<{ rows: number }> {
  const temp = `${file}.partial-${process.pid}`;
  const stream = createWriteStream(temp, { flags: 'wx' });
  try {
    const result = await exportAuditLog(path, options, stream);
    stream.end();
    await finished(stream);
    renameSync(temp, file);
    return result;
  } catch (err) {
    stream.destroy();
    rmSync(temp, { force: true });
    throw err;
  }
}
