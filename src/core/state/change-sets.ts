import type { Clock } from '../../platform/clock.ts';
import type { StateDb } from '../../platform/state-db.ts';
import { canonicalJson, digestOfText, parseStoredJson, type JsonValue } from './canonical-json.ts';
import { digestOfStored } from './change-set-digest.ts';
import { isoNow } from './iso-time.ts';
import type { OutboxEntry, OutboxRepo, PlanItem } from './outbox.ts';

export { changeSetDigest } from './change-set-digest.ts';
import { fail, ok, type StateResult } from './state-result.ts';

/** Lifecycle of a change set: decided once (approved/rejected/expired), then executed. */
type ChangeSetStatus = 'planned' | 'approved' | 'rejected' | 'expired' | 'executing' | 'executed';

/** The planned writes of one run, bound to a digest an approver signs off. */
export interface ChangeSet {
  readonly id: number;
  readonly runId: number;
  readonly pipeline: string;
  readonly company: string;
  readonly digest: string;
  readonly status: ChangeSetStatus;
  readonly createdBy: string;
  readonly approvedBy: string | null;
  /** Who approved, rejected or expired it (null for a sweeper-expired one). */
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
  readonly summary: JsonValue;
  readonly expiresAt: string | null;
  /** The approval policy the gate applied (e.g. `required (approvals.defaults.agent)`), once it met the gate. */
  readonly policy: string | null;
  /**
   * The approval policy bound to the change set (the strictest of everyone who asked for it), as the governance layer
   * stored it; null until the plan first met the approval gate.
   */
  readonly boundPolicy: JsonValue | null;
  /** Everyone who asked for this plan (the creator first, then principals whose identical request returned it). */
  readonly requesters: readonly string[];
  /** Distinct approvers (none of them the requester) needed before it is approved; 1 for ordinary change sets. */
  readonly approvalsRequired: number;
  /** Approvals recorded so far while more are needed (an ordinary change set is approved by its first). */
  readonly approvals: readonly ChangeSetApproval[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One recorded approval of a change set that needs several. */
interface ChangeSetApproval {
  readonly by: string;
  readonly at: string;
  readonly note: string | null;
}

/** What `create` needs; `items` order is part of the digest (it is the send order). */
interface CreateChangeSetInput {
  readonly runId: number;
  readonly pipeline: string;
  readonly company: string;
  readonly createdBy: string;
  readonly summary: JsonValue;
  readonly items: readonly PlanItem[];
  /** After this instant the change set can no longer be approved. */
  readonly expiresAt?: string;
  /** Distinct approvers needed (default 1); more than 1 also forbids a requester's own confirmation. */
  readonly approvalsRequired?: number;
}

type ChangeSetFailure = 'not_found' | 'invalid_status';

/** Change set repository. */
export interface ChangeSetRepo {
  /**
   * Stores the change set and plans its items in the outbox in one transaction; refuses a key already planned with
   * different content. `newItems` counts the keys planned for the first time (the rest were planned by earlier sets).
   */
  create(input: CreateChangeSetInput): StateResult<{ changeSet: ChangeSet; newItems: number }, 'not_found' | 'idempotency_key_reused'>;
  /** One change set by id. */
  get(id: number): ChangeSet | undefined;
  /** The items as stored in the outbox, in plan order (what would be sent). */
  items(id: number): PlanItem[];
  /** Newest first. */
  list(filter?: { pipeline?: string; company?: string; status?: ChangeSetStatus }): ChangeSet[];
  /**
   * planned → approved and its planned/failed items → approved; the approver must name the digest they saw and not be the creator.
   * When several approvals are required, each but the last is recorded and the change set stays planned; the same approver twice is refused.
   */
  approve(
    id: number,
    by: { by: string; digest: string; note?: string; selfConfirmed?: boolean },
  ): StateResult<ChangeSet, ChangeSetFailure | 'digest_mismatch' | 'self_approval' | 'approval_expired' | 'already_approved'>;
  /** Records the approval policy applied to a planned change set. */
  setPolicy(id: number, policy: string): void;
  /**
   * Adds `requester` to the change set's requesters and binds the policy `merge` returns from the one bound so far, in
   * one transaction (two processes asking at once both count). Only a planned change set can be bound.
   */
  bindPolicy(
    id: number,
    requester: string,
    merge: (current: JsonValue | null) => { readonly policy: JsonValue; readonly label: string },
  ): StateResult<ChangeSet, ChangeSetFailure>;
  /** planned → rejected. */
  reject(id: number, by: { by: string; reason: string }): StateResult<ChangeSet, ChangeSetFailure>;
  /** planned|approved → expired (a sweeper after the approval window, or a newer plan superseding this one). */
  expire(id: number, note?: string): StateResult<ChangeSet, ChangeSetFailure>;
  /** approved → executing, after re-checking the stored items still hash to the approved digest. */
  startExecuting(id: number): StateResult<ChangeSet, ChangeSetFailure | 'digest_mismatch'>;
  /** `startExecuting`, also giving the items to send (pendingFor's), carrying the payload texts the digest was checked on. */
  startExecutingWithItems(id: number): StateResult<{ changeSet: ChangeSet; pending: OutboxEntry[] }, ChangeSetFailure | 'digest_mismatch'>;
  /** executing → executed, only once no item is pending. */
  finishExecuting(id: number): StateResult<ChangeSet, ChangeSetFailure>;
  /**
   * executing → approved when an execution stops with items left (cancelled, or outcomes still unknown): nobody is
   * delivering it any more, and the next execution resumes the remaining items with their own keys.
   */
  pauseExecuting(id: number): StateResult<ChangeSet, ChangeSetFailure>;
}

interface ChangeSetRow {
  id: number;
  run_id: number;
  pipeline: string;
  company: string;
  digest: string;
  status: ChangeSetStatus;
  created_by: string;
  approved_by: string | null;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
  summary: string;
  expires_at: string | null;
  policy: string | null;
  approvals_required: number;
  approvals: string;
  bound_policy: string | null;
  requesters: string;
  created_at: string;
  updated_at: string;
}

const toChangeSet = (r: ChangeSetRow): ChangeSet => ({
  id: r.id,
  runId: r.run_id,
  pipeline: r.pipeline,
  company: r.company,
  digest: r.digest,
  status: r.status,
  createdBy: r.created_by,
  approvedBy: r.approved_by,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
  summary: parseStoredJson(r.summary),
  expiresAt: r.expires_at,
  policy: r.policy,
  approvalsRequired: r.approvals_required,
  approvals: parseStoredJson(r.approvals) as unknown as ChangeSetApproval[],
  boundPolicy: r.bound_policy === null ? null : parseStoredJson(r.bound_policy),
  requesters: requestersOf(r),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The creator and everyone recorded as asking for the same plan since. */
function requestersOf(r: Pick<ChangeSetRow, 'created_by' | 'requesters'>): string[] {
  const more = parseStoredJson(r.requesters);
  const names = Array.isArray(more) ? more.filter((n): n is string => typeof n === 'string') : [];
  return [r.created_by, ...names.filter((n) => n !== r.created_by)];
}

/** Creates the change set repository; it plans and approves items through the outbox so the state machine stays in one place. */
export function createChangeSetRepo(db: StateDb, deps: { clock: Pick<Clock, 'now'>; outbox: OutboxRepo; owner: string }): ChangeSetRepo {
  const runExistsStmt = db.prepare<[number], { id: number }>('SELECT id FROM runs WHERE id = ?');
  const insertStmt = db.prepare(
    `INSERT INTO change_sets (run_id, pipeline, company, digest, status, created_by, summary, expires_at, approvals_required, created_at, updated_at)
     VALUES (@runId, @pipeline, @company, @digest, 'planned', @createdBy, @summary, @expiresAt, @approvalsRequired, @now, @now)`,
  );
  const insertItemStmt = db.prepare('INSERT INTO change_set_items (change_set_id, seq, idempotency_key) VALUES (?, ?, ?)');
  const getStmt = db.prepare<[number], ChangeSetRow>('SELECT * FROM change_sets WHERE id = ?');
  const itemKeysStmt = db.prepare<[number], { idempotency_key: string }>(
    'SELECT idempotency_key FROM change_set_items WHERE change_set_id = ? ORDER BY seq',
  );
  const listStmt = db.prepare<[{ pipeline: string | null; company: string | null; status: string | null }], ChangeSetRow>(
    `SELECT * FROM change_sets WHERE (@pipeline IS NULL OR pipeline = @pipeline) AND (@company IS NULL OR company = @company) AND (@status IS NULL OR status = @status)
     ORDER BY id DESC`,
  );
  const setStatusStmt = db.prepare(
    `UPDATE change_sets SET status = @to, approved_by = COALESCE(@approvedBy, approved_by), decided_by = COALESCE(@decidedBy, decided_by), decided_at = COALESCE(@decidedAt, decided_at),
       decision_note = COALESCE(@note, decision_note), updated_at = @now WHERE id = @id`,
  );

  const addApprovalStmt = db.prepare("UPDATE change_sets SET approvals = ?, updated_at = ? WHERE id = ? AND status = 'planned'");
  const setPolicyStmt = db.prepare("UPDATE change_sets SET policy = ?, updated_at = ? WHERE id = ? AND status = 'planned'");
  const bindPolicyStmt = db.prepare(
    "UPDATE change_sets SET bound_policy = ?, policy = ?, requesters = ?, updated_at = ? WHERE id = ? AND status = 'planned'",
  );
  // Who is executing it: set when it starts executing, cleared when it stops, read by recovery at start.
  const setOwnerStmt = db.prepare<[string | null, number]>('UPDATE change_sets SET owner = ? WHERE id = ?');

  const items = (id: number): PlanItem[] =>
    itemKeysStmt.all(id).map(({ idempotency_key }) => {
      const e = deps.outbox.get(idempotency_key);
      if (!e) throw new Error(`change set ${id} lists ${idempotency_key}, which is not in the outbox`);
      return {
        idempotencyKey: e.idempotencyKey,
        targetSystem: e.targetSystem,
        objectType: e.objectType,
        sourceSystem: e.sourceSystem,
        sourceKey: e.sourceKey,
        payload: e.payload,
      };
    });

  const setStatus = (
    row: ChangeSetRow,
    to: ChangeSetStatus,
    extra: { approvedBy?: string; decidedBy?: string; decided?: boolean; note?: string } = {},
  ): ChangeSet => {
    const now = isoNow(deps.clock);
    setStatusStmt.run({
      id: row.id,
      to,
      approvedBy: extra.approvedBy ?? null,
      decidedBy: extra.decidedBy ?? null,
      decidedAt: extra.decided ? now : null,
      note: extra.note ?? null,
      now,
    });
    return toChangeSet(getStmt.get(row.id)!);
  };

  const inStatus = (id: number, allowed: readonly ChangeSetStatus[], action: string): StateResult<ChangeSetRow, ChangeSetFailure> => {
    const row = getStmt.get(id);
    if (!row) return fail('not_found', `change set ${id} does not exist`);
    if (!allowed.includes(row.status))
      return fail('invalid_status', `change set ${id} is ${row.status}; only ${allowed.join(' or ')} can be ${action}`);
    return ok(row);
  };

  const create = db.transaction(
    (input: CreateChangeSetInput): StateResult<{ changeSet: ChangeSet; newItems: number }, 'not_found' | 'idempotency_key_reused'> => {
      if (!runExistsStmt.get(input.runId)) return fail('not_found', `run ${input.runId} does not exist`);
      // Each payload is serialised and hashed once: its digest, the change-set digest and the stored row use this text.
      const texts = input.items.map((item) => item.payloadText ?? canonicalJson(item.payload));
      const digests = input.items.map((item, n) =>
        item.payloadText !== undefined && item.payloadDigest !== undefined ? item.payloadDigest : digestOfText(texts[n]!),
      );
      const seen = new Set<string>();
      for (const item of input.items) {
        if (seen.has(item.idempotencyKey))
          throw new Error(`change set lists idempotency key ${item.idempotencyKey} twice; the planner derived keys wrongly`);
        seen.add(item.idempotencyKey);
      }
      // Checked before any write: an approver must never sign a payload the outbox would not send.
      const planned = deps.outbox.payloadDigestsOf(input.items.map((i) => i.idempotencyKey));
      if (planned.size > 0) {
        for (const [n, item] of input.items.entries()) {
          const existingDigest = planned.get(item.idempotencyKey);
          if (existingDigest === undefined || existingDigest === digests[n]) continue;
          const existing = deps.outbox.get(item.idempotencyKey)!;
          return fail(
            'idempotency_key_reused',
            `idempotency key ${item.idempotencyKey} was planned before (change set ${existing.changeSetId}, ${existing.state}) with a different payload`,
          );
        }
      }
      const now = isoNow(deps.clock);
      const id = Number(
        insertStmt.run({
          runId: input.runId,
          pipeline: input.pipeline,
          company: input.company,
          digest: digestOfStored(input.items.map((item, n) => ({ ...item, payload: texts[n]! }))),
          createdBy: input.createdBy,
          summary: canonicalJson(input.summary),
          expiresAt: input.expiresAt ?? null,
          approvalsRequired: input.approvalsRequired ?? 1,
          now,
        }).lastInsertRowid,
      );
      const newItems = deps.outbox.planMany(id, input.items, texts, digests);
      input.items.forEach((item, seq) => insertItemStmt.run(id, seq, item.idempotencyKey));
      return ok({ changeSet: toChangeSet(getStmt.get(id)!), newItems });
    },
  );

  const approve = db.transaction((id: number, by: { by: string; digest: string; note?: string; selfConfirmed?: boolean }) => {
    const found = inStatus(id, ['planned'], 'approved');
    if (!found.ok) return found;
    const row = found.value;
    // A `confirm` policy lets a requester confirm their own plan; it is recorded as such, never as an approval by another.
    // Everyone who asked for the plan is a requester: none of them can approve it for the others.
    const requester = requestersOf(row).includes(by.by);
    if (requester && !by.selfConfirmed)
      return fail('self_approval', `change set ${id} was requested by ${by.by}; another principal must approve it`);
    if (requester && row.approvals_required > 1)
      return fail('self_approval', `change set ${id} needs ${row.approvals_required} approvers other than its requesters`);
    if (requester) by = { ...by, note: `confirmed by the requester${by.note ? `: ${by.note}` : ''}` };
    if (by.digest !== row.digest)
      return fail('digest_mismatch', `change set ${id} has digest ${row.digest}, not ${by.digest}; re-read the plan before approving`);
    if (row.expires_at !== null && isoNow(deps.clock) >= row.expires_at) {
      setStatus(row, 'expired', { decided: true, note: 'approval window elapsed' });
      return fail('approval_expired', `change set ${id} expired at ${row.expires_at}; plan it again`);
    }
    if (row.approvals_required > 1) {
      const soFar = parseStoredJson(row.approvals) as unknown as ChangeSetApproval[];
      if (soFar.some((a) => a.by === by.by))
        return fail(
          'already_approved',
          `${by.by} already approved change set ${id}; it needs ${row.approvals_required} distinct approvers`,
        );
      const approvals = [...soFar, { by: by.by, at: isoNow(deps.clock), note: by.note ?? null }];
      addApprovalStmt.run(canonicalJson(approvals as unknown as JsonValue), isoNow(deps.clock), id);
      // Not yet enough distinct approvers: recorded, still planned, nothing moves in the outbox.
      if (approvals.length < row.approvals_required) return ok(toChangeSet(getStmt.get(id)!));
    }
    deps.outbox.approveChangeSet(id);
    return ok(
      setStatus(row, 'approved', {
        approvedBy: by.by,
        decidedBy: by.by,
        decided: true,
        ...(by.note === undefined ? {} : { note: by.note }),
      }),
    );
  });

  const bindPolicy = db.transaction(
    (id: number, requester: string, merge: (current: JsonValue | null) => { readonly policy: JsonValue; readonly label: string }) => {
      const found = inStatus(id, ['planned'], 'bound to a policy');
      if (!found.ok) return found;
      const row = found.value;
      const { policy, label } = merge(row.bound_policy === null ? null : parseStoredJson(row.bound_policy));
      const names = requestersOf(row);
      const others = [...names, ...(names.includes(requester) ? [] : [requester])].slice(1);
      bindPolicyStmt.run(canonicalJson(policy), label, canonicalJson(others), isoNow(deps.clock), id);
      return ok(toChangeSet(getStmt.get(id)!));
    },
  );

  const decide = db.transaction(
    (id: number, from: readonly ChangeSetStatus[], to: ChangeSetStatus, note: string | undefined, decidedBy: string | undefined) => {
      const found = inStatus(id, from, to);
      if (!found.ok) return found;
      return ok(
        setStatus(found.value, to, {
          decided: true,
          ...(note === undefined ? {} : { note }),
          ...(decidedBy === undefined ? {} : { decidedBy }),
        }),
      );
    },
  );

  const startExecuting = db.transaction(
    (id: number): StateResult<{ changeSet: ChangeSet; pending: OutboxEntry[] }, ChangeSetFailure | 'digest_mismatch'> => {
      const found = inStatus(id, ['approved'], 'executed');
      if (!found.ok) return found;
      // Over the stored bytes: exactly what will be sent, with no parse and re-serialise of every payload.
      const { stored, pending } = deps.outbox.executionItems(id);
      const actual = digestOfStored(stored);
      if (actual !== found.value.digest)
        return fail('digest_mismatch', `change set ${id} items now hash to ${actual}, not the approved ${found.value.digest}`);
      setOwnerStmt.run(deps.owner, id);
      return ok({ changeSet: setStatus(found.value, 'executing'), pending });
    },
  );

  const finishExecuting = db.transaction((id: number): StateResult<ChangeSet, ChangeSetFailure> => {
    const found = inStatus(id, ['executing'], 'finished');
    if (!found.ok) return found;
    const pending = deps.outbox.pendingFor(id).length;
    if (pending > 0) return fail('invalid_status', `change set ${id} still has ${pending} item(s) approved, sending or unknown`);
    setOwnerStmt.run(null, id);
    return ok(setStatus(found.value, 'executed'));
  });

  const pauseExecuting = db.transaction((id: number): StateResult<ChangeSet, ChangeSetFailure> => {
    const found = inStatus(id, ['executing'], 'paused');
    if (!found.ok) return found;
    if (deps.outbox.pendingFor(id).length === 0)
      return fail('invalid_status', `change set ${id} has nothing left to send; finish it instead`);
    setOwnerStmt.run(null, id);
    return ok(setStatus(found.value, 'approved'));
  });

  return {
    create: (input) => create.immediate(input),
    get: (id) => {
      const row = getStmt.get(id);
      return row && toChangeSet(row);
    },
    items,
    list: (filter = {}) =>
      listStmt.all({ pipeline: filter.pipeline ?? null, company: filter.company ?? null, status: filter.status ?? null }).map(toChangeSet),
    approve: (id, by) => approve.immediate(id, by),
    setPolicy: (id, policy) => {
      setPolicyStmt.run(policy, isoNow(deps.clock), id);
    },
    bindPolicy: (id, requester, merge) => bindPolicy.immediate(id, requester, merge),
    reject: (id, by) => decide.immediate(id, ['planned'], 'rejected', by.reason, by.by),
    expire: (id, note) => decide.immediate(id, ['planned', 'approved'], 'expired', note ?? 'expired', undefined),
    startExecuting: (id) => {
      const started = startExecuting.immediate(id);
      return started.ok ? ok(started.value.changeSet) : started;
    },
    startExecutingWithItems: (id) => startExecuting.immediate(id),
    finishExecuting: (id) => finishExecuting.immediate(id),
    pauseExecuting: (id) => pauseExecuting.immediate(id),
  };
}
