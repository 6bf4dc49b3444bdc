// Test support for audit/* unit tests: builds a valid chain with the schema alone, without the server's writer,
// so these tests stay inside audit/ as an auditor's copy would.
import Database from 'better-sqlite3';
import { canonicalJson } from './canonical-json.ts';
import { ensureAuditSchema } from './ddl.ts';
import { GENESIS_HASH, rowHash, type AuditRow } from './row-hash.ts';

/** Start of the test clock: row i (1-based) is at START + (i - 1) hours. */
const TEST_START_MS = Date.UTC(2026, 2, 1);

/** Creates an audit file at `path` holding `count` valid rows (or appends to it); returns the rows written. */
export function writeTestChain(path: string, count: number, detail: (seq: number) => unknown = (seq) => ({ n: seq })): AuditRow[] {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    ensureAuditSchema(db, path);
    const last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1').get();
    let prev = last?.hash ?? GENESIS_HASH;
    const first = (last?.seq ?? 0) + 1;
    const insert = db.prepare<[AuditRow]>(
      'INSERT INTO audit_events VALUES (@seq, @at, @kind, @principal, @action, @decision, @outcome, @duration_ms, @change_set_id, @detail, @prev_hash, @hash)',
    );
    const rows: AuditRow[] = [];
    db.transaction(() => {
      for (let seq = first; seq < first + count; seq++) {
        const fields = {
          seq,
          at: new Date(TEST_START_MS + (seq - 1) * 3_600_000).toISOString(),
          kind: 'tool_call',
          principal: seq % 2 ? 'alice' : 'agent.bot',
          action: 'sync_gl',
          decision: 'allowed',
          outcome: 'ok',
          duration_ms: seq % 3 ? seq * 10 : null,
          change_set_id: seq % 4 ? null : seq,
          detail: canonicalJson(detail(seq)),
        };
        const row: AuditRow = { ...fields, prev_hash: prev, hash: rowHash(prev, fields) };
        insert.run(row);
        rows.push(row);
        prev = row.hash;
      }
    })();
    return rows;
  } finally {
    db.close();
  }
}

/** Runs `sql` against the file with the append-only triggers dropped: what someone with write access could do. */
export function tamper(path: string, sql: string, ...params: unknown[]): void {
  const db = new Database(path);
  try {
    db.exec(
      'DROP TRIGGER IF EXISTS audit_events_no_update; DROP TRIGGER IF EXISTS audit_events_no_delete; PRAGMA ignore_check_constraints = 1;',
    );
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}
