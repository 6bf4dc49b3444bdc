import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/** `prev_hash` of the first row: there is no previous row, so 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** One row of `audit_events` exactly as stored (column names, column types). */
export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly kind: string;
  readonly principal: string;
  readonly action: string;
  readonly decision: string;
  readonly outcome: string;
  readonly duration_ms: number | null;
  readonly change_set_id: number | null;
  /** Canonical JSON text; hashed as this exact text. */
  readonly detail: string;
  readonly prev_hash: string;
  readonly hash: string;
}

/** The fields a row's hash covers besides `prev_hash` (which `rowHash` takes separately). */
export type AuditRowFields = Omit<AuditRow, 'hash' | 'prev_hash'>;

/** The exact text that is hashed for a row; exported so tests and auditors can see it. */
export function rowHashInput(prevHash: string, row: AuditRowFields): string {
  // Fields are picked one by one rather than spread, so a stray `hash` (or anything else) on the object never
  // leaks into the hash input.
  const fields = {
    seq: row.seq,
    at: row.at,
    kind: row.kind,
    principal: row.principal,
    action: row.action,
    decision: row.decision,
    outcome: row.outcome,
    duration_ms: row.duration_ms,
    change_set_id: row.change_set_id,
    detail: row.detail,
    prev_hash: prevHash,
  };
  return `${prevHash}\n${canonicalJson(fields)}`;
}

/** sha256 (lowercase hex) over `prevHash + "\n" + canonicalJson(every column except hash)`; see audit/README.md. */
export function rowHash(prevHash: string, row: AuditRowFields): string {
  return createHash('sha256').update(rowHashInput(prevHash, row), 'utf8').digest('hex');
}
