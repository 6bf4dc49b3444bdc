import {
  AuditFileError,
  canonicalJson,
  GENESIS_HASH,
  openAuditReadonly,
  rowHash,
  SELECT_AUDIT_ROWS,
  type AuditRow,
} from '../schema/index.ts';

/** The whole chain checked out, or the first row where it does not. */
export type VerifyResult =
  | { readonly ok: true; readonly rows: number; readonly lastSeq: number; readonly lastHash: string }
  | { readonly ok: false; readonly seq: number; readonly reason: string };

/**
 * Re-computes the hash chain of an audit file from the first row to the last, opening it read-only. Returns the first
 * broken row; throws AuditFileError when the file cannot be opened as an audit log at all.
 */
export function verifyAuditLog(path: string): VerifyResult {
  const db = openAuditReadonly(path);
  try {
    // iterate() streams rows, so verifying a multi-million-row log does not hold it in memory.
    return verifyRows(db.prepare<[], AuditRow>(`${SELECT_AUDIT_ROWS} ORDER BY seq`).iterate());
  } catch (err) {
    // A damaged file (cut short, overwritten pages) fails while rows are read: one line, never a stack trace.
    if (err instanceof AuditFileError) throw err;
    throw new AuditFileError('unreadable', `cannot read the rows of ${path}: ${(err as Error).message}`);
  } finally {
    db.close();
  }
}

/** Checks rows given in seq order: no gaps from 1, canonical detail, each prev_hash the previous hash, each hash right. */
export function verifyRows(rows: Iterable<AuditRow>): VerifyResult {
  let count = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  for (const row of rows) {
    const problem = checkRow(row, lastSeq, lastHash);
    if (problem) return { ok: false, ...problem };
    count++;
    lastSeq = row.seq;
    lastHash = row.hash;
  }
  return { ok: true, rows: count, lastSeq, lastHash };
}

function checkRow(row: AuditRow, lastSeq: number, lastHash: string): { seq: number; reason: string } | undefined {
  const expected = lastSeq + 1;
  if (row.seq !== expected) {
    if (typeof row.seq === 'number' && row.seq > expected) {
      return { seq: expected, reason: `row ${expected} is missing (the row after seq ${lastSeq} is seq ${row.seq})` };
    }
    return { seq: Number(row.seq), reason: `seq ${String(row.seq)} where ${expected} was expected` };
  }
  const where = lastSeq === 0 ? 'the genesis value (64 zeros)' : `the hash of seq ${lastSeq}`;
  if (row.prev_hash !== lastHash) return { seq: row.seq, reason: `prev_hash is not ${where}` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.detail);
  } catch {
    return { seq: row.seq, reason: 'detail is not valid JSON' };
  }
  let computed: string;
  try {
    if (canonicalJson(parsed) !== row.detail) return { seq: row.seq, reason: 'detail is not in canonical JSON form' };
    computed = rowHash(row.prev_hash, row);
  } catch (err) {
    return { seq: row.seq, reason: `row cannot be hashed: ${(err as Error).message}` };
  }
  if (computed !== row.hash)
    return { seq: row.seq, reason: 'hash does not match the row contents (the row was changed after it was written)' };
  return undefined;
}

/** The one-line verdict both `sagebridge audit verify` and the standalone verifier print. */
export function formatVerifyResult(result: VerifyResult): string {
  return result.ok ? `OK ${result.rows} rows, last hash ${result.lastHash}` : `BROKEN at seq ${result.seq}: ${result.reason}`;
}
