import { AUDIT_COLUMNS, type AuditRow } from '../schema/index.ts';

/** Export formats: JSON Lines (detail as an object) or RFC 4180 CSV (detail as JSON text). */
export type ExportFormat = 'jsonl' | 'csv';

/** One JSONL line (with its newline); keys are the column names in table order, detail parsed back to JSON. */
export function jsonlLine(row: AuditRow): string {
  const out: Record<string, unknown> = {};
  for (const column of AUDIT_COLUMNS) out[column] = column === 'detail' ? (JSON.parse(row.detail) as unknown) : row[column];
  return `${JSON.stringify(out)}\n`;
}

/** A CSV field per RFC 4180: quoted when it holds a comma, quote, CR or LF, with quotes doubled; null is empty. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The CSV header record (RFC 4180 uses CRLF line breaks). */
export function csvHeader(): string {
  return `${AUDIT_COLUMNS.join(',')}\r\n`;
}

/** One CSV record with its CRLF. */
export function csvLine(row: AuditRow): string {
  return `${AUDIT_COLUMNS.map((c) => csvField(row[c])).join(',')}\r\n`;
}
