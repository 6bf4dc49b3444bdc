import { formatAmount, Money } from '../../domain/money.ts';
import { resolveVendor } from '../ap/ap-checks.ts';
import type { PoSourceOrder, PoTargetDocument } from '../ports/po-ports.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import type { OutboxEntry, PlanItem } from '../state/index.ts';
import type { PlanDraft } from '../sync/pipeline-definition.ts';
import { resendOf } from '../sync/plan-lookups.ts';
import { documentLookup } from '../sync/document-lookup.ts';
import { planLookupsInTarget, type FoundInTarget } from '../sync/target-lookup.ts';
import type { ExceptionClass } from '../sync/raise-exception.ts';
import { linksOf, poReference, poSourceKey, statusChanges, transformOrder } from './po-transform.ts';
import { PO_OBJECT, PO_STATUS_OBJECT, type PoDeps, type PoPlanRequest, type PoPreview } from './po-types.ts';

const SOURCE = 'sage300';
const TARGET = 'intacct';
const PROBLEMS_KEPT = 500;

interface Checked {
  creates: PlanItem[];
  statuses: PlanItem[];
  statusLines: string[];
  skipped: number;
  problems: {
    readonly key: string;
    readonly class: ExceptionClass;
    readonly message: string;
    readonly fix: string;
    readonly record: JsonValue;
  }[];
  totals: Map<string, Money>;
  /** Open commitment per Intacct vendor and currency (`VENDOR\u0000CUR`), with the number of orders. */
  byVendor: Map<string, { total: Money; orders: number }>;
}

/** The confirmed create of an order (its payload holds the line links), if it was sent by this sync. */
function sentCreate(deps: PoDeps, key: string): JsonValue | undefined {
  return deps.store.outbox.bySource(SOURCE, key).find((e) => e.objectType === PO_OBJECT && e.state === 'confirmed')?.payload;
}

/** Plans the Intacct create of every open order not yet there. */
async function planCreates(
  deps: PoDeps,
  company: string,
  open: readonly PoSourceOrder[],
  inflight: ReadonlyMap<string, OutboxEntry>,
  out: Checked,
): Promise<void> {
  let vendors: ReadonlySet<string> | undefined;
  for (const order of open) {
    const key = poSourceKey(company, order.poNumber);
    // A create that may already have landed is only ever resent with its own key and payload, never re-planned.
    const prior = inflight.get(key);
    if (prior) {
      out.creates.push(resendOf(prior));
      continue;
    }
    vendors ??= await deps.target.vendorIds();
    const vendor = resolveVendor(deps.store, deps.engine, company, order.vendorId, vendors);
    if (!vendor.ok) {
      out.problems.push({
        key,
        ...vendor.problem,
        message: `purchase order ${key}: ${vendor.problem.message}`,
        record: order as unknown as JsonValue,
      });
      continue;
    }
    const mapped = transformOrder(order, company, vendor.value, deps.engine);
    if (!mapped.ok) {
      out.problems.push({ key, ...mapped.problem, record: order as unknown as JsonValue });
      continue;
    }
    out.creates.push({
      idempotencyKey: `po:${key}~${digestOf(mapped.value.payload).slice(0, 12)}`,
      targetSystem: TARGET,
      objectType: PO_OBJECT,
      sourceSystem: SOURCE,
      sourceKey: key,
      payload: mapped.value.payload,
    });
    out.totals.set(order.currency, (out.totals.get(order.currency) ?? new Money(0)).plus(mapped.value.total));
    const vendorKey = `${vendor.value}\u0000${order.currency}`;
    const v = out.byVendor.get(vendorKey) ?? { total: new Money(0), orders: 0 };
    out.byVendor.set(vendorKey, { total: v.total.plus(mapped.value.total), orders: v.orders + 1 });
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
      out.problems.push({
        key,
        class: 'validation',
        message: `purchase order ${key} is cross-referenced to Intacct but no transaction with EXTERNALID ${poReference(company, order.poNumber)} was found`,
        fix: 'check whether the Intacct purchase order was deleted; resolve this exception once it is sorted out',
        record: order as unknown as JsonValue,
      });
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
      out.statuses.push({
        idempotencyKey,
        targetSystem: SOURCE,
        objectType: PO_STATUS_OBJECT,
        sourceSystem: TARGET,
        sourceKey: statusKey,
        payload,
      });
      const what =
        change.op === 'hold'
          ? change.onHold
            ? 'put on hold'
            : 'release from hold'
          : change.op === 'complete'
            ? 'complete'
            : `receive ${change.lines.map((l) => `line ${l.line} × ${l.quantity}`).join(', ')}`;
      out.statusLines.push(`${order.poNumber} (Intacct ${doc.state}): ${what}`);
    }
  }
}

/** An open order with no cross-reference is looked up in Intacct by its transaction's EXTERNALID (`S300:<company>:<PO>`). */
export const poLookup = documentLookup<PoDeps>({
  objectType: PO_OBJECT,
  sourceSystem: SOURCE,
  targetSystem: TARGET,
  reads: (deps) => deps.target.existing,
});

/**
 * Reads Sage 300 purchase orders: open orders not yet in Intacct become create_potransaction items; orders already
 * there get Sage 300 status writes where their Intacct transaction moved on. Nothing is written here.
 */
export async function draftPo(deps: PoDeps, request: PoPlanRequest): Promise<PlanDraft<PoPreview>> {
  const { company } = request;
  const { orders, rowErrors } = await deps.source.readOrders();
  const out: Checked = { creates: [], statuses: [], statusLines: [], skipped: 0, problems: [], totals: new Map(), byVendor: new Map() };
  // Completed orders are skipped linked or not, so only open ones are looked up (locally, then in Intacct).
  const lookups = await planLookupsInTarget(
    deps,
    poLookup,
    orders.filter((o) => !o.complete).map((o) => poSourceKey(company, o.poNumber)),
  );
  const { linked: inIntacct, inflight } = lookups;
  const found: FoundInTarget[] = [];
  const open: PoSourceOrder[] = [];
  const linked: PoSourceOrder[] = [];
  for (const order of orders) {
    const there = order.complete ? undefined : lookups.found.get(poSourceKey(company, order.poNumber));
    if (there) {
      found.push(there); // linked when the run starts; its status flows back from the next run on
    } else if (inIntacct.has(poSourceKey(company, order.poNumber))) {
      if (order.complete) out.skipped++;
      else linked.push(order);
    } else if (order.complete) {
      out.skipped++; // A completed order is no longer a commitment: nothing to create.
    } else {
      open.push(order);
    }
  }
  await planCreates(deps, company, open, inflight, out);
  await planStatuses(deps, company, linked, out);
  for (const r of rowErrors)
    out.problems.unshift({
      key: r.key,
      class: 'validation',
      message: `Sage 300 row ${r.key} could not be read: ${r.message}`,
      fix: 'correct the row in Sage 300',
      record: { key: r.key },
    });
  const totalsByCurrency = Object.fromEntries(
    [...out.totals].sort(([a], [b]) => a.localeCompare(b)).map(([c, t]) => [c, formatAmount(t, 2)]),
  );
  const problems = out.problems.map((p) => ({ sourceKey: p.key, class: p.class, message: p.message, fix: p.fix }));
  const vendorRows = [...out.byVendor].sort(([a], [b]) => a.localeCompare(b));
  // Vendor names for the approver, read from Intacct (the vendors these orders go to); ids only without the read.
  const vendorNames =
    (await deps.names?.names('vendor', [...new Set(vendorRows.map(([k]) => k.split('\u0000')[0]!))])) ?? new Map<string, string>();
  const totalsByVendor = vendorRows.map(([k, v]) => {
    const [vendor = '', currency = ''] = k.split('\u0000');
    return { vendor, name: vendorNames.get(vendor) ?? '', currency, orders: v.orders, total: formatAmount(v.total, 2) };
  });
  const base = {
    orders: orders.length,
    toCreate: out.creates.length,
    statusWrites: out.statuses.length,
    skipped: out.skipped,
    foundInIntacct: found.length,
    exceptions: out.problems.length,
    totalsByCurrency,
    totalsByVendor,
    statusLines: out.statusLines.slice(0, PROBLEMS_KEPT),
    problems: problems.slice(0, PROBLEMS_KEPT),
  };
  return {
    items: [...out.creates, ...out.statuses],
    // Unreadable rows are problems like any other here: a dismissed one is not raised again.
    problems: out.problems.map(({ key, record, ...problem }) => ({ key, record, problem })),
    found: [{ objectType: PO_OBJECT, sourceSystem: SOURCE, targetSystem: TARGET, records: found }],
    // This plan's counts under the change set's id and digest: for a resumed change set, what is left to send.
    preview: (cs) => ({ changeSetId: cs?.id ?? null, digest: cs?.digest ?? '', ...base }),
    summary: () => base,
  };
}
