import type { Logger } from '../../platform/logger.ts';
import type { AuditPort } from '../ports/audit-port.ts';
import type { AlertPort } from '../ports/gl-ports.ts';
import type { VendorRecord, VendorSidePort, VendorSystem } from '../ports/vendor-ports.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet, PlanItem, StateStore, Xref } from '../state/index.ts';
import { raiseException } from '../sync/raise-exception.ts';
import { decideVendors, type PlannedWrite } from './vendor-decide.ts';
import { SENSITIVE_APPROVALS, type SystemOfRecord } from './vendor-fields.ts';
import { countWrites, maskedSummary, type VendorPreview } from './vendor-preview.ts';

export const VENDORS_PIPELINE = 'vendors';
const OBJECT = 'VENDOR';
const IN_FLIGHT = new Set(['approved', 'sending', 'unknown']);

/** Which way a run may write. */
export type VendorDirection = 'both' | 'to_intacct' | 'to_sage300';

/** Everything the vendor pipeline needs, injected by the composition root. */
export interface VendorDeps {
  readonly store: StateStore;
  readonly sage300: VendorSidePort;
  readonly intacct: VendorSidePort;
  /** The counterpart id from vendors.csv, if it has a row. */
  mapped(system: VendorSystem, id: string): string | undefined;
  readonly systemOfRecord: SystemOfRecord;
  readonly alerts: AlertPort;
  readonly log: Logger;
  readonly audit?: AuditPort;
}

/** One vendor sync request. */
export interface VendorPlanRequest {
  readonly company: string;
  readonly principal: string;
  readonly direction: VendorDirection;
  readonly dryRun?: boolean;
  readonly expiresAt?: string;
}

/** Result of planning: settled (nothing to approve) or a change set for the approval gate. */
export type VendorPlanned =
  | { readonly kind: 'settled'; readonly status: 'dry_run' | 'nothing_to_do' | 'partial'; readonly preview: VendorPreview; readonly runId: number | null }
  | { readonly kind: 'planned'; readonly runId: number; readonly changeSet: ChangeSet; readonly preview: VendorPreview; readonly cursorAfter: JsonValue | null };

const side = (deps: VendorDeps, s: VendorSystem): VendorSidePort => (s === 'sage300' ? deps.sage300 : deps.intacct);

/** The most recently written link of a vendor pair (either direction), with its baseline hash. */
export function linkOf(store: StateStore, system: VendorSystem, id: string): { otherId: string; hash: string | null } | undefined {
  const [canonical, reverse]: (Xref | undefined)[] =
    system === 'sage300'
      ? [store.xrefs.bySource(OBJECT, 'sage300', id, 'intacct'), store.xrefs.byTarget(OBJECT, 'sage300', id, 'intacct')]
      : [store.xrefs.byTarget(OBJECT, 'intacct', id, 'sage300'), store.xrefs.bySource(OBJECT, 'intacct', id, 'sage300')];
  const latest = [canonical, reverse].filter((x): x is Xref => x !== undefined).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))[0];
  if (!latest) return undefined;
  const otherId = latest.sourceSystem === system ? latest.targetKey : latest.sourceKey;
  return { otherId, hash: latest.contentHash };
}

/** The outbox item of a planned write; the key binds the target, id, payload and the baseline it was planned against. */
function itemOf(w: PlannedWrite): PlanItem {
  const payload = { op: w.op, id: w.id, fields: w.fields, expected: w.expected } as unknown as JsonValue;
  const key = `vendors:${w.target}:${w.id}~${digestOf({ payload, baseline: w.baseline }).slice(0, 16)}`;
  return { idempotencyKey: key, targetSystem: w.target, objectType: OBJECT, sourceSystem: w.target === 'intacct' ? 'sage300' : 'intacct', sourceKey: w.sourceId, payload };
}

const byId = (records: readonly VendorRecord[]): Map<string, VendorRecord> => new Map(records.map((r) => [r.id, r]));

/**
 * Plans one vendor sync: reads what changed on both sides since the cursor, compares with the counterparts and the
 * baseline of the last sync, raises conflicts and duplicates as exceptions, and stores the writes as a change set
 * (bank and remittance changes in a second one that needs two approvers). Nothing is written to either system here.
 */
export async function planVendorSync(deps: VendorDeps, request: VendorPlanRequest): Promise<VendorPlanned> {
  const { store, log } = deps;
  const { company } = request;
  const cursorBefore = store.cursors.get(VENDORS_PIPELINE, company)?.value ?? null;
  const prev = (cursorBefore ?? {}) as { sage300?: JsonValue; intacct?: JsonValue };
  const [sCh, iCh] = await Promise.all([deps.sage300.changes(prev.sage300 ?? null), deps.intacct.changes(prev.intacct ?? null)]);
  const cursorAfter: JsonValue = { v: 1, sage300: sCh.cursor, intacct: iCh.cursor };
  const empty = countWrites([]);
  const base = { changeSetId: null, digest: '', sensitiveChangeSetId: null, ...empty, sensitive: 0, conflicts: 0, duplicates: 0, exceptions: 0, inSync: 0, awaiting: 0 };
  if (sCh.records.length + iCh.records.length + sCh.rowErrors.length + iCh.rowErrors.length === 0) {
    if (!request.dryRun && request.direction === 'both') store.transaction(() => store.cursors.set(VENDORS_PIPELINE, company, cursorAfter));
    return { kind: 'settled', status: request.dryRun ? 'dry_run' : 'nothing_to_do', preview: base, runId: null };
  }
  const [sAll, iAll] = await Promise.all([deps.sage300.all(), deps.intacct.all()]);
  const decided = decideVendors({
    changed: { sage300: sCh.records, intacct: iCh.records },
    all: { sage300: byId(sAll), intacct: byId(iAll) },
    linked: (system, id) => linkOf(store, system, id),
    mapped: (system, id) => deps.mapped(system, id),
    sor: deps.systemOfRecord,
    integrationUser: { sage300: deps.sage300.integrationUser, intacct: deps.intacct.integrationUser },
  });
  const allowed = decided.writes.filter((w) => request.direction === 'both' || (request.direction === 'to_intacct') === (w.target === 'intacct'));
  let awaiting = 0;
  // Keys of change sets still waiting for approval; a write of an expired or rejected set is planned again.
  const waitingKeys = new Set(store.changeSets.list({ pipeline: VENDORS_PIPELINE, company, status: 'planned' }).flatMap((cs) => store.changeSets.items(cs.id).map((i) => i.idempotencyKey)));
  const fresh: { w: PlannedWrite; item: PlanItem }[] = [];
  for (const w of allowed) {
    const item = itemOf(w);
    const existing = store.outbox.get(item.idempotencyKey);
    // A write already planned (waiting for approval or in flight) or done is never planned a second time.
    if (existing && (IN_FLIGHT.has(existing.state) || existing.state === 'confirmed' || (existing.state === 'planned' && waitingKeys.has(item.idempotencyKey)))) {
      awaiting++;
      continue;
    }
    fresh.push({ w, item });
  }
  const rowErrors = [...sCh.rowErrors, ...iCh.rowErrors];
  const ordinary = fresh.filter((f) => !f.w.sensitive);
  const sensitive = fresh.filter((f) => f.w.sensitive);
  const conflicts = decided.problems.filter((p) => p.message.startsWith('conflict')).length;
  const duplicates = decided.problems.filter((p) => p.class === 'duplicate').length;
  const counts = countWrites(ordinary.map((f) => f.w));
  const summary = { ...counts, sensitive: sensitive.length, conflicts, duplicates, exceptions: decided.problems.length + rowErrors.length, inSync: decided.inSync, awaiting };
  const preview: VendorPreview = { ...base, ...summary };
  if (request.dryRun) return { kind: 'settled', status: 'dry_run', preview, runId: null };

  const runId = store.runs.startRun({ pipeline: VENDORS_PIPELINE, company, params: { direction: request.direction }, principal: request.principal });
  store.transaction(() => {
    for (const r of decided.relinks) {
      store.xrefs.link({ objectType: OBJECT, sourceSystem: 'sage300', sourceKey: r.sId, targetSystem: 'intacct', targetKey: r.iId, targetRecordNo: r.iId, contentHash: r.hash });
      store.exceptions.autoResolve(VENDORS_PIPELINE, company, r.sId, runId);
    }
  });
  const exDeps = { store, alerts: deps.alerts, log };
  for (const e of rowErrors) await raiseException(exDeps, { pipeline: VENDORS_PIPELINE, company, sourceKey: e.key, class: 'validation', message: `vendor ${e.key} could not be read: ${e.message}`, fix: 'correct the record at its source', sourceRecord: { key: e.key } });
  for (const p of decided.problems) await raiseException(exDeps, { pipeline: VENDORS_PIPELINE, company, sourceKey: p.key, class: p.class, message: p.message, fix: p.fix, sourceRecord: p.records as unknown as JsonValue });

  let sensitiveSet: ChangeSet | null = null;
  if (sensitive.length > 0) {
    const masked = maskedSummary(sensitive.map((f) => f.w));
    const created = store.changeSets.create({ runId, pipeline: VENDORS_PIPELINE, company, createdBy: request.principal, summary: { ...summary, ...countWrites([]), sensitive: sensitive.length, masked } as unknown as JsonValue, items: sensitive.map((f) => f.item), approvalsRequired: SENSITIVE_APPROVALS, ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) });
    if (!created.ok) throw new Error(`planning failed: ${created.code}: ${created.message}`);
    sensitiveSet = created.value.changeSet;
    supersede(store, company, sensitiveSet);
    store.changeSets.setPolicy(sensitiveSet.id, `required (${SENSITIVE_APPROVALS} distinct approvers: bank and remittance fields)`);
    log.info({ changeSetId: sensitiveSet.id, writes: sensitive.length }, 'bank/remittance vendor changes wait for two approvers');
  }
  const withSensitive = { ...preview, sensitiveChangeSetId: sensitiveSet?.id ?? null };
  if (ordinary.length === 0) {
    const clean = awaiting === 0 && sensitive.length === 0 && rowErrors.length === 0;
    if (clean && request.direction === 'both') store.transaction(() => store.cursors.set(VENDORS_PIPELINE, company, cursorAfter));
    const status = decided.problems.length + rowErrors.length > 0 || sensitive.length > 0 ? 'partial' : 'nothing_to_do';
    store.runs.finishRun(runId, status === 'partial' ? 'partial' : 'succeeded', withSensitive as unknown as JsonValue);
    return { kind: 'settled', status, preview: withSensitive, runId };
  }
  const created = store.changeSets.create({ runId, pipeline: VENDORS_PIPELINE, company, createdBy: request.principal, summary: { ...summary, sensitiveChangeSetId: sensitiveSet?.id ?? null } as unknown as JsonValue, items: ordinary.map((f) => f.item), ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) });
  if (!created.ok) throw new Error(`planning failed: ${created.code}: ${created.message}`);
  const cs = created.value.changeSet;
  supersede(store, company, cs);
  const advance = awaiting === 0 && sensitive.length === 0 && rowErrors.length === 0 && request.direction === 'both';
  return { kind: 'planned', runId, changeSet: cs, preview: { ...withSensitive, changeSetId: cs.id, digest: cs.digest }, cursorAfter: advance ? cursorAfter : null };
}

/** Older pending change sets of the same kind writing the same vendors are expired: approving one later would send stale values. */
function supersede(store: StateStore, company: string, fresh: ChangeSet): void {
  const targets = new Set(store.changeSets.items(fresh.id).map((i) => `${i.targetSystem}|${targetId(i)}`));
  for (const cs of store.changeSets.list({ pipeline: VENDORS_PIPELINE, company, status: 'planned' })) {
    if (cs.id === fresh.id || cs.approvalsRequired !== fresh.approvalsRequired) continue;
    if (store.changeSets.items(cs.id).some((i) => targets.has(`${i.targetSystem}|${targetId(i)}`))) store.changeSets.expire(cs.id, `superseded by change set ${fresh.id}`);
  }
}

function targetId(i: PlanItem): string {
  const p = i.payload;
  const id = p !== null && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, JsonValue>).id : undefined;
  return typeof id === 'string' ? id : i.sourceKey;
}

export { side as vendorSide };
