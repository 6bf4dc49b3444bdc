import type { Clock } from '../../platform/clock.ts';
import type { StateDb } from '../../platform/state-db.ts';
import { canonicalJson, digestOfText, parseStoredJson, type JsonValue } from './canonical-json.ts';
import type { CursorRepo } from './cursors.ts';
import type { ExceptionRepo } from './exceptions.ts';
import { isoNow } from './iso-time.ts';
import type { ProcessOwnership } from './ownership.ts';
import { assertTransition, OUTBOX_STATES, OUTBOX_TRANSITIONS, type OutboxState } from './outbox-state-machine.ts';
import { ok, type StateResult } from './state-result.ts';
import type { XrefConflict, XrefRepo } from './xrefs.ts';

/** One planned external write, as a pipeline describes it. */
export interface PlanItem {
  /** Deterministic (derived from tenant, object, source id and version): the same record always maps to the same key. */
  readonly idempotencyKey: string;
  readonly targetSystem: string;
  readonly objectType: string;
  readonly sourceSystem: string;
  readonly sourceKey: string;
  readonly payload: JsonValue;
  /**
   * `canonicalJson(payload)` when the planner serialised it already (for the key's digest): stored as is, so a
   * payload is serialised once per plan. It must be exactly that text.
   */
  readonly payloadText?: string;
  /** `digestOfText(payloadText)` when the planner computed it already (e.g. for the key); only with `payloadText`. */
  readonly payloadDigest?: string;
}

/** An outbox row. */
export interface OutboxEntry extends PlanItem {
  /** The change set that first planned this key. */
  readonly changeSetId: number;
  readonly payloadDigest: string;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly lastError: JsonValue | null;
  readonly targetKey: string | null;
  readonly targetRecordNo: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly confirmedAt: string | null;
}

/** Result of planning; `payloadMatches: false` means the key was planned before with different content. */
interface PlanOutcome {
  readonly entry: OutboxEntry;
  readonly isNew: boolean;
  readonly payloadMatches: boolean;
}

/** What the target told us (or what a read-back found). */
interface ConfirmInput {
  readonly targetKey: string;
  readonly recordNo?: string | null;
  /** Digest of the content written, stored on the xref for echo suppression. */
  readonly contentHash: string;
  /** Run doing the confirmation; defaults to the run of the change set that planned the key. */
  readonly runId?: number;
  readonly writtenBy?: string;
  /** Moved in the same transaction, so the cursor can never run ahead of a confirmation. */
  readonly advanceCursor?: { readonly pipeline: string; readonly company: string; readonly value: JsonValue };
}

/** A plan item with its payload as stored: `payload` is the canonical JSON text, exactly the bytes planned. */
export interface StoredPlanItem extends Omit<PlanItem, 'payload'> {
  readonly payload: string;
}

/** Outbox repository; every state change goes through one transition function that enforces the state machine. */
export interface OutboxRepo {
  /**
   * Low-level planning (pipelines use changeSets.create): inserts the key once; re-planning returns the existing row.
   * `serialised` is `canonicalJson(item.payload)` when the caller has it already (it must be exactly that text).
   */
  plan(changeSetId: number, item: PlanItem, serialised?: string): PlanOutcome;
  /**
   * `plan` for many items in one transaction (one savepoint when nested, not one per item): keys not planned yet are
   * inserted, keys planned before are left as they are. `texts[i]` as for `plan`, `digests[i]` is its digest. Returns
   * how many were new. Callers check `payloadDigestsOf` first: a key planned with other content is not detected here.
   */
  planMany(changeSetId: number, items: readonly PlanItem[], texts: readonly string[], digests: readonly string[]): number;
  /** The payload digest a key was planned with, without reading the payload. */
  payloadDigestOf(idempotencyKey: string): string | undefined;
  /** `payloadDigestOf` for many keys in one statement: the keys already planned, with their digests. */
  payloadDigestsOf(idempotencyKeys: readonly string[]): Map<string, string>;
  /** planned|failed → approved for every item of a change set, in one statement; returns how many moved. */
  approveChangeSet(changeSetId: number): number;
  /** The items of a change set in plan order with their payloads as stored (canonical text, unparsed). */
  storedItems(changeSetId: number): StoredPlanItem[];
  /**
   * `storedItems`, and from the same read the items still to send or resolve (approved, sending, unknown) as entries
   * carrying those very texts: what execution hashes against the approved digest is what it sends.
   */
  executionItems(changeSetId: number): { stored: StoredPlanItem[]; pending: OutboxEntry[] };
  /** One row by key. */
  get(idempotencyKey: string): OutboxEntry | undefined;
  /** planned|failed → approved. */
  approve(idempotencyKey: string): OutboxEntry;
  /** approved|unknown → sending, counting the attempt; persisted before the request leaves. */
  markSending(idempotencyKey: string): OutboxEntry;
  /** sending → unknown: timeout or lost response; resolve by same-key resend or read-back, never a new write. */
  markUnknown(idempotencyKey: string, error: JsonValue): OutboxEntry;
  /** sending → approved: the request never left (connection refused before any byte), so it waits to be sent, under its approval. */
  markNotSent(idempotencyKey: string, error: JsonValue): OutboxEntry;
  /** sending|unknown → failed: the target definitely did not apply it. */
  markFailed(idempotencyKey: string, error: JsonValue): OutboxEntry;
  /** sending|unknown → confirmed, with xref link, optional cursor move and exception auto-resolve in one transaction. */
  confirm(idempotencyKey: string, input: ConfirmInput): StateResult<OutboxEntry> | XrefConflict;
  /**
   * Rows left `sending` by a dead process become `unknown`, because the request may have landed. Rows of a change set
   * that a live process (this one or another) is executing are left alone: their requests are still in flight.
   */
  recoverInFlight(): OutboxEntry[];
  /** Items of a change set that still need a send or a resolution (approved, sending, unknown), in plan order. */
  pendingFor(changeSetId: number): OutboxEntry[];
  /** Every row (all payload versions) written for one source record, oldest first. */
  bySource(sourceSystem: string, sourceKey: string): OutboxEntry[];
  /** Rows by state and/or owning change set, oldest first. */
  list(filter?: { state?: OutboxState; changeSetId?: number }): OutboxEntry[];
}

interface OutboxRow {
  idempotency_key: string;
  change_set_id: number;
  target_system: string;
  object_type: string;
  source_system: string;
  source_key: string;
  payload_digest: string;
  state: OutboxState;
  attempts: number;
  last_error: string | null;
  target_key: string | null;
  target_record_no: string | null;
  created_at: string;
  updated_at: string;
  confirmed_at: string | null;
}

/**
 * An outbox row with its payload when the reader has it at hand; otherwise `loadPayload` reads it from
 * outbox_payloads when an entry's payload is first used (most callers of a transition never look at it).
 */
type LightRow = OutboxRow & { payload?: string };

/** Every column of the outbox table (the payload lives in outbox_payloads). */
const LIGHT_COLUMNS = [
  'idempotency_key',
  'change_set_id',
  'target_system',
  'object_type',
  'source_system',
  'source_key',
  'payload_digest',
  'state',
  'attempts',
  'last_error',
  'target_key',
  'target_record_no',
  'created_at',
  'updated_at',
  'confirmed_at',
];

/** LIGHT_COLUMNS as an array row: a change set's pending rows are read this way (thousands at a time). */
type LightTuple = [
  string,
  number,
  string,
  string,
  string,
  string,
  string,
  OutboxState,
  number,
  string | null,
  string | null,
  string | null,
  string,
  string,
  string | null,
];

function lightRowOf(t: LightTuple): LightRow {
  return {
    idempotency_key: t[0],
    change_set_id: t[1],
    target_system: t[2],
    object_type: t[3],
    source_system: t[4],
    source_key: t[5],
    payload_digest: t[6],
    state: t[7],
    attempts: t[8],
    last_error: t[9],
    target_key: t[10],
    target_record_no: t[11],
    created_at: t[12],
    updated_at: t[13],
    confirmed_at: t[14],
  };
}

/**
 * Row to entry. The payload is read (from outbox_payloads, unless the row came with it) and parsed on first use
 * only, and so is the error JSON: most callers of a transition (approve, confirm, pendingFor) never look at the
 * payload, and a GL payload is most of an item's bytes. A key's payload never changes once planned, so a late read
 * is the same text.
 */
function toEntry(r: LightRow, loadPayload: (key: string) => string): OutboxEntry {
  let payload: JsonValue | undefined;
  let lastError: JsonValue | null | undefined;
  return {
    idempotencyKey: r.idempotency_key,
    changeSetId: r.change_set_id,
    targetSystem: r.target_system,
    objectType: r.object_type,
    sourceSystem: r.source_system,
    sourceKey: r.source_key,
    get payload(): JsonValue {
      if (payload === undefined) {
        payload = parseStoredJson(r.payload ?? loadPayload(r.idempotency_key));
      }
      return payload;
    },
    payloadDigest: r.payload_digest,
    state: r.state,
    attempts: r.attempts,
    get lastError(): JsonValue | null {
      if (lastError === undefined) lastError = r.last_error === null ? null : parseStoredJson(r.last_error);
      return lastError;
    },
    targetKey: r.target_key,
    targetRecordNo: r.target_record_no,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    confirmedAt: r.confirmed_at,
  };
}

/**
 * SQL list of the states the machine allows a move to `to` from, e.g. `'sending','unknown'` for confirmed, leaving out
 * `except` (approving a change set never takes back a row that is being sent).
 */
function sourcesOf(to: OutboxState, except: readonly OutboxState[] = []): string {
  const from = OUTBOX_STATES.filter((s) => OUTBOX_TRANSITIONS[s].includes(to) && !except.includes(s));
  // Never empty in practice ('planned' has no source; nothing moves to it), but an empty IN list must still parse.
  return from.length > 0 ? from.map((s) => `'${s}'`).join(', ') : 'NULL';
}

interface TransitionPatch {
  countAttempt?: boolean;
  lastError?: JsonValue;
  targetKey?: string;
  recordNo?: string | null;
}

/** Dependencies of the outbox: confirm touches xrefs, cursors and exceptions atomically. */
export interface OutboxDeps {
  readonly clock: Pick<Clock, 'now'>;
  readonly xrefs: XrefRepo;
  readonly cursors: CursorRepo;
  readonly exceptions: ExceptionRepo;
  readonly ownership: ProcessOwnership;
}

/** Creates the outbox repository over a migrated state DB. */
export function createOutboxRepo(db: StateDb, deps: OutboxDeps): OutboxRepo {
  const getStmt = db.prepare<[string], OutboxRow>('SELECT * FROM outbox WHERE idempotency_key = ?');
  const insertStmt = db.prepare<[Record<string, unknown>], LightRow>(
    `INSERT INTO outbox (idempotency_key, change_set_id, target_system, object_type, source_system, source_key,
       payload_digest, state, created_at, updated_at)
     VALUES (@idempotencyKey, @changeSetId, @targetSystem, @objectType, @sourceSystem, @sourceKey, @payloadDigest,
       'planned', @now, @now)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING ${LIGHT_COLUMNS.join(', ')}`,
  );
  // The state check is part of the UPDATE itself (only rows in a state the machine allows a move from), so a
  // legal move is one statement; RETURNING gives the row as written without another read.
  const updateStmts = new Map(
    OUTBOX_STATES.map((to) => [
      to,
      // Anonymous parameters, bound in order (attempt increment, error flag, error, target key, RECORDNO, confirmed
      // at, updated at, key): this runs for every item three times per sync, and positional binding is the cheapest.
      db.prepare<[number, number, string | null, string | null, string | null, string | null, string, string], OutboxRow>(
        `UPDATE outbox SET state = '${to}', attempts = attempts + ?,
           last_error = CASE WHEN ? THEN ? ELSE last_error END,
           target_key = COALESCE(?, target_key), target_record_no = COALESCE(?, target_record_no),
           confirmed_at = COALESCE(?, confirmed_at), updated_at = ?
         WHERE idempotency_key = ? AND state IN (${sourcesOf(to)})
         RETURNING *`,
      ),
    ]),
  );
  const changeSetOfStmt = db.prepare<[number], { run_id: number; pipeline: string; company: string }>(
    'SELECT run_id, pipeline, company FROM change_sets WHERE id = ?',
  );
  const executingOwnersStmt = db.prepare<[], { owner: string | null }>("SELECT DISTINCT owner FROM change_sets WHERE status = 'executing'");
  // Live owners are passed as one JSON array; a row listed by a change set one of them is executing stays `sending`.
  const abandonedSendingStmt = db.prepare<[string], OutboxRow>(
    `SELECT o.* FROM outbox o WHERE o.state = 'sending' AND NOT EXISTS (
       SELECT 1 FROM change_set_items i JOIN change_sets c ON c.id = i.change_set_id
       WHERE i.idempotency_key = o.idempotency_key AND c.status = 'executing' AND c.owner IN (SELECT value FROM json_each(?)))
     ORDER BY o.created_at, o.idempotency_key`,
  );
  const lightGetStmt = db.prepare<[string], LightRow>(`SELECT ${LIGHT_COLUMNS.join(', ')} FROM outbox WHERE idempotency_key = ?`);
  const payloadStmt = db.prepare<[string], { payload: string }>('SELECT payload FROM outbox_payloads WHERE idempotency_key = ?');
  // Written once with its outbox row, in the same transaction, and never changed.
  const insertPayloadStmt = db.prepare('INSERT INTO outbox_payloads (idempotency_key, payload) VALUES (?, ?)');
  const loadPayload = (key: string): string => {
    const row = payloadStmt.get(key);
    if (!row) throw new Error(`outbox ${key} does not exist`);
    return row.payload;
  };
  // Delivery reads every pending row up front but sends the payloads of the rows marked sending, not these.
  const pendingStmt = db.prepare<[number], LightTuple>(
    `SELECT ${LIGHT_COLUMNS.map((c) => `o.${c}`).join(', ')} FROM change_set_items i JOIN outbox o ON o.idempotency_key = i.idempotency_key
     WHERE i.change_set_id = ? AND o.state IN ('approved', 'sending', 'unknown') ORDER BY i.seq`,
  );
  pendingStmt.raw(true);
  const digestStmt = db.prepare<[string], { payload_digest: string }>('SELECT payload_digest FROM outbox WHERE idempotency_key = ?');
  // Keys are passed as one JSON array: one statement for a whole plan instead of one lookup per item.
  const digestsStmt = db
    .prepare<[string], [string, string]>(
      'SELECT idempotency_key, payload_digest FROM outbox WHERE idempotency_key IN (SELECT value FROM json_each(?))',
    )
    .raw(true);
  // Only for keys known to be new (checked in the same transaction): no conflict clause, no row read back.
  const insertNewStmt = db.prepare(
    `INSERT INTO outbox (idempotency_key, change_set_id, target_system, object_type, source_system, source_key,
       payload_digest, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'planned', ?, ?)`,
  );
  // The state machine allows planned → approved and failed → approved; no other row of the set is touched.
  const approveSetStmt = db.prepare<[{ changeSetId: number; now: string }]>(
    `UPDATE outbox SET state = 'approved', updated_at = @now
     WHERE idempotency_key IN (SELECT idempotency_key FROM change_set_items WHERE change_set_id = @changeSetId)
       AND state IN (${sourcesOf('approved', ['sending'])})`,
  );
  // Every column (LIGHT_COLUMNS order) and then the payload, as arrays: one read of a whole change set.
  const itemsWithPayloadStmt = db.prepare<[number], [...LightTuple, string]>(
    `SELECT ${LIGHT_COLUMNS.map((c) => `o.${c}`).join(', ')}, p.payload
     FROM change_set_items i JOIN outbox o ON o.idempotency_key = i.idempotency_key
       JOIN outbox_payloads p ON p.idempotency_key = i.idempotency_key
     WHERE i.change_set_id = ? ORDER BY i.seq`,
  );
  itemsWithPayloadStmt.raw(true);
  const PAYLOAD_AT = LIGHT_COLUMNS.length;
  const executionItems = (changeSetId: number): { stored: StoredPlanItem[]; pending: OutboxEntry[] } => {
    const stored: StoredPlanItem[] = [];
    const pending: OutboxEntry[] = [];
    for (const t of itemsWithPayloadStmt.all(changeSetId)) {
      const row: LightRow = { ...lightRowOf(t as unknown as LightTuple), payload: t[PAYLOAD_AT] as string };
      stored.push({
        idempotencyKey: row.idempotency_key,
        targetSystem: row.target_system,
        objectType: row.object_type,
        sourceSystem: row.source_system,
        sourceKey: row.source_key,
        payload: row.payload!,
      });
      if (row.state === 'approved' || row.state === 'sending' || row.state === 'unknown') pending.push(toEntry(row, loadPayload));
    }
    return { stored, pending };
  };
  const bySourceStmt = db.prepare<[string, string], OutboxRow>(
    'SELECT * FROM outbox WHERE source_system = ? AND source_key = ? ORDER BY created_at, rowid',
  );
  const listStmt = db.prepare<[{ state: string | null; changeSetId: number | null }], OutboxRow>(
    `SELECT * FROM outbox WHERE (@state IS NULL OR state = @state) AND (@changeSetId IS NULL OR change_set_id = @changeSetId)
     ORDER BY created_at, idempotency_key`,
  );

  const mustGet = (key: string): OutboxRow => {
    const row = getStmt.get(key);
    if (!row) throw new Error(`outbox ${key} does not exist; plan it before changing its state`);
    return row;
  };

  /** A change set's run, pipeline and company never change once it exists, so confirmations look each up once. */
  const owners = new Map<number, { run_id: number; pipeline: string; company: string }>();
  const ownerOf = (changeSetId: number): { run_id: number; pipeline: string; company: string } | undefined => {
    let owner = owners.get(changeSetId);
    if (!owner) {
      owner = changeSetOfStmt.get(changeSetId);
      if (!owner) return undefined;
      if (owners.size >= 64) owners.clear();
      owners.set(changeSetId, owner);
    }
    return owner;
  };

  /**
   * The one place outbox state changes: check against the table and write, in one UPDATE (atomic under the write
   * lock). When it matches no row the key is missing or the move is illegal; reading the row says which and throws.
   */
  const transition = (key: string, to: OutboxState, patch: TransitionPatch = {}): OutboxRow => {
    const stmt = updateStmts.get(to)!;
    const lastError = patch.lastError === undefined ? null : canonicalJson(patch.lastError);
    const now = isoNow(deps.clock);
    for (let attempt = 0; ; attempt++) {
      const written = stmt.get(
        patch.countAttempt ? 1 : 0,
        lastError === null ? 0 : 1,
        lastError,
        patch.targetKey ?? null,
        patch.recordNo ?? null,
        to === 'confirmed' ? now : null,
        now,
        key,
      );
      if (written) return written;
      const row = mustGet(key);
      assertTransition(key, row.state, to);
      // Legal from the state read now: another connection moved the row between the two statements. Try again.
      if (attempt >= 2) throw new Error(`outbox ${key}: ${row.state} → ${to} kept being overtaken by concurrent changes`);
    }
  };
  const move = (key: string, to: OutboxState, patch?: TransitionPatch): OutboxEntry => toEntry(transition(key, to, patch), loadPayload);

  const planOne = (changeSetId: number, item: PlanItem, serialised?: string): PlanOutcome => {
    // Serialised once: the stored text and its digest come from the same string.
    const payload = serialised ?? canonicalJson(item.payload);
    const payloadDigest = digestOfText(payload);
    const inserted = insertStmt.get({
      idempotencyKey: item.idempotencyKey,
      changeSetId,
      targetSystem: item.targetSystem,
      objectType: item.objectType,
      sourceSystem: item.sourceSystem,
      sourceKey: item.sourceKey,
      payloadDigest,
      now: isoNow(deps.clock),
    });
    if (inserted) insertPayloadStmt.run(item.idempotencyKey, payload);
    // The payload is not read back: the text just written is the stored text.
    const row: LightRow = inserted ? { ...inserted, payload } : mustGet(item.idempotencyKey);
    return { entry: toEntry(row, loadPayload), isNew: inserted !== undefined, payloadMatches: row.payload_digest === payloadDigest };
  };
  const plan = db.transaction(planOne);
  const payloadDigestsOf = (keys: readonly string[]): Map<string, string> =>
    new Map(keys.length === 0 ? [] : digestsStmt.all(JSON.stringify(keys)));
  const planMany = db.transaction(
    (changeSetId: number, items: readonly PlanItem[], texts: readonly string[], digests: readonly string[]): number => {
      const planned = payloadDigestsOf(items.map((i) => i.idempotencyKey));
      const now = isoNow(deps.clock);
      let inserted = 0;
      for (const [n, item] of items.entries()) {
        if (planned.has(item.idempotencyKey)) continue;
        insertNewStmt.run(
          item.idempotencyKey,
          changeSetId,
          item.targetSystem,
          item.objectType,
          item.sourceSystem,
          item.sourceKey,
          digests[n]!,
          now,
          now,
        );
        insertPayloadStmt.run(item.idempotencyKey, texts[n]!);
        inserted++;
      }
      return inserted;
    },
  );

  const confirm = db.transaction((key: string, input: ConfirmInput): StateResult<OutboxEntry> | XrefConflict => {
    const row = lightGetStmt.get(key);
    if (!row) throw new Error(`outbox ${key} does not exist; plan it before changing its state`);
    if (row.state === 'confirmed') {
      // A replayed confirmation after a crash between commit and caller bookkeeping: harmless when it says the same thing.
      if (row.target_key === input.targetKey) return ok(toEntry(row, loadPayload));
      throw new Error(`outbox ${key} is confirmed as ${row.target_key ?? '?'}; refusing to re-confirm as ${input.targetKey}`);
    }
    assertTransition(key, row.state, 'confirmed');
    const owner = ownerOf(row.change_set_id);
    if (!owner) throw new Error(`outbox ${key} points at missing change set ${row.change_set_id}`);
    const runId = input.runId ?? owner.run_id;
    // Link first: it is the only step that can fail as a value, and it writes nothing when it does.
    const linked = deps.xrefs.link({
      objectType: row.object_type,
      sourceSystem: row.source_system,
      sourceKey: row.source_key,
      targetSystem: row.target_system,
      targetKey: input.targetKey,
      targetRecordNo: input.recordNo ?? null,
      contentHash: input.contentHash,
      writtenBy: input.writtenBy ?? `run:${runId}`,
      outboxKey: key,
    });
    if (!linked.ok) return linked;
    const confirmed = transition(key, 'confirmed', { targetKey: input.targetKey, recordNo: input.recordNo ?? null });
    if (input.advanceCursor)
      deps.cursors.advanceCursor(input.advanceCursor.pipeline, input.advanceCursor.company, input.advanceCursor.value);
    deps.exceptions.autoResolve(owner.pipeline, owner.company, row.source_key, runId);
    return ok(toEntry(confirmed, loadPayload));
  });

  const recoverInFlight = db.transaction((): OutboxEntry[] => {
    const live = executingOwnersStmt.all().flatMap(({ owner }) => (owner !== null && deps.ownership.isAlive(owner) ? [owner] : []));
    return abandonedSendingStmt
      .all(JSON.stringify(live))
      .map((r) =>
        toEntry(
          transition(r.idempotency_key, 'unknown', { lastError: { code: 'interrupted', message: 'process stopped while sending' } }),
          loadPayload,
        ),
      );
  });

  return {
    plan: (changeSetId, item, serialised) => plan.immediate(changeSetId, item, serialised),
    planMany: (changeSetId, items, texts, digests) => planMany.immediate(changeSetId, items, texts, digests),
    payloadDigestOf: (key) => digestStmt.get(key)?.payload_digest,
    payloadDigestsOf,
    approveChangeSet: (changeSetId) => approveSetStmt.run({ changeSetId, now: isoNow(deps.clock) }).changes,
    storedItems: (changeSetId) => executionItems(changeSetId).stored,
    executionItems,
    get: (key) => {
      const row = getStmt.get(key);
      return row && toEntry(row, loadPayload);
    },
    approve: (key) => move(key, 'approved'),
    markSending: (key) => move(key, 'sending', { countAttempt: true }),
    markUnknown: (key, error) => move(key, 'unknown', { lastError: error }),
    markFailed: (key, error) => move(key, 'failed', { lastError: error }),
    markNotSent: (key, error) => move(key, 'approved', { lastError: error }),
    confirm: (key, input) => confirm.immediate(key, input),
    recoverInFlight: () => recoverInFlight.immediate(),
    pendingFor: (changeSetId) => pendingStmt.all(changeSetId).map((t) => toEntry(lightRowOf(t), loadPayload)),
    bySource: (sourceSystem, sourceKey) => bySourceStmt.all(sourceSystem, sourceKey).map((r) => toEntry(r, loadPayload)),
    list: (filter = {}) =>
      listStmt.all({ state: filter.state ?? null, changeSetId: filter.changeSetId ?? null }).map((r) => toEntry(r, loadPayload)),
  };
}
