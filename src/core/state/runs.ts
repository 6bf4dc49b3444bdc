import type { Clock } from '../../platform/clock.ts';
import type { StateDb } from '../../platform/state-db.ts';
import { canonicalJson, parseStoredJson, type JsonValue } from './canonical-json.ts';
import { isoNow } from './iso-time.ts';
import { fail, ok, type StateResult } from './state-result.ts';

/** How a run ended; `partial` = some records went to the exceptions queue. */
type RunOutcome = 'succeeded' | 'failed' | 'partial';
/** A run is `running` until finished; `interrupted` = its process died before it could finish it (set at recovery). */
export type RunStatus = 'running' | RunOutcome | 'interrupted';

/** Every run status, for schemas and CHECK constraints. */
export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'partial', 'interrupted'] as const satisfies readonly RunStatus[];

/** One execution of a pipeline for one company. */
interface Run {
  readonly id: number;
  readonly pipeline: string;
  readonly company: string;
  readonly principal: string;
  readonly params: JsonValue;
  readonly status: RunStatus;
  readonly summary: JsonValue | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

/** What `startRun` records. */
interface StartRunInput {
  readonly pipeline: string;
  readonly company: string;
  readonly params: JsonValue;
  readonly principal: string;
}

/** Run repository. */
export interface RunRepo {
  /** Records a new running run and returns its id. */
  startRun(input: StartRunInput): number;
  /** Closes a running run; `invalid_status` if it already finished. */
  finishRun(id: number, status: RunOutcome, summary: JsonValue): StateResult<Run, 'not_found' | 'invalid_status'>;
  /** One run by id. */
  get(id: number): Run | undefined;
  /** Most recent runs first. */
  list(filter?: { pipeline?: string; company?: string; status?: RunStatus; limit?: number }): Run[];
}

interface RunRow {
  id: number;
  pipeline: string;
  company: string;
  principal: string;
  params: string;
  status: RunStatus;
  summary: string | null;
  started_at: string;
  finished_at: string | null;
}

const toRun = (r: RunRow): Run => ({
  id: r.id,
  pipeline: r.pipeline,
  company: r.company,
  principal: r.principal,
  params: parseStoredJson(r.params),
  status: r.status,
  summary: r.summary === null ? null : parseStoredJson(r.summary),
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});

/** Creates the run repository over a migrated state DB; runs are stamped with `owner`, the process running them. */
export function createRunRepo(db: StateDb, deps: { clock: Pick<Clock, 'now'>; owner: string }): RunRepo {
  const insertStmt = db.prepare(
    "INSERT INTO runs (pipeline, company, principal, params, status, started_at, owner) VALUES (?, ?, ?, ?, 'running', ?, ?)",
  );
  const getStmt = db.prepare<[number], RunRow>('SELECT * FROM runs WHERE id = ?');
  const finishStmt = db.prepare("UPDATE runs SET status = ?, summary = ?, finished_at = ? WHERE id = ? AND status = 'running'");
  // One statement per combination of filters, with only the conditions it needs, and no LIMIT: a bound value in a
  // `(@x IS NULL OR col = @x)` condition or in LIMIT makes SQLite compile the statement again on every run (~10 µs);
  // the rows are read lazily in id order, so stopping after `limit` of them reads no more.
  type ListFilter = { pipeline?: string; company?: string; status?: RunStatus };
  const prepareList = (sql: string) => db.prepare<Record<string, string>, RunRow>(sql);
  const listStmts = new Map<string, ReturnType<typeof prepareList>>();
  const listStmt = (filter: ListFilter) => {
    const columns = (['pipeline', 'company', 'status'] as const).filter((c) => filter[c] !== undefined);
    const key = columns.join(',');
    let stmt = listStmts.get(key);
    if (!stmt) {
      const where = columns.length === 0 ? '' : ` WHERE ${columns.map((c) => `${c} = @${c}`).join(' AND ')}`;
      stmt = prepareList(`SELECT * FROM runs${where} ORDER BY id DESC`);
      listStmts.set(key, stmt);
    }
    return { stmt, columns };
  };

  const finishRun = db.transaction(
    (id: number, status: RunOutcome, summary: JsonValue): StateResult<Run, 'not_found' | 'invalid_status'> => {
      const row = getStmt.get(id);
      if (!row) return fail('not_found', `run ${id} does not exist`);
      if (row.status !== 'running') return fail('invalid_status', `run ${id} already finished as ${row.status}`);
      finishStmt.run(status, canonicalJson(summary), isoNow(deps.clock), id);
      return ok(toRun(getStmt.get(id)!));
    },
  );

  return {
    startRun: (input) =>
      Number(
        insertStmt.run(input.pipeline, input.company, input.principal, canonicalJson(input.params), isoNow(deps.clock), deps.owner)
          .lastInsertRowid,
      ),
    finishRun: (id, status, summary) => finishRun.immediate(id, status, summary),
    get: (id) => {
      const row = getStmt.get(id);
      return row && toRun(row);
    },
    list: (filter = {}) => {
      const { stmt, columns } = listStmt(filter);
      const params: Record<string, string> = {};
      for (const c of columns) params[c] = filter[c]!;
      const limit = filter.limit ?? 100;
      const runs: Run[] = [];
      // As SQLite's LIMIT: 0 lists none, a negative limit lists all.
      if (limit === 0) return runs;
      for (const row of stmt.iterate(params)) {
        runs.push(toRun(row));
        if (runs.length === limit) break;
      }
      return runs;
    },
  };
}
