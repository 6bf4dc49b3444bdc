import type { PartyRecord, PartySidePort, PartySystem } from '../ports/party-ports.ts';
import type { JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet, PlanItem } from '../state/index.ts';
import type { EngineDeps, PlanDraft } from '../sync/pipeline-definition.ts';
import { decideParties, type PlannedWrite } from './party-decide.ts';
import { itemOf, partyLinkOf, supersede } from './party-links.ts';
import { countWrites, highlightsOf, maskedSummary, type PartyPreview } from './party-preview.ts';
import type { PartySpec, SystemOfRecord } from './party-spec.ts';

const IN_FLIGHT = new Set(['approved', 'sending', 'unknown']);

/** Which way a run may write. */
type PartyDirection = 'both' | 'to_intacct' | 'to_sage300';

/** Everything a party pipeline needs, injected by the composition root. */
export interface PartyDeps<F extends string> extends EngineDeps {
  readonly sage300: PartySidePort<F>;
  readonly intacct: PartySidePort<F>;
  /** The counterpart id from the mapping file, if it has a row. */
  mapped(system: PartySystem, id: string): string | undefined;
  readonly systemOfRecord: SystemOfRecord<F>;
}

/** One party sync request. */
export interface PartyPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly direction: PartyDirection;
  readonly dryRun?: boolean;
  readonly expiresAt?: string;
}

/** The port of one side (Sage 300 or Intacct) of a party sync. */
export const sideOf = <F extends string>(deps: PartyDeps<F>, s: PartySystem): PartySidePort<F> =>
  s === 'sage300' ? deps.sage300 : deps.intacct;

const byId = <F extends string>(records: readonly PartyRecord<F>[]): Map<string, PartyRecord<F>> => new Map(records.map((r) => [r.id, r]));

/**
 * Reads what changed on both sides since the cursor, compares with the counterparts and the baseline of the last
 * sync, and decides the writes; conflicts, duplicates and invalid records are problems. Sensitive changes go to a
 * second change set (stored when the run starts) that needs more approvers. Nothing is written to either system.
 */
export async function draftParties<F extends string>(
  spec: PartySpec<F>,
  deps: PartyDeps<F>,
  request: PartyPlanRequest,
): Promise<PlanDraft<PartyPreview>> {
  const { store, log } = deps;
  const { company } = request;
  const PIPELINE = spec.pipeline;
  const cursorBefore = store.cursors.get(PIPELINE, company)?.value ?? null;
  const prev = (cursorBefore ?? {}) as { sage300?: JsonValue; intacct?: JsonValue };
  const [sCh, iCh] = await Promise.all([deps.sage300.changes(prev.sage300 ?? null), deps.intacct.changes(prev.intacct ?? null)]);
  const cursorAfter: JsonValue = { v: 1, sage300: sCh.cursor, intacct: iCh.cursor };
  const empty = countWrites([]);
  const base: PartyPreview = {
    changeSetId: null,
    digest: '',
    sensitiveChangeSetId: null,
    ...empty,
    sensitive: 0,
    conflicts: 0,
    duplicates: 0,
    exceptions: 0,
    inSync: 0,
    foundInIntacct: 0,
    awaiting: 0,
    highlights: [],
  };
  if (sCh.records.length + iCh.records.length + sCh.rowErrors.length + iCh.rowErrors.length === 0) {
    return {
      items: [],
      problems: [],
      nothingRead: true,
      preview: () => base,
      summary: () => null,
      cursorAfter: () => (request.direction === 'both' ? cursorAfter : null),
    };
  }
  const [sAll, iAll] = await Promise.all([deps.sage300.all(), deps.intacct.all()]);
  const decided = decideParties(spec, {
    changed: { sage300: sCh.records, intacct: iCh.records },
    all: { sage300: byId(sAll), intacct: byId(iAll) },
    linked: (system, id) => partyLinkOf(store, spec.objectType, system, id),
    mapped: (system, id) => deps.mapped(system, id),
    sor: deps.systemOfRecord,
    integrationUser: { sage300: deps.sage300.integrationUser, intacct: deps.intacct.integrationUser },
  });
  const allowed = decided.writes.filter(
    (w) => request.direction === 'both' || (request.direction === 'to_intacct') === (w.target === 'intacct'),
  );
  let awaiting = 0;
  const waiting = waitingChangeSets(store, PIPELINE, company);
  const candidates: { w: PlannedWrite<F>; item: PlanItem; waitingIn: number | undefined }[] = [];
  for (const w of allowed) {
    const item = itemOf(spec, w);
    const existing = store.outbox.get(item.idempotencyKey);
    // A write in flight or done is never planned a second time.
    if (existing && (IN_FLIGHT.has(existing.state) || existing.state === 'confirmed')) {
      awaiting++;
      continue;
    }
    candidates.push({ w, item, waitingIn: existing?.state === 'planned' ? waiting.byKey.get(item.idempotencyKey) : undefined });
  }
  // The same writes as a change set still waiting for its approvers: the repeat gets that change set back (the engine
  // reuses an identical pending plan) instead of "nothing to do". Writes waiting in another pending set are left to it.
  const sameAsWaiting = (group: readonly (typeof candidates)[number][]): number | undefined => {
    const ids = new Set(group.map((c) => c.waitingIn));
    const [id] = [...ids];
    return ids.size === 1 && id !== undefined && waiting.size.get(id) === group.length ? id : undefined;
  };
  const split = (sensitiveGroup: boolean): { writes: typeof candidates; reused: number | undefined } => {
    const group = candidates.filter((c) => c.w.sensitive === sensitiveGroup);
    const reused = sameAsWaiting(group);
    if (reused !== undefined) return { writes: group, reused };
    awaiting += group.filter((c) => c.waitingIn !== undefined).length;
    return { writes: group.filter((c) => c.waitingIn === undefined), reused: undefined };
  };
  const ordinary = split(false).writes;
  const { writes: sensitive, reused: reusedSensitive } = split(true);
  const rowErrors = [...sCh.rowErrors, ...iCh.rowErrors];
  const conflicts = decided.problems.filter((p) => p.conflict === true).length;
  const duplicates = decided.problems.filter((p) => p.class === 'duplicate').length;
  const counts = countWrites(ordinary.map((f) => f.w));
  const highlights = highlightsOf(
    spec,
    ordinary.map((f) => f.w),
  );
  // Pipelines without highlighted fields keep their change set summaries exactly as before.
  const extra = spec.highlighted.size > 0 ? { highlights } : {};
  const summary = {
    ...counts,
    sensitive: sensitive.length,
    conflicts,
    duplicates,
    exceptions: decided.problems.length + rowErrors.length,
    inSync: decided.inSync,
    foundInIntacct: decided.matchedById,
    awaiting,
    ...extra,
  };
  let sensitiveSet: ChangeSet | null = reusedSensitive === undefined ? null : (store.changeSets.get(reusedSensitive) ?? null);
  const clean = awaiting === 0 && sensitive.length === 0 && rowErrors.length === 0 && request.direction === 'both';
  const withSensitive = (): PartyPreview => ({ ...base, ...summary, highlights, sensitiveChangeSetId: sensitiveSet?.id ?? null });
  return {
    items: ordinary.map((f) => f.item),
    // Conflicts, duplicates and unreadable records are raised on every run, like before the engine.
    raiseAlways: [
      ...rowErrors.map((e) => ({
        key: e.key,
        record: { key: e.key },
        problem: {
          class: 'validation' as const,
          message: `${spec.noun} ${e.key} could not be read: ${e.message}`,
          fix: 'correct the record at its source',
        },
      })),
      ...decided.problems.map((p) => ({
        key: p.key,
        record: p.records as unknown as JsonValue,
        problem: { class: p.class, message: p.message, fix: p.fix },
      })),
    ],
    problems: [],
    preview: (cs) => (cs ? { ...withSensitive(), changeSetId: cs.id, digest: cs.digest } : withSensitive()),
    summary: () => ({ ...summary, sensitiveChangeSetId: sensitiveSet?.id ?? null }) as unknown as JsonValue,
    // The cursor moves only when every change it covers is settled: none waiting, none sensitive, all confirmed.
    cursorAfter: (done) => (clean && (done === null || (done.finished && done.failed === 0)) ? cursorAfter : null),
    onRun: (runId) => {
      store.transaction(() => {
        for (const r of decided.relinks) {
          store.xrefs.link({
            objectType: spec.objectType,
            sourceSystem: 'sage300',
            sourceKey: r.sId,
            targetSystem: 'intacct',
            targetKey: r.iId,
            targetRecordNo: r.iId,
            contentHash: r.hash,
          });
          store.exceptions.autoResolve(PIPELINE, company, r.sId, runId);
        }
      });
      if (sensitive.length === 0 || sensitiveSet !== null) return;
      const masked = maskedSummary(sensitive.map((f) => f.w));
      const created = store.changeSets.create({
        runId,
        pipeline: PIPELINE,
        company,
        createdBy: request.principal,
        summary: {
          ...summary,
          ...countWrites([]),
          ...(spec.highlighted.size > 0 ? { highlights: [] } : {}),
          sensitive: sensitive.length,
          masked,
        } as unknown as JsonValue,
        items: sensitive.map((f) => f.item),
        approvalsRequired: spec.sensitiveApprovals,
        ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}),
      });
      if (!created.ok) throw new Error(`planning failed: ${created.error.code}: ${created.error.message}`);
      sensitiveSet = created.value.changeSet;
      supersede(store, PIPELINE, company, sensitiveSet);
      store.changeSets.setPolicy(
        sensitiveSet.id,
        `required (${spec.sensitiveApprovals} distinct approvers: ${spec.sensitiveLabel} fields)`,
      );
      log.info(
        { changeSetId: sensitiveSet.id, writes: sensitive.length },
        `${spec.sensitiveLabel} ${spec.noun} changes wait for ${spec.sensitiveApprovals} approvers`,
      );
    },
  };
}

/**
 * The pipeline's change sets still waiting for approvers (planned): which one each planned key is in, and how many
 * items each holds while it is within its approval window (one past it is not offered again).
 */
function waitingChangeSets(
  store: PartyDeps<string>['store'],
  pipeline: string,
  company: string,
): { byKey: Map<string, number>; size: Map<number, number> } {
  const byKey = new Map<string, number>();
  const size = new Map<number, number>();
  const now = new Date().toISOString();
  for (const cs of store.changeSets.list({ pipeline, company, status: 'planned' })) {
    const items = store.changeSets.items(cs.id);
    for (const i of items) byKey.set(i.idempotencyKey, cs.id);
    if (cs.expiresAt === null || cs.expiresAt > now) size.set(cs.id, items.length);
  }
  return { byKey, size };
}
