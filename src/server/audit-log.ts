import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import {
  AUDIT_COLUMNS,
  canonicalJson,
  ensureAuditSchema,
  GENESIS_HASH,
  rowHash,
  type AuditRow,
  type AuditRowFields,
} from '../../audit/schema/index.ts';
import type { AuditEvent, AuditEventInput, AuditKind, AuditPort, AuditQuery } from '../core/ports/audit-port.ts';
import type { JsonValue } from '../core/state/canonical-json.ts';
import { AUDIT_LIMITS, auditSafeValue, boundText } from './audit-sanitize.ts';

/** The audit port over one SQLite file, plus what the composition root needs to manage it. */
export interface AuditLog extends AuditPort {
  readonly path: string;
  /**
   * The last row's seq and hash (seq 0 and the genesis hash when empty) with the current time, read under the
   * write lock: a row another process appends later is dated at or after `at`. What a checkpoint signs.
   */
  checkpointHead(): { seq: number; hash: string; at: string };
  close(): void;
}

/** Injected dependencies; all optional. */
export interface AuditLogDeps {
  /** Source of `at`; defaults to the system clock. */
  readonly clock?: { now(): Date };
  /** How long an append waits for another process's write lock before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
}

/** An append did not reach the file. Callers about to write externally must not write. */
export class AuditWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AuditWriteError';
  }
}

/** Rows a query returns when no limit is given, and the most it ever returns. */
const AUDIT_QUERY_DEFAULT_LIMIT = 100;
export const AUDIT_QUERY_MAX_LIMIT = 1000;

// Typed as a Record so the compiler flags a kind added to the port but not accepted here.
const KINDS: Record<AuditKind, true> = { tool_call: true, approval: true, external_write: true, schedule: true, report: true };

interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/**
 * Opens (creating if needed) the append-only, hash-chained audit log at `path`. WAL + synchronous=FULL so an
 * appended row survives power loss once `append` returns; each append is one BEGIN IMMEDIATE transaction that reads
 * the chain head from the file, so the MCP server and the CLI can append to the same file safely.
 */
export function openAuditLog(path: string, deps: AuditLogDeps = {}): AuditLog {
  const clock = deps.clock ?? { now: () => new Date() };
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(deps.busyTimeoutMs ?? 5000))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    ensureAuditSchema(db, path);
  } catch (err) {
    db.close();
    throw err;
  }

  const headStmt = db.prepare<[], ChainHead>('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  const hashAtStmt = db.prepare<[number], { hash: string }>('SELECT hash FROM audit_events WHERE seq = ?');
  const insertStmt = db.prepare<[AuditRow]>(
    `INSERT INTO audit_events (seq, at, kind, principal, action, decision, outcome, duration_ms, change_set_id, detail, prev_hash, hash)
     VALUES (@seq, @at, @kind, @principal, @action, @decision, @outcome, @duration_ms, @change_set_id, @detail, @prev_hash, @hash)`,
  );
  const readHead = (): ChainHead => headStmt.get() ?? { seq: 0, hash: GENESIS_HASH };

  // The last row this handle saw. Never used as the chain head (another process may have appended since); it is
  // re-validated inside each append so that rows vanishing or changing under us stop the writer instead of being
  // chained over.
  let known: ChainHead = readHead();

  const checkKnown = (head: ChainHead): void => {
    if (head.seq < known.seq) {
      throw new Error(
        `the log now ends at seq ${head.seq}, but seq ${known.seq} was seen earlier: rows were removed or the file was replaced`,
      );
    }
    const atKnown = head.seq === known.seq ? head.hash : known.seq === 0 ? GENESIS_HASH : hashAtStmt.get(known.seq)?.hash;
    if (atKnown !== known.hash)
      throw new Error(`row seq ${known.seq} changed after it was written: the file was tampered with or replaced`);
  };

  const appendTx = db.transaction((fields: Omit<AuditRowFields, 'seq' | 'at'>): AuditRow => {
    const head = readHead();
    checkKnown(head);
    // `at` is taken inside the lock, so seq order and time order agree across processes sharing the file.
    const row = { ...fields, seq: head.seq + 1, at: clock.now().toISOString() };
    const stored: AuditRow = { ...row, prev_hash: head.hash, hash: rowHash(head.hash, row) };
    insertStmt.run(stored);
    return stored;
  });

  const headTx = db.transaction(() => ({ ...readHead(), at: clock.now().toISOString() }));
  // True while a relaxed row may be only in the OS cache; an ordinary (FULL) commit fsyncs the WAL past it.
  let unsynced = false;
  const syncWal = (): void => {
    let fd: number;
    try {
      fd = openSync(`${path}-wal`, 'r+');
    } catch (err) {
      // No WAL file: its frames were checkpointed into the database, which SQLite synced then.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      unsynced = false;
      return;
    }
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unsynced = false;
  };
  const statements = new Map<string, Database.Statement<unknown[], AuditRow>>();
  // Prepared once: db.pragma() compiles its statement again on every call, twice per relaxed append.
  const relax = db.prepare('PRAGMA synchronous = NORMAL');
  const restore = db.prepare('PRAGMA synchronous = FULL');

  return {
    path,
    append(event: AuditEventInput, options?: { readonly durability?: 'relaxed' }): AuditEvent {
      const fields = toFields(event);
      const relaxed = options?.durability === 'relaxed';
      let stored: AuditRow;
      try {
        // The setting is the connection's and every statement here is synchronous, so it is restored at once.
        if (relaxed) relax.run();
        try {
          stored = appendTx.immediate(fields);
        } finally {
          if (relaxed) restore.run();
        }
      } catch (err) {
        throw new AuditWriteError(`audit log ${path}: event not written: ${(err as Error).message}`, { cause: err });
      }
      unsynced = relaxed;
      known = { seq: stored.seq, hash: stored.hash };
      return toEvent(stored);
    },
    checkpointHead() {
      try {
        // A checkpoint must never cover a row that is not on disk: fsync the log past relaxed rows first.
        if (unsynced) syncWal();
        return headTx.immediate();
      } catch (err) {
        throw new AuditWriteError(`audit log ${path}: the head could not be read for a checkpoint: ${(err as Error).message}`, {
          cause: err,
        });
      }
    },
    query(filter: AuditQuery = {}): AuditEvent[] {
      const { sql, params } = querySql(filter);
      let stmt = statements.get(sql);
      if (!stmt) {
        stmt = db.prepare<unknown[], AuditRow>(sql);
        statements.set(sql, stmt);
      }
      return stmt.all(...params).map(toEvent);
    },
    close(): void {
      if (db.open) db.close();
    },
  };
}

/** A column value in its storable form: escaped, bounded; an empty value is kept as the empty string. */
function columnText(value: unknown): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
  return boundText(text, AUDIT_LIMITS.columnChars);
}

/**
 * Turns an event into column values in a safe, canonical form instead of refusing it, so every call is recorded
 * whatever its arguments: detail redacted, escaped and bounded (auditSafeValue), text columns escaped and bounded,
 * a duration or change set that is not a proper number kept in detail instead of its column. Only an unknown kind
 * (a programming error the compiler already catches) is refused.
 */
function toFields(event: AuditEventInput): Omit<AuditRowFields, 'seq' | 'at'> {
  if (!Object.hasOwn(KINDS, event.kind)) throw new TypeError(`audit event: unknown kind "${String(event.kind)}"`);
  const duration = event.durationMs;
  const durationOk = duration === undefined || (Number.isFinite(duration) && duration >= 0);
  const changeSetId = event.changeSetId ?? null;
  const changeSetOk = changeSetId === null || Number.isSafeInteger(changeSetId);
  const odd = {
    ...(durationOk ? {} : { durationMs: String(duration) }),
    ...(changeSetOk ? {} : { changeSetId: String(changeSetId) }),
  };
  const detail = auditSafeValue(event.detail);
  return {
    kind: event.kind,
    principal: columnText(event.principal),
    action: columnText(event.action),
    decision: columnText(event.decision),
    outcome: columnText(event.outcome),
    duration_ms: duration === undefined || !durationOk ? null : Math.round(duration),
    change_set_id: changeSetOk ? changeSetId : null,
    detail: canonicalJson(Object.keys(odd).length > 0 ? { value: detail, unusableColumns: odd } : detail),
  };
}

function toEvent(row: AuditRow): AuditEvent {
  return {
    seq: row.seq,
    at: row.at,
    kind: row.kind as AuditKind,
    principal: row.principal,
    action: row.action,
    decision: row.decision,
    outcome: row.outcome,
    ...(row.duration_ms !== null ? { durationMs: row.duration_ms } : {}),
    ...(row.change_set_id !== null ? { changeSetId: row.change_set_id } : {}),
    detail: JSON.parse(row.detail) as JsonValue,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function instant(name: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`audit query: ${name} must be an ISO instant, got "${value}"`);
  return new Date(ms).toISOString();
}

/** Builds the SELECT for a filter; every value is a bound parameter. */
function querySql(filter: AuditQuery): { sql: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const add = (clause: string, value: string | number) => {
    where.push(clause);
    params.push(value);
  };
  if (filter.fromSeq !== undefined) {
    if (!Number.isSafeInteger(filter.fromSeq)) throw new RangeError(`audit query: fromSeq must be a whole number, got ${filter.fromSeq}`);
    add('seq >= ?', filter.fromSeq);
  }
  if (filter.from !== undefined) add('at >= ?', instant('from', filter.from));
  if (filter.to !== undefined) add('at < ?', instant('to', filter.to));
  if (filter.principal !== undefined) add('principal = ?', filter.principal);
  if (filter.action !== undefined) add('action = ?', filter.action);
  if (filter.kind !== undefined) add('kind = ?', filter.kind);
  if (filter.changeSetId !== undefined) add('change_set_id = ?', filter.changeSetId);
  const limit = filter.limit ?? AUDIT_QUERY_DEFAULT_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`audit query: limit must be a whole number of at least 1, got ${limit}`);
  params.push(Math.min(limit, AUDIT_QUERY_MAX_LIMIT));
  const clause = where.length ? ` WHERE ${where.join(' AND ')}` : '';
  return { sql: `SELECT ${AUDIT_COLUMNS.join(', ')} FROM audit_events${clause} ORDER BY seq LIMIT ?`, params };
}
