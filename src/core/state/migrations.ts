import type { Migration } from '../../platform/state-db.ts';

// STRICT tables and CHECK constraints duplicate the TypeScript unions on purpose: a bad row written by a
// buggy build or a hand edit fails at write time instead of surfacing as a wrong sync later.
const V1_INITIAL = `
CREATE TABLE runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pipeline TEXT NOT NULL,
  company TEXT NOT NULL,
  principal TEXT NOT NULL,
  params TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'partial')),
  summary TEXT,
  started_at TEXT NOT NULL,
  finished_at TEXT
) STRICT;
CREATE INDEX runs_by_pipeline ON runs (pipeline, company, id);

CREATE TABLE change_sets (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs (id),
  pipeline TEXT NOT NULL,
  company TEXT NOT NULL,
  digest TEXT NOT NULL CHECK (length(digest) = 64),
  status TEXT NOT NULL CHECK (status IN ('planned', 'approved', 'rejected', 'expired', 'executing', 'executed')),
  created_by TEXT NOT NULL,
  approved_by TEXT,
  decided_by TEXT,
  decided_at TEXT,
  decision_note TEXT,
  summary TEXT NOT NULL,
  expires_at TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX change_sets_by_pipeline ON change_sets (pipeline, company, status);

CREATE TABLE outbox (
  idempotency_key TEXT PRIMARY KEY,
  change_set_id INTEGER NOT NULL REFERENCES change_sets (id),
  target_system TEXT NOT NULL,
  object_type TEXT NOT NULL,
  source_system TEXT NOT NULL,
  source_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  payload_digest TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('planned', 'approved', 'sending', 'confirmed', 'failed', 'unknown')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  target_key TEXT,
  target_record_no TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  confirmed_at TEXT,
  CHECK (state <> 'confirmed' OR (target_key IS NOT NULL AND confirmed_at IS NOT NULL))
) STRICT;
CREATE INDEX outbox_by_state ON outbox (state);
CREATE INDEX outbox_by_change_set ON outbox (change_set_id);

CREATE TABLE change_set_items (
  change_set_id INTEGER NOT NULL REFERENCES change_sets (id),
  seq INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL REFERENCES outbox (idempotency_key),
  PRIMARY KEY (change_set_id, seq),
  UNIQUE (change_set_id, idempotency_key)
) STRICT;
CREATE INDEX change_set_items_by_key ON change_set_items (idempotency_key);

CREATE TABLE xrefs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  object_type TEXT NOT NULL,
  source_system TEXT NOT NULL,
  source_key TEXT NOT NULL,
  target_system TEXT NOT NULL,
  target_key TEXT NOT NULL,
  target_record_no TEXT,
  content_hash TEXT,
  last_written_at TEXT,
  last_written_by TEXT,
  last_outbox_key TEXT REFERENCES outbox (idempotency_key),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (object_type, source_system, source_key, target_system),
  UNIQUE (object_type, target_system, target_key, source_system)
) STRICT;

CREATE TABLE cursors (
  pipeline TEXT NOT NULL,
  company TEXT NOT NULL,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (pipeline, company)
) STRICT;

CREATE TABLE exceptions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  class TEXT NOT NULL CHECK (class IN ('mapping', 'validation', 'period', 'duplicate', 'upstream', 'transient')),
  pipeline TEXT NOT NULL,
  company TEXT NOT NULL,
  source_key TEXT NOT NULL,
  message TEXT NOT NULL,
  fix TEXT NOT NULL,
  upstream_error TEXT,
  source_record TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'retrying', 'resolved')),
  attempts INTEGER NOT NULL DEFAULT 0,
  occurrences INTEGER NOT NULL DEFAULT 1,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT,
  resolution TEXT
) STRICT;
-- At most one unresolved exception per record and class: repeats update it, so alerting fires once.
CREATE UNIQUE INDEX exceptions_one_unresolved ON exceptions (pipeline, company, source_key, class) WHERE status <> 'resolved';
CREATE INDEX exceptions_by_status ON exceptions (status, pipeline, class);
`;

/** Every schema version of the state DB, in order. Append only: never edit or reorder a shipped step. */
export const STATE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial: runs, change sets, outbox, xrefs, cursors, exceptions',
    up: (db) => {
      db.exec(V1_INITIAL);
    },
  },
  {
    version: 2,
    name: 'outbox lookup by source record',
    up: (db) => {
      // Pipelines look up every payload version of one source record before planning a new one.
      db.exec('CREATE INDEX outbox_by_source ON outbox (source_system, source_key)');
    },
  },
  {
    version: 3,
    name: 'approval policy recorded on change sets',
    up: (db) => {
      // The policy that applied when the plan met the approval gate, so an approver sees why it waits for them.
      db.exec('ALTER TABLE change_sets ADD COLUMN policy TEXT');
    },
  },
  {
    version: 4,
    name: 'change sets needing several distinct approvers',
    up: (db) => {
      // Bank and remittance changes need two people besides the requester; 1 keeps every existing change set as it was.
      db.exec(`ALTER TABLE change_sets ADD COLUMN approvals_required INTEGER NOT NULL DEFAULT 1 CHECK (approvals_required BETWEEN 1 AND 5);
        ALTER TABLE change_sets ADD COLUMN approvals TEXT NOT NULL DEFAULT '[]'`);
    },
  },
  {
    version: 5,
    name: 'outbox payloads in their own table',
    up: (db) => {
      // Every state move (approved, sending, confirmed) rewrites the outbox row; a GL payload was most of its bytes,
      // so each move rewrote it and every commit carried it to the WAL. Payloads are written once and never change.
      db.exec(`CREATE TABLE outbox_payloads (
          idempotency_key TEXT PRIMARY KEY REFERENCES outbox (idempotency_key),
          payload TEXT NOT NULL
        ) STRICT;
        INSERT INTO outbox_payloads (idempotency_key, payload) SELECT idempotency_key, payload FROM outbox;
        ALTER TABLE outbox DROP COLUMN payload`);
    },
  },
  {
    version: 6,
    name: 'change sets bind their approval policy and list everyone who asked for them',
    up: (db) => {
      // A repeat of the same request by another principal returns the pending change set; the policy bound to it is
      // the strictest of everyone who asked, so no later caller can run it under a looser one.
      db.exec(`ALTER TABLE change_sets ADD COLUMN bound_policy TEXT;
        ALTER TABLE change_sets ADD COLUMN requesters TEXT NOT NULL DEFAULT '[]'`);
    },
  },
  {
    version: 7,
    name: 'call budgets shared by every process of a deployment',
    up: (db) => {
      // Rate-limit windows lived in each process's memory, so every CLI command started with a full budget.
      db.exec(`CREATE TABLE call_windows (
          principal TEXT NOT NULL,
          tool TEXT NOT NULL,
          at_ms INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX call_windows_by_key ON call_windows (principal, tool, at_ms)`);
    },
  },
  {
    version: 8,
    name: 'interrupted runs and the process executing a change set or run',
    rebuildsTables: true,
    up: (db) => {
      // `interrupted` closes a run whose process died (crash, SIGKILL); widening the CHECK means rebuilding `runs`,
      // which change_sets references. `owner` names the process (its lease) that is running a run or executing a
      // change set, so recovery at start can tell a dead process's leftovers from work another live process is doing.
      const seq = db.prepare<[], { seq: number }>("SELECT seq FROM sqlite_sequence WHERE name = 'runs'").get()?.seq;
      db.exec(`CREATE TABLE runs_v8 (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          pipeline TEXT NOT NULL,
          company TEXT NOT NULL,
          principal TEXT NOT NULL,
          params TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'partial', 'interrupted')),
          summary TEXT,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          owner TEXT
        ) STRICT;
        INSERT INTO runs_v8 (id, pipeline, company, principal, params, status, summary, started_at, finished_at)
          SELECT id, pipeline, company, principal, params, status, summary, started_at, finished_at FROM runs;
        DROP TABLE runs;
        ALTER TABLE runs_v8 RENAME TO runs;
        CREATE INDEX runs_by_pipeline ON runs (pipeline, company, id);
        CREATE INDEX runs_running ON runs (status) WHERE status = 'running';
        ALTER TABLE change_sets ADD COLUMN owner TEXT;
        CREATE INDEX change_sets_executing ON change_sets (status) WHERE status = 'executing'`);
      // AUTOINCREMENT's promise (a run id is never reused) carries over from the old table's counter.
      db.prepare("DELETE FROM sqlite_sequence WHERE name IN ('runs', 'runs_v8')").run();
      if (seq !== undefined) db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('runs', ?)").run(seq);
    },
  },
];
