import type { Clock } from '../../platform/clock.ts';
import type { StateDb } from '../../platform/state-db.ts';
import { canonicalJson, parseStoredJson, type JsonValue } from './canonical-json.ts';
import { isoNow } from './iso-time.ts';

/** A pipeline's incremental-sync position for one company. */
interface Cursor {
  readonly pipeline: string;
  readonly company: string;
  readonly value: JsonValue;
  readonly updatedAt: string;
}

/** Cursor repository. */
export interface CursorRepo {
  /** The stored cursor, or undefined before the first successful run. */
  get(pipeline: string, company: string): Cursor | undefined;
  /** Stores a cursor; call only after everything before it is durably recorded (never from the run's own clock). */
  set(pipeline: string, company: string, value: JsonValue): Cursor;
  /** Like `set`, but refuses to run outside a transaction, so the move commits atomically with the confirmations it depends on. */
  advanceCursor(pipeline: string, company: string, value: JsonValue): Cursor;
}

interface CursorRow {
  pipeline: string;
  company: string;
  value: string;
  updated_at: string;
}

/** Creates the cursor repository over a migrated state DB. */
export function createCursorRepo(db: StateDb, deps: { clock: Pick<Clock, 'now'> }): CursorRepo {
  const getStmt = db.prepare<[string, string], CursorRow>('SELECT * FROM cursors WHERE pipeline = ? AND company = ?');
  const upsertStmt = db.prepare(
    `INSERT INTO cursors (pipeline, company, value, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (pipeline, company) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  const set = (pipeline: string, company: string, value: JsonValue): Cursor => {
    const updatedAt = isoNow(deps.clock);
    upsertStmt.run(pipeline, company, canonicalJson(value), updatedAt);
    return { pipeline, company, value, updatedAt };
  };
  return {
    get: (pipeline, company) => {
      const row = getStmt.get(pipeline, company);
      return row && { pipeline: row.pipeline, company: row.company, value: parseStoredJson(row.value), updatedAt: row.updated_at };
    },
    set,
    advanceCursor: (pipeline, company, value) => {
      if (!db.inTransaction)
        throw new Error(
          `advanceCursor(${pipeline}, ${company}) called outside a transaction; use it inside confirm() or store.transaction()`,
        );
      return set(pipeline, company, value);
    },
  };
}
