import type { Clock } from '../../platform/clock.ts';
import type { StateDb } from '../../platform/state-db.ts';
import { isoNow } from './iso-time.ts';
import { err, type Err } from '../../domain/result.ts';
import { ok, type StateError, type StateResult } from './state-result.ts';

/** A link between one record in a source system and its counterpart in a target system. */
export interface Xref {
  readonly id: number;
  readonly objectType: string;
  readonly sourceSystem: string;
  readonly sourceKey: string;
  readonly targetSystem: string;
  readonly targetKey: string;
  readonly targetRecordNo: string | null;
  /** Digest of what we last wrote, so a change read back with the same hash is recognised as our own echo. */
  readonly contentHash: string | null;
  readonly lastWrittenAt: string | null;
  readonly lastWrittenBy: string | null;
  /** The outbox write that last touched this link, when it came from one. */
  readonly lastOutboxKey: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What `link()` needs. */
interface LinkInput {
  readonly objectType: string;
  readonly sourceSystem: string;
  readonly sourceKey: string;
  readonly targetSystem: string;
  readonly targetKey: string;
  readonly targetRecordNo?: string | null;
  readonly contentHash?: string | null;
  readonly writtenBy?: string | null;
  readonly outboxKey?: string | null;
}

/** The error of an `xref_conflict`: it carries the row that blocks the link. */
interface XrefConflictError extends StateError<'xref_conflict'> {
  readonly existing: Xref;
}

/** A link refused because either side is already linked elsewhere. */
export type XrefConflict = Err<XrefConflictError>;

/** Cross-reference repository. */
export interface XrefRepo {
  /** Links both sides; idempotent for the same pair (refreshes hash/written-by), `xref_conflict` if either side is linked elsewhere. */
  link(input: LinkInput): StateResult<{ xref: Xref; isNew: boolean }> | XrefConflict;
  /** The target counterpart of a source record, if linked. */
  bySource(objectType: string, sourceSystem: string, sourceKey: string, targetSystem: string): Xref | undefined;
  /** Which of `sourceKeys` are already linked to the target system (one statement, for planners reading thousands). */
  linkedSources(objectType: string, sourceSystem: string, targetSystem: string, sourceKeys: readonly string[]): Set<string>;
  /** The source counterpart of a target record, if linked. */
  byTarget(objectType: string, targetSystem: string, targetKey: string, sourceSystem: string): Xref | undefined;
  /** Every link of one object type, oldest first. */
  list(objectType: string): Xref[];
}

interface XrefRow {
  id: number;
  object_type: string;
  source_system: string;
  source_key: string;
  target_system: string;
  target_key: string;
  target_record_no: string | null;
  content_hash: string | null;
  last_written_at: string | null;
  last_written_by: string | null;
  last_outbox_key: string | null;
  created_at: string;
  updated_at: string;
}

const toXref = (r: XrefRow): Xref => ({
  id: r.id,
  objectType: r.object_type,
  sourceSystem: r.source_system,
  sourceKey: r.source_key,
  targetSystem: r.target_system,
  targetKey: r.target_key,
  targetRecordNo: r.target_record_no,
  contentHash: r.content_hash,
  lastWrittenAt: r.last_written_at,
  lastWrittenBy: r.last_written_by,
  lastOutboxKey: r.last_outbox_key,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Creates the xref repository over a migrated state DB. */
export function createXrefRepo(db: StateDb, deps: { clock: Pick<Clock, 'now'> }): XrefRepo {
  const bySourceStmt = db.prepare<[string, string, string, string], XrefRow>(
    'SELECT * FROM xrefs WHERE object_type = ? AND source_system = ? AND source_key = ? AND target_system = ?',
  );
  const byTargetStmt = db.prepare<[string, string, string, string], XrefRow>(
    'SELECT * FROM xrefs WHERE object_type = ? AND target_system = ? AND target_key = ? AND source_system = ?',
  );
  const listStmt = db.prepare<[string], XrefRow>('SELECT * FROM xrefs WHERE object_type = ? ORDER BY id');
  // The keys travel as one JSON array parameter, so the statement text never depends on the input.
  const linkedStmt = db.prepare<[string, string, string, string], { source_key: string }>(
    'SELECT source_key FROM xrefs WHERE object_type = ? AND source_system = ? AND target_system = ? AND source_key IN (SELECT value FROM json_each(?))',
  );
  const insertStmt = db.prepare(
    `INSERT INTO xrefs (object_type, source_system, source_key, target_system, target_key, target_record_no,
       content_hash, last_written_at, last_written_by, last_outbox_key, created_at, updated_at)
     VALUES (@objectType, @sourceSystem, @sourceKey, @targetSystem, @targetKey, @targetRecordNo,
       @contentHash, @writtenAt, @writtenBy, @outboxKey, @now, @now)`,
  );
  // COALESCE keeps what we knew when a later caller does not know it (e.g. a link made before the RECORDNO was read back).
  const refreshStmt = db.prepare(
    `UPDATE xrefs SET target_record_no = COALESCE(@targetRecordNo, target_record_no),
       content_hash = COALESCE(@contentHash, content_hash),
       last_written_at = COALESCE(@writtenAt, last_written_at),
       last_written_by = COALESCE(@writtenBy, last_written_by),
       last_outbox_key = COALESCE(@outboxKey, last_outbox_key),
       updated_at = @now
     WHERE id = @id`,
  );
  const getStmt = db.prepare<[number], XrefRow>('SELECT * FROM xrefs WHERE id = ?');
  // A brand-new pair (neither side linked yet) is the common case: one INSERT that does nothing on either UNIQUE.
  const insertNewStmt = db.prepare<[Record<string, unknown>], XrefRow>(
    `INSERT INTO xrefs (object_type, source_system, source_key, target_system, target_key, target_record_no,
       content_hash, last_written_at, last_written_by, last_outbox_key, created_at, updated_at)
     VALUES (@objectType, @sourceSystem, @sourceKey, @targetSystem, @targetKey, @targetRecordNo,
       @contentHash, @writtenAt, @writtenBy, @outboxKey, @now, @now)
     ON CONFLICT DO NOTHING
     RETURNING *`,
  );

  const conflict = (existing: XrefRow, why: string): XrefConflict =>
    err({ code: 'xref_conflict', message: why, existing: toXref(existing) });

  const paramsOf = (input: LinkInput, now: string) => ({
    objectType: input.objectType,
    sourceSystem: input.sourceSystem,
    sourceKey: input.sourceKey,
    targetSystem: input.targetSystem,
    targetKey: input.targetKey,
    targetRecordNo: input.targetRecordNo ?? null,
    contentHash: input.contentHash ?? null,
    writtenBy: input.writtenBy ?? null,
    writtenAt: input.writtenBy != null || input.contentHash != null ? now : null,
    outboxKey: input.outboxKey ?? null,
    now,
  });

  /** Both sides already linked somewhere (or one of them): refresh the same pair, or report what blocks it. */
  const linkExisting = db.transaction((input: LinkInput): StateResult<{ xref: Xref; isNew: boolean }> | XrefConflict => {
    const now = isoNow(deps.clock);
    const fromSource = bySourceStmt.get(input.objectType, input.sourceSystem, input.sourceKey, input.targetSystem);
    const fromTarget = byTargetStmt.get(input.objectType, input.targetSystem, input.targetKey, input.sourceSystem);
    if (fromSource && fromSource.target_key !== input.targetKey) {
      return conflict(
        fromSource,
        `${input.objectType} ${input.sourceSystem}:${input.sourceKey} is already linked to ${input.targetSystem}:${fromSource.target_key}`,
      );
    }
    if (fromTarget && fromTarget.source_key !== input.sourceKey) {
      return conflict(
        fromTarget,
        `${input.objectType} ${input.targetSystem}:${input.targetKey} is already linked to ${input.sourceSystem}:${fromTarget.source_key}`,
      );
    }
    const params = paramsOf(input, now);
    const recordNo = params.targetRecordNo;
    if (fromSource) {
      if (recordNo !== null && fromSource.target_record_no !== null && fromSource.target_record_no !== recordNo) {
        return conflict(
          fromSource,
          `${input.objectType} ${input.targetSystem}:${input.targetKey} is recorded as RECORDNO ${fromSource.target_record_no}, not ${recordNo}`,
        );
      }
      refreshStmt.run({ ...params, id: fromSource.id });
      return ok({ xref: toXref(getStmt.get(fromSource.id)!), isNew: false });
    }
    const id = Number(insertStmt.run(params).lastInsertRowid);
    return ok({ xref: toXref(getStmt.get(id)!), isNew: true });
  });

  const link = (input: LinkInput): StateResult<{ xref: Xref; isNew: boolean }> | XrefConflict => {
    const inserted = insertNewStmt.get(paramsOf(input, isoNow(deps.clock)));
    return inserted ? ok({ xref: toXref(inserted), isNew: true }) : linkExisting.immediate(input);
  };

  return {
    link,
    bySource: (objectType, sourceSystem, sourceKey, targetSystem) => {
      const row = bySourceStmt.get(objectType, sourceSystem, sourceKey, targetSystem);
      return row && toXref(row);
    },
    linkedSources: (objectType, sourceSystem, targetSystem, sourceKeys) =>
      new Set(
        sourceKeys.length === 0
          ? []
          : linkedStmt.all(objectType, sourceSystem, targetSystem, JSON.stringify(sourceKeys)).map((r) => r.source_key),
      ),
    byTarget: (objectType, targetSystem, targetKey, sourceSystem) => {
      const row = byTargetStmt.get(objectType, targetSystem, targetKey, sourceSystem);
      return row && toXref(row);
    },
    list: (objectType) => listStmt.all(objectType).map(toXref),
  };
}
