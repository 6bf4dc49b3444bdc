import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { findStateViolations } from '../../src/core/state/index.ts';

/** What the crash tests check in the state store after (and between) SIGKILLs, read from the file read-only. */
export interface StateView {
  readonly integrity: string;
  readonly violations: string[];
  readonly xrefs: number;
  readonly byState: Record<string, number>;
  readonly confirmedSources: number;
  readonly confirmedWithoutXref: number;
  readonly xrefRecordNos: Map<string, string>;
  /** GL change sets by status. */
  readonly changeSets: Record<string, number>;
  /** GL runs by status. */
  readonly runs: Record<string, number>;
  /** Rows of the change-set item table and the distinct keys they name: equal when the plan is stored once. */
  readonly itemRows: number;
  readonly itemKeys: number;
}

/** Counts rows by a status column for the GL pipeline. */
function byStatus(db: Database.Database, table: 'runs' | 'change_sets'): Record<string, number> {
  return Object.fromEntries(
    db
      .prepare<[], { status: string; n: number }>(`SELECT status, COUNT(*) AS n FROM ${table} WHERE pipeline = 'gl' GROUP BY status`)
      .all()
      .map((r) => [r.status, r.n]),
  );
}

/** Reads the state store at `path` read-only; undefined before the file exists. */
export function inspectState(path: string): StateView | undefined {
  if (!existsSync(path)) return undefined;
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = String(db.pragma('integrity_check', { simple: true }));
    const hasSchema = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'xrefs'").get() !== undefined;
    if (!hasSchema)
      return {
        integrity,
        violations: [],
        xrefs: 0,
        byState: {},
        confirmedSources: 0,
        confirmedWithoutXref: 0,
        xrefRecordNos: new Map(),
        changeSets: {},
        runs: {},
        itemRows: 0,
        itemKeys: 0,
      };
    const xrefRows = db
      .prepare<[], { source_key: string; target_record_no: string | null }>(
        "SELECT source_key, target_record_no FROM xrefs WHERE object_type = 'GLBATCH' AND source_system = 'sage300' AND target_system = 'intacct'",
      )
      .all();
    const byState = Object.fromEntries(
      db
        .prepare<[], { state: string; n: number }>("SELECT state, COUNT(*) AS n FROM outbox WHERE object_type = 'GLBATCH' GROUP BY state")
        .all()
        .map((r) => [r.state, r.n]),
    );
    const confirmedSources = db
      .prepare<[], { n: number }>(
        "SELECT COUNT(DISTINCT source_key) AS n FROM outbox WHERE object_type = 'GLBATCH' AND state = 'confirmed'",
      )
      .get()!.n;
    const confirmedWithoutXref = db
      .prepare<[], { n: number }>(
        `SELECT COUNT(*) AS n FROM outbox o WHERE o.object_type = 'GLBATCH' AND o.state = 'confirmed' AND NOT EXISTS (
           SELECT 1 FROM xrefs x WHERE x.object_type = o.object_type AND x.source_key = o.source_key AND x.target_system = o.target_system
             AND x.target_record_no = o.target_record_no AND x.last_outbox_key = o.idempotency_key)`,
      )
      .get()!.n;
    const items = db
      .prepare<[], { rows: number; keys: number }>('SELECT COUNT(*) AS rows, COUNT(DISTINCT idempotency_key) AS keys FROM change_set_items')
      .get()!;
    return {
      integrity,
      violations: findStateViolations(db),
      xrefs: xrefRows.length,
      byState,
      confirmedSources,
      confirmedWithoutXref,
      xrefRecordNos: new Map(xrefRows.map((r) => [r.source_key, r.target_record_no ?? ''])),
      changeSets: byStatus(db, 'change_sets'),
      runs: byStatus(db, 'runs'),
      itemRows: items.rows,
      itemKeys: items.keys,
    };
  } finally {
    db.close();
  }
}

/** Counts GLBATCH cross-references (how far delivery got); undefined while the schema does not exist yet. */
export function countXrefs(db: Database.Database | undefined): number | undefined {
  try {
    return db?.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM xrefs WHERE object_type = 'GLBATCH'").get()?.n;
  } catch {
    return undefined; // not migrated yet
  }
}
