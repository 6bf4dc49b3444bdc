import type { Clock } from '../../platform/clock.ts';
import type { StateDb } from '../../platform/state-db.ts';
import { canonicalJson, parseStoredJson, type JsonValue } from './canonical-json.ts';
import { isoNow } from './iso-time.ts';
import { fail, ok, type StateResult } from './state-result.ts';

/** Why a record could not be synced; decides who fixes it (mapping owner, accountant, ops) and whether retry helps. */
type ExceptionClass = 'mapping' | 'validation' | 'period' | 'duplicate' | 'upstream' | 'transient';
/** `retrying` = a retry was requested and has not reported back yet. */
type ExceptionStatus = 'open' | 'retrying' | 'resolved';

/** The upstream system's own error, kept verbatim for the person fixing it. */
interface UpstreamError {
  readonly code: string;
  readonly errorno?: string;
  readonly text: string;
}

/** One queued exception. */
export interface SyncException {
  readonly id: number;
  readonly class: ExceptionClass;
  readonly pipeline: string;
  readonly company: string;
  readonly sourceKey: string;
  readonly message: string;
  readonly fix: string;
  readonly upstreamError: UpstreamError | null;
  readonly sourceRecord: JsonValue;
  readonly status: ExceptionStatus;
  readonly attempts: number;
  /** How many times the same problem was raised while unresolved. */
  readonly occurrences: number;
  readonly firstSeenAt: string;
  readonly lastSeenAt: string;
  readonly resolvedAt: string | null;
  readonly resolvedBy: string | null;
  readonly resolution: string | null;
}

/** What `raise` records. */
export interface RaiseInput {
  readonly class: ExceptionClass;
  readonly pipeline: string;
  readonly company: string;
  readonly sourceKey: string;
  readonly message: string;
  readonly fix: string;
  readonly upstreamError?: UpstreamError;
  readonly sourceRecord: JsonValue;
}

/** Exceptions queue repository. */
export interface ExceptionRepo {
  /** Queues a problem; an unresolved one for the same pipeline+company+sourceKey+class is updated instead (`isNew: false`), so alerts fire once. */
  raise(input: RaiseInput): { id: number; isNew: boolean };
  /** One exception by id. */
  get(id: number): SyncException | undefined;
  /** Newest first. */
  list(filter?: { status?: ExceptionStatus; pipeline?: string; class?: ExceptionClass }): SyncException[];
  /** Marks an unresolved exception as being retried (attempts + 1). */
  markRetry(id: number): StateResult<SyncException, 'not_found' | 'invalid_status'>;
  /** Closes an unresolved exception by hand. */
  resolve(id: number, by: { reason: string; by: string }): StateResult<SyncException, 'not_found' | 'invalid_status'>;
  /** Closes every unresolved exception of a record after it later succeeded; returns how many were closed. */
  autoResolve(pipeline: string, company: string, sourceKey: string, runId?: number): number;
}

interface ExceptionRow {
  id: number;
  class: ExceptionClass;
  pipeline: string;
  company: string;
  source_key: string;
  message: string;
  fix: string;
  upstream_error: string | null;
  source_record: string;
  status: ExceptionStatus;
  attempts: number;
  occurrences: number;
  first_seen_at: string;
  last_seen_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

const toException = (r: ExceptionRow): SyncException => ({
  id: r.id,
  class: r.class,
  pipeline: r.pipeline,
  company: r.company,
  sourceKey: r.source_key,
  message: r.message,
  fix: r.fix,
  upstreamError: r.upstream_error === null ? null : (JSON.parse(r.upstream_error) as UpstreamError),
  sourceRecord: parseStoredJson(r.source_record),
  status: r.status,
  attempts: r.attempts,
  occurrences: r.occurrences,
  firstSeenAt: r.first_seen_at,
  lastSeenAt: r.last_seen_at,
  resolvedAt: r.resolved_at,
  resolvedBy: r.resolved_by,
  resolution: r.resolution,
});

/** The system actor recorded when a later success closes an exception. */
export const AUTO_RESOLVER = 'sagebridge';

/** Creates the exceptions repository over a migrated state DB. */
export function createExceptionRepo(db: StateDb, deps: { clock: Pick<Clock, 'now'> }): ExceptionRepo {
  const findOpenStmt = db.prepare<[string, string, string, string], ExceptionRow>(
    "SELECT * FROM exceptions WHERE pipeline = ? AND company = ? AND source_key = ? AND class = ? AND status <> 'resolved'",
  );
  const insertStmt = db.prepare(
    `INSERT INTO exceptions (class, pipeline, company, source_key, message, fix, upstream_error, source_record, status,
       first_seen_at, last_seen_at)
     VALUES (@class, @pipeline, @company, @sourceKey, @message, @fix, @upstreamError, @sourceRecord, 'open', @now, @now)`,
  );
  // A repeat of a retrying exception means the retry failed: it goes back to open with the newest details.
  const repeatStmt = db.prepare(
    `UPDATE exceptions SET message = @message, fix = @fix, upstream_error = @upstreamError, source_record = @sourceRecord,
       status = 'open', occurrences = occurrences + 1, last_seen_at = @now WHERE id = @id`,
  );
  const getStmt = db.prepare<[number], ExceptionRow>('SELECT * FROM exceptions WHERE id = ?');
  const listStmt = db.prepare<[{ status: string | null; pipeline: string | null; class: string | null }], ExceptionRow>(
    `SELECT * FROM exceptions WHERE (@status IS NULL OR status = @status) AND (@pipeline IS NULL OR pipeline = @pipeline) AND (@class IS NULL OR class = @class)
     ORDER BY id DESC`,
  );
  const retryStmt = db.prepare("UPDATE exceptions SET status = 'retrying', attempts = attempts + 1, last_seen_at = ? WHERE id = ?");
  const resolveStmt = db.prepare(
    "UPDATE exceptions SET status = 'resolved', resolved_at = ?, resolved_by = ?, resolution = ? WHERE id = ?",
  );
  const autoResolveStmt = db.prepare(
    `UPDATE exceptions SET status = 'resolved', resolved_at = ?, resolved_by = ?, resolution = ?
     WHERE pipeline = ? AND company = ? AND source_key = ? AND status <> 'resolved'`,
  );

  const raise = db.transaction((input: RaiseInput): { id: number; isNew: boolean } => {
    const params = {
      class: input.class,
      pipeline: input.pipeline,
      company: input.company,
      sourceKey: input.sourceKey,
      message: input.message,
      fix: input.fix,
      upstreamError: input.upstreamError ? canonicalJson({ ...input.upstreamError }) : null,
      sourceRecord: canonicalJson(input.sourceRecord),
      now: isoNow(deps.clock),
    };
    const existing = findOpenStmt.get(input.pipeline, input.company, input.sourceKey, input.class);
    if (existing) {
      repeatStmt.run({ ...params, id: existing.id });
      return { id: existing.id, isNew: false };
    }
    return { id: Number(insertStmt.run(params).lastInsertRowid), isNew: true };
  });

  const unresolved = (id: number): StateResult<ExceptionRow, 'not_found' | 'invalid_status'> => {
    const row = getStmt.get(id);
    if (!row) return fail('not_found', `exception ${id} does not exist`);
    if (row.status === 'resolved') return fail('invalid_status', `exception ${id} is already resolved (${row.resolution ?? ''})`);
    return ok(row);
  };

  const markRetry = db.transaction((id: number): StateResult<SyncException, 'not_found' | 'invalid_status'> => {
    const found = unresolved(id);
    if (!found.ok) return found;
    retryStmt.run(isoNow(deps.clock), id);
    return ok(toException(getStmt.get(id)!));
  });

  const resolve = db.transaction(
    (id: number, by: { reason: string; by: string }): StateResult<SyncException, 'not_found' | 'invalid_status'> => {
      const found = unresolved(id);
      if (!found.ok) return found;
      resolveStmt.run(isoNow(deps.clock), by.by, by.reason, id);
      return ok(toException(getStmt.get(id)!));
    },
  );

  return {
    raise: (input) => raise.immediate(input),
    get: (id) => {
      const row = getStmt.get(id);
      return row && toException(row);
    },
    list: (filter = {}) =>
      listStmt.all({ status: filter.status ?? null, pipeline: filter.pipeline ?? null, class: filter.class ?? null }).map(toException),
    markRetry: (id) => markRetry.immediate(id),
    resolve: (id, by) => resolve.immediate(id, by),
    autoResolve: (pipeline, company, sourceKey, runId) => {
      const reason = runId === undefined ? 'succeeded' : `succeeded in run ${runId}`;
      return autoResolveStmt.run(isoNow(deps.clock), AUTO_RESOLVER, reason, pipeline, company, sourceKey).changes;
    },
  };
}
