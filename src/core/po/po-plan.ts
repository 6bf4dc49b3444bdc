import { formatAmount, Money } from '../../domain/money.ts';
import { resolveVendor } from '../ap/ap-checks.ts';
import type { PoSourceOrder, PoTargetDocument } from '../ports/po-ports.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import type { ChangeSet, PlanItem } from '../state/index.ts';
import { findReusableChangeSet, supersedeOverlapping } from '../sync/pending-change-sets.ts';
import { raisePlanProblems } from '../sync/raise-problems.ts';
import type { ExceptionClass } from '../sync/raise-exception.ts';
import { poPreviewOf } from './po-preview.ts';
import { linksOf, poReference, poSourceKey, statusChanges, transformOrder } from './po-transform.ts';
import { PO_OBJECT, PO_PIPELINE, PO_STATUS_OBJECT, type PoDeps, type PoPlanned, type PoPlanRequest, type PoPreview } from './po-types.ts';

const SOURCE = 'sage300';
const TARGET = 'intacct';
const PROBLEMS_KEPT = 500;
const INFLIGHT = new Set(['approved', 'sending', 'unknown']);

interface Checked {
  creates: PlanItem[];
  statuses: PlanItem[];
  statusLines: string[];
  skipped: number;
  problems: { readonly key: string; readonly class: ExceptionClass; readonly message: string; readonly fix: string; readonly record: JsonValue }[];
  totals: Map<string, Money>;
}

/** The confirmed create of an order (its payload holds the line links), if it was sent by this sync. */
function sentCreate(deps: PoDeps, key: string): JsonValue | undefined {
  return deps.store.outbox.bySource(SOURCE, key).find((e) => e.objectType === PO_OBJECT && e.state === 'confirmed')?.payload;
}

/** Plans the Intacct create of every open order not yet there. */
async function planCreates(deps: PoDeps, company: string, open: readonly PoSourceOrder[], out: Checked): Promise<void> {
  let vendors: ReadonlySet<string> | undefined;
  for (const order of open) {
    const key = poSourceKey(company, order.poNumber);
    // A create that may already have landed is only ever resent with its own key and payload, never re-planned.
    const inflight = deps.store.outbox.bySource(SOURCE, key).find((e) => e.objectType === PO_OBJECT && INFLIGHT.has(e.state));
    if (inflight) {
      out.creates.push({ idempotencyKey: inflight.idempotencyKey, targetSystem: TARGET, objectType: PO_OBJECT, sourceSystem: SOURCE, sourceKey: key, payload: inflight.payload });
      continue;
    }
    vendors ??= await deps.target.vendorIds();
    const vendor = resolveVendor(deps.store, deps.engine, company, order.vendorId, vendors);
    if (!vendor.ok) {
      out.problems.push({ key, ...vendor.problem, message: `purchase order ${key}: ${vendor.problem.message}`, record: order as unknown as JsonValue });
      continue;
    }
    const mapped = transformOrder(order, company, vendor.value, deps.engine);
    if (!mapped.ok) {
      out.problems.push({ key, ...mapped.problem, record: order as unknown as JsonValue });
      continue;
    }
    out.creates.push({ idempotencyKey: `po:${key}~${digestOf(mapped.value.payload).slice(0, 12)}`, targetSystem: TARGET, objectType: PO_OBJECT, sourceSystem: SOURCE, sourceKey: key, payload: mapped.value.payload });
    out.totals.set(order.currency, (out.totals.get(order.currency) ?? new Money(0)).plus(mapped.value.total));
  }
}

/** Plans the Sage 300 status writes that make each linked order agree with its Intacct transaction. */
async function planStatuses(deps: PoDeps, company: string, linked: readonly PoSourceOrder[], out: Checked): Promise<void> {
  if (linked.length === 0) return;
  const docs = new Map<string, PoTargetDocument>((await deps.target.documents(poReference(company, ''))).map((d) => [d.externalId, d]));
  for (const order of linked) {
    const key = poSourceKey(company, order.poNumber);
    const doc = docs.get(poReference(company, order.poNumber));
    if (!doc) {
      out.problems.push({ key, class: 'validation', message: `purchase order ${key} is cross-referenced to Intacct but no transaction with EXTERNALID ${poReference(company, order.poNumber)} was found`, fix: 'check whether the Intacct purchase order was deleted; resolve this exception once it is sorted out', record: order as unknown as JsonValue });
      continue;
    }
    const changes = statusChanges(order, doc, linksOf(sentCreate(deps, key) ?? null));
    if (changes.length === 0) {
      out.skipped++;
      continue;
    }
    for (const change of changes) {
      const payload = { sequence: order.sequence, poNumber: order.poNumber, change } as unknown as JsonValue;
      const digest = digestOf({ payload, state: doc.state, onHold: order.onHold }).slice(0, 12);
      const statusKey = `${key}:${change.op}:${digest}`;
      const idempotencyKey = `po-status:${statusKey}`;
      if (deps.store.outbox.get(idempotencyKey)?.state === 'confirmed') continue;
      out.statuses.push({ idempotencyKey, targetSystem: SOURCE, objectType: PO_STATUS_OBJECT, sourceSystem: TARGET, sourceKey: statusKey, payload });
      const what = change.op === 'hold' ? (change.onHold ? 'put on hold' : 'release from hold') : change.op === 'complete' ? 'complete' : `receive ${change.lines.map((l) => `line ${l.line} × ${l.quantity}`).join(', ')}`;
      out.statusLines.push(`${order.poNumber} (Intacct ${doc.state}): ${what}`);
    }
  }
}

/**
 * Plans one PO sync: open Sage 300 orders not yet in Intacct become create_potransaction items; orders already there
 * get Sage 300 status writes where their Intacct transaction moved on. Problems become exceptions; the rest is stored
 * as one change set bound to a digest. Nothing is written here.
 */
export async function planPoSync(deps: PoDeps, request: PoPlanRequest): Promise<PoPlanned> {
  const { store } = deps;
  const { company } = request;
  const { orders, rowErrors } = await deps.source.readOrders();
  const out: Checked = { creates: [], statuses: [], statusLines: [], skipped: 0, problems: [], totals: new Map() };
  const open: PoSourceOrder[] = [];
  const linked: PoSourceOrder[] = [];
  for (const order of orders) {
    const key = poSourceKey(company, order.poNumber);
    if (store.xrefs.bySource(PO_OBJECT, SOURCE, key, TARGET)) {
      if (order.complete) out.skipped++;
      else linked.push(order);
    } else if (order.complete) {
      out.skipped++; // A completed order is no longer a commitment: nothing to create.
    } else {
      open.push(order);
    }
  }
  await planCreates(deps, company, open, out);
  await planStatuses(deps, company, linked, out);
  for (const r of rowErrors) out.problems.unshift({ key: r.key, class: 'validation', message: `Sage 300 row ${r.key} could not be read: ${r.message}`, fix: 'correct the row in Sage 300', record: { key: r.key } });
  const items = [...out.creates, ...out.statuses];
  const totalsByCurrency = Object.fromEntries([...out.totals].sort(([a], [b]) => a.localeCompare(b)).map(([c, t]) => [c, formatAmount(t, 2)]));
  const problems = out.problems.map((p) => ({ sourceKey: p.key, class: p.class, message: p.message }));
  const base = { orders: orders.length, toCreate: out.creates.length, statusWrites: out.statuses.length, skipped: out.skipped, exceptions: out.problems.length, totalsByCurrency, statusLines: out.statusLines.slice(0, PROBLEMS_KEPT), problems: problems.slice(0, PROBLEMS_KEPT) };
  const preview = (cs: ChangeSet | null): PoPreview => (cs ? poPreviewOf(cs) : { changeSetId: null, digest: '', ...base });
  if (request.dryRun) return { kind: 'settled', status: 'dry_run', runId: null, preview: preview(null) };

  const runId = store.runs.startRun({ pipeline: PO_PIPELINE, company, params: {}, principal: request.principal });
  await raisePlanProblems({ store, alerts: deps.alerts, log: deps.log }, PO_PIPELINE, company, out.problems.map(({ key, record, ...problem }) => ({ key, record, problem })));
  if (items.length === 0) {
    const status = out.problems.length > 0 ? 'partial' : 'nothing_to_do';
    store.runs.finishRun(runId, status === 'partial' ? 'partial' : 'succeeded', { status, ...base });
    return { kind: 'settled', status, runId, preview: preview(null) };
  }
  // An agent that retries the same call gets the same pending change set back, not a second one to approve.
  const reusable = findReusableChangeSet(store, PO_PIPELINE, company, items);
  if (reusable) {
    store.runs.finishRun(runId, 'partial', { status: 'awaiting_approval', changeSetId: reusable.id, reused: true });
    return { kind: 'planned', runId, changeSet: reusable, preview: preview(reusable), reused: true };
  }
  const created = store.changeSets.create({ runId, pipeline: PO_PIPELINE, company, createdBy: request.principal, summary: base, items, ...(request.expiresAt ? { expiresAt: request.expiresAt } : {}) });
  if (!created.ok) throw new Error(`planning failed: ${created.code}: ${created.message}`);
  supersedeOverlapping(store, PO_PIPELINE, company, created.value.changeSet, items);
  return { kind: 'planned', runId, changeSet: created.value.changeSet, preview: preview(created.value.changeSet), reused: false };
}
