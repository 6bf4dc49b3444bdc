import type Database from 'better-sqlite3';
import type { FieldObject } from './xml-node.ts';

/** A row of any object; `data` holds every field (RECORDNO first) exactly as it is answered on the wire. */
export interface StoredRecord {
  recordNo: number;
  id: string | undefined;
  data: FieldObject;
}

export interface SessionRow {
  sessionId: string;
  userId: string;
  companyId: string;
  locationId: string;
  expiresAt: number;
}

export interface ResultSetRow {
  object: string;
  fields: string[];
  pageSize: number;
  remaining: number[];
  totalCount: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  object TEXT NOT NULL, recordno INTEGER NOT NULL, id TEXT, data TEXT NOT NULL,
  PRIMARY KEY (object, recordno));
CREATE UNIQUE INDEX IF NOT EXISTS records_object_id ON records(object, id) WHERE id IS NOT NULL;
CREATE INDEX IF NOT EXISTS records_glentry_batch ON records(json_extract(data, '$.BATCHNO')) WHERE object = 'GLENTRY';
CREATE TABLE IF NOT EXISTS sequences (name TEXT PRIMARY KEY, next INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS periods (period TEXT PRIMARY KEY, status TEXT NOT NULL CHECK (status IN ('open','closed')));
CREATE TABLE IF NOT EXISTS sessions (
  session_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, company_id TEXT NOT NULL,
  location_id TEXT NOT NULL DEFAULT '', expires_at INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS executed_functions (
  company_id TEXT NOT NULL, control_id TEXT NOT NULL, function_name TEXT NOT NULL, executed_at TEXT NOT NULL,
  PRIMARY KEY (company_id, control_id));
CREATE TABLE IF NOT EXISTS result_sets (
  result_id TEXT PRIMARY KEY, object TEXT NOT NULL, fields TEXT NOT NULL, pagesize INTEGER NOT NULL,
  remaining TEXT NOT NULL, totalcount INTEGER NOT NULL);
`;

interface RecordRow {
  recordno: number;
  id: string | null;
  data: string;
}

const toRecord = (r: RecordRow): StoredRecord => ({ recordNo: r.recordno, id: r.id ?? undefined, data: JSON.parse(r.data) as FieldObject });

/** All emulator state in one SQLite database, so a file path survives restarts and transactions are real. */
export class EmulatorStore {
  private readonly stmt;
  /**
   * Reference lookups (accounts, dimensions, journals) of the request being run, by object then id; null = absent.
   * A 50-entry journal request checks the same few master records hundreds of times. Any write to an object through
   * this store drops that object's entries, and the gateway drops everything on rollback and between requests, so a
   * hit always equals what the database holds (nothing else writes while a request runs: it is synchronous).
   */
  private readonly lookups = new Map<string, Map<string, Readonly<StoredRecord> | null>>();
  /** Period open/closed answers of the request being run; dropped with the lookups and by setPeriod. */
  private readonly periods = new Map<string, boolean>();
  /**
   * Sequence values taken inside a request's write transaction (`beginWrite`), kept in memory and written back just
   * before its commit: a 50-entry request takes ~150 values, one statement each otherwise. `savedSequences` is the
   * state at the open function savepoint, restored when the function is rolled back. Outside a write transaction
   * (seeding, direct store use) sequences go straight to the database as before.
   */
  private sequences: Map<string, number> | undefined;
  private savedSequences: Map<string, number> | undefined;

  constructor(readonly db: Database.Database) {
    db.pragma('journal_mode = WAL');
    // A test double need not survive power loss: in WAL mode NORMAL still survives a killed process, and the commit
    // of every request no longer waits for an fsync (which blocked the other request in flight).
    db.pragma('synchronous = NORMAL');
    // Functions run in savepoints; their undo pages and the page cache stay in memory rather than temp files.
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    db.exec(SCHEMA);
    this.stmt = {
      insert: db.prepare('INSERT INTO records (object, recordno, id, data) VALUES (?, ?, ?, ?)'),
      // Journal lines come in fours (two-line entries in twos); one statement per batch of lines.
      insert2: db.prepare('INSERT INTO records (object, recordno, id, data) VALUES (?, ?, ?, ?), (?, ?, ?, ?)'),
      insert4: db.prepare('INSERT INTO records (object, recordno, id, data) VALUES (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?), (?, ?, ?, ?)'),
      update: db.prepare('UPDATE records SET id = ?, data = ? WHERE object = ? AND recordno = ?'),
      delete: db.prepare('DELETE FROM records WHERE object = ? AND recordno = ?'),
      get: db.prepare('SELECT recordno, id, data FROM records WHERE object = ? AND recordno = ?'),
      getById: db.prepare('SELECT recordno, id, data FROM records WHERE object = ? AND id = ?'),
      all: db.prepare('SELECT recordno, id, data FROM records WHERE object = ? ORDER BY recordno'),
      batchLines: db.prepare(
        "SELECT recordno, id, data FROM records WHERE object = 'GLENTRY' AND json_extract(data, '$.BATCHNO') = ? ORDER BY recordno",
      ),
      counts: db.prepare('SELECT object, COUNT(*) AS n FROM records GROUP BY object'),
      total: db.prepare('SELECT COUNT(*) AS n FROM records'),
      nextSeq: db.prepare(
        'INSERT INTO sequences (name, next) VALUES (@name, 1 + @n) ON CONFLICT(name) DO UPDATE SET next = next + @n RETURNING next - @n AS value',
      ),
      sequence: db.prepare('SELECT next FROM sequences WHERE name = ?'),
      saveSequence: db.prepare('INSERT INTO sequences (name, next) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET next = excluded.next'),
      begin: db.prepare('BEGIN IMMEDIATE'),
      commit: db.prepare('COMMIT'),
      rollback: db.prepare('ROLLBACK'),
      savepoint: db.prepare('SAVEPOINT fn'),
      release: db.prepare('RELEASE fn'),
      rollbackTo: db.prepare('ROLLBACK TO fn'),
      period: db.prepare('SELECT status FROM periods WHERE period = ?'),
      firstOpenPeriod: db.prepare("SELECT MIN(period) AS period FROM periods WHERE status = 'open'"),
      setPeriod: db.prepare(
        'INSERT INTO periods (period, status) VALUES (?, ?) ON CONFLICT(period) DO UPDATE SET status = excluded.status',
      ),
      insertSession: db.prepare('INSERT INTO sessions (session_id, user_id, company_id, location_id, expires_at) VALUES (?, ?, ?, ?, ?)'),
      getSession: db.prepare('SELECT session_id, user_id, company_id, location_id, expires_at FROM sessions WHERE session_id = ?'),
      slideSession: db.prepare('UPDATE sessions SET expires_at = ? WHERE session_id = ?'),
      expireSessions: db.prepare('DELETE FROM sessions'),
      executed: db.prepare('SELECT 1 FROM executed_functions WHERE company_id = ? AND control_id = ?'),
      recordExecuted: db.prepare(
        'INSERT OR IGNORE INTO executed_functions (company_id, control_id, function_name, executed_at) VALUES (?, ?, ?, ?)',
      ),
      insertResultSet: db.prepare(
        'INSERT INTO result_sets (result_id, object, fields, pagesize, remaining, totalcount) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      getResultSet: db.prepare('SELECT object, fields, pagesize, remaining, totalcount FROM result_sets WHERE result_id = ?'),
      updateResultSet: db.prepare('UPDATE result_sets SET remaining = ? WHERE result_id = ?'),
      deleteResultSet: db.prepare('DELETE FROM result_sets WHERE result_id = ?'),
    };
  }

  isEmpty(): boolean {
    return (this.stmt.total.get() as { n: number }).n === 0;
  }

  nextSequence(name: string): number {
    return this.reserveSequence(name, 1);
  }

  /** Takes `count` consecutive values of a sequence at once; returns the first. */
  private reserveSequence(name: string, count: number): number {
    const cache = this.sequences;
    if (!cache) return (this.stmt.nextSeq.get({ name, n: count }) as { value: number }).value;
    let next = cache.get(name);
    if (next === undefined) next = (this.stmt.sequence.get(name) as { next: number } | undefined)?.next ?? 1;
    cache.set(name, next + count);
    return next;
  }

  /** BEGIN IMMEDIATE for one request's writes; pair with `commitWrite` or `rollbackWrite`. */
  beginWrite(): void {
    this.stmt.begin.run();
    this.sequences = new Map();
  }

  /** Writes back the sequence values taken, then commits. */
  commitWrite(): void {
    const taken = this.sequences;
    this.sequences = undefined;
    this.savedSequences = undefined;
    try {
      if (taken) for (const [name, next] of taken) this.stmt.saveSequence.run(name, next);
    } catch (error) {
      this.stmt.rollback.run();
      this.forgetReads();
      throw error;
    }
    this.stmt.commit.run();
  }

  rollbackWrite(): void {
    this.sequences = undefined;
    this.savedSequences = undefined;
    this.stmt.rollback.run();
    this.forgetReads();
  }

  /** Inserts a record with a fresh RECORDNO (first field, like the real answers); returns it. */
  insert(object: string, id: string | undefined, fields: FieldObject): StoredRecord {
    return this.insertRow(object, this.nextSequence(`RECORDNO:${object}`), id, fields);
  }

  /** Inserts child rows without an ID (journal lines) with consecutive RECORDNOs, taken in one sequence step. */
  insertAll(object: string, rows: readonly FieldObject[]): StoredRecord[] {
    if (rows.length === 0) return [];
    const first = this.reserveSequence(`RECORDNO:${object}`, rows.length);
    const records = rows.map((fields, i): StoredRecord => ({
      recordNo: first + i,
      id: undefined,
      data: { RECORDNO: String(first + i), ...fields },
    }));
    this.lookups.delete(object);
    for (let i = 0; i < records.length;) {
      const n = records.length - i >= 4 ? 4 : records.length - i >= 2 ? 2 : 1;
      const params: unknown[] = [];
      for (const rec of records.slice(i, i + n)) params.push(object, rec.recordNo, null, JSON.stringify(rec.data));
      (n === 4 ? this.stmt.insert4 : n === 2 ? this.stmt.insert2 : this.stmt.insert).run(...params);
      i += n;
    }
    return records;
  }

  private insertRow(object: string, recordNo: number, id: string | undefined, fields: FieldObject): StoredRecord {
    const data: FieldObject = { RECORDNO: String(recordNo), ...fields };
    this.lookups.delete(object);
    this.stmt.insert.run(object, recordNo, id ?? null, JSON.stringify(data));
    return { recordNo, id, data };
  }

  /** Opens the savepoint one function of a request-wide write transaction runs in (transaction="false"). */
  beginFunction(): void {
    this.stmt.savepoint.run();
    if (this.sequences) this.savedSequences = new Map(this.sequences);
  }

  /** Keeps (`ok`) or undoes the function's writes (and the sequence values it took) and closes its savepoint. */
  endFunction(ok: boolean): void {
    if (!ok) {
      this.stmt.rollbackTo.run();
      if (this.savedSequences) this.sequences = this.savedSequences;
      this.forgetReads();
    }
    this.savedSequences = undefined;
    this.stmt.release.run();
  }

  update(object: string, rec: StoredRecord): void {
    this.lookups.delete(object);
    this.stmt.update.run(rec.id ?? null, JSON.stringify(rec.data), object, rec.recordNo);
  }

  delete(object: string, recordNo: number): void {
    this.lookups.delete(object);
    this.stmt.delete.run(object, recordNo);
  }

  get(object: string, recordNo: number): StoredRecord | undefined {
    const row = this.stmt.get.get(object, recordNo) as RecordRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  getById(object: string, id: string): StoredRecord | undefined {
    const row = this.stmt.getById.get(object, id) as RecordRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /**
   * `getById` for read-only use (reference checks), answered from the per-request cache. The record is shared
   * between callers and must not be modified; use `getById` for a record you are going to change.
   */
  lookupById(object: string, id: string): Readonly<StoredRecord> | undefined {
    let byId = this.lookups.get(object);
    if (!byId) {
      byId = new Map();
      this.lookups.set(object, byId);
    }
    let rec = byId.get(id);
    if (rec === undefined) {
      rec = this.getById(object, id) ?? null;
      byId.set(id, rec);
    }
    return rec ?? undefined;
  }

  /** Drops every cached lookup: after a rollback, and at the start and end of each request. */
  forgetReads(): void {
    this.lookups.clear();
    this.periods.clear();
  }

  all(object: string): StoredRecord[] {
    return (this.stmt.all.all(object) as RecordRow[]).map(toRecord);
  }

  /** Journal lines of one GLBATCH (indexed; batches are written often and must not scan every line). */
  batchLines(batchRecordNo: number): StoredRecord[] {
    return (this.stmt.batchLines.all(String(batchRecordNo)) as RecordRow[]).map(toRecord);
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const row of this.stmt.counts.all() as { object: string; n: number }[]) out[row.object] = row.n;
    return out;
  }

  /** Unknown periods are closed: only periods seeded or reopened as 'open' accept postings. */
  isPeriodOpen(period: string): boolean {
    let open = this.periods.get(period);
    if (open === undefined) {
      open = (this.stmt.period.get(period) as { status: string } | undefined)?.status === 'open';
      this.periods.set(period, open);
    }
    return open;
  }

  /** The earliest period open for posting ('yyyy-mm'), or undefined when none is. */
  firstOpenPeriod(): string | undefined {
    return (this.stmt.firstOpenPeriod.get() as { period: string | null }).period ?? undefined;
  }

  setPeriod(period: string, status: 'open' | 'closed'): void {
    this.periods.delete(period);
    this.stmt.setPeriod.run(period, status);
  }

  createSession(row: SessionRow): void {
    this.stmt.insertSession.run(row.sessionId, row.userId, row.companyId, row.locationId, row.expiresAt);
  }

  getSession(sessionId: string): SessionRow | undefined {
    const r = this.stmt.getSession.get(sessionId) as
      { session_id: string; user_id: string; company_id: string; location_id: string; expires_at: number } | undefined;
    return r && { sessionId: r.session_id, userId: r.user_id, companyId: r.company_id, locationId: r.location_id, expiresAt: r.expires_at };
  }

  slideSession(sessionId: string, expiresAt: number): void {
    this.stmt.slideSession.run(expiresAt, sessionId);
  }

  expireSessions(): void {
    this.stmt.expireSessions.run();
  }

  wasExecuted(companyId: string, controlId: string): boolean {
    return this.stmt.executed.get(companyId, controlId) !== undefined;
  }

  recordExecuted(companyId: string, controlId: string, functionName: string, at: string): void {
    this.stmt.recordExecuted.run(companyId, controlId, functionName, at);
  }

  saveResultSet(resultId: string, rs: ResultSetRow): void {
    this.stmt.insertResultSet.run(resultId, rs.object, JSON.stringify(rs.fields), rs.pageSize, JSON.stringify(rs.remaining), rs.totalCount);
  }

  getResultSet(resultId: string): ResultSetRow | undefined {
    const r = this.stmt.getResultSet.get(resultId) as
      { object: string; fields: string; pagesize: number; remaining: string; totalcount: number } | undefined;
    if (!r) return undefined;
    return {
      object: r.object,
      fields: JSON.parse(r.fields) as string[],
      pageSize: r.pagesize,
      remaining: JSON.parse(r.remaining) as number[],
      totalCount: r.totalcount,
    };
  }

  updateResultSet(resultId: string, remaining: number[]): void {
    if (remaining.length === 0) this.stmt.deleteResultSet.run(resultId);
    else this.stmt.updateResultSet.run(JSON.stringify(remaining), resultId);
  }
}
