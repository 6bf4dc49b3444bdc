import { formatAmount, Money } from '../../domain/money.ts';
import type { ApProblem } from '../ap/ap-transform.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { PoSourceOrder, PoStatusChange, PoTargetDocument } from '../ports/po-ports.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import { DOCUMENT_REFERENCE_PREFIX } from '../sync/sync-references.ts';

/** Intacct transaction definition the Sage 300 orders are created as (the demo company's standard one). */
const PO_TRANSACTION_TYPE = 'Purchase Order';

/** The key of a Sage 300 PO in cross-references, outbox and exceptions. */
export function poSourceKey(company: string, poNumber: string): string {
  return `${company}:${poNumber}`;
}

/** EXTERNALID stamped on the Intacct transaction: the Sage 300 origin, what read-back and the status flow find it by. */
export function poReference(company: string, poNumber: string): string {
  return `${DOCUMENT_REFERENCE_PREFIX}${poSourceKey(company, poNumber)}`;
}

/** Which Intacct line carries which Sage 300 line, and what Sage 300 had received when the order was sent. */
export interface PoLineLink {
  readonly line: number;
  readonly baseline: string;
}

/** A mapped order: the create_potransaction fields plus the line links the status flow needs later. */
export interface MappedOrder {
  readonly payload: JsonValue;
  /** Open commitment sent (outstanding quantity × unit cost), 2 decimals. */
  readonly total: string;
}

const dec = (text: string): Money => new Money(text.trim() === '' ? '0' : text);

/**
 * Maps one open Sage 300 PO to an Intacct Purchase Order for a resolved vendor. Each open line becomes a potransitem
 * for its outstanding quantity at the PO's unit cost; the Sage 300 item number goes through items.csv to the Intacct
 * ITEMID (never sent as is: Intacct refuses a line whose item it does not hold, and a differently numbered catalog
 * would order the wrong item), so an unmapped item holds the whole order back at plan time. The line's expense account goes through
 * the account rules (never a default) and gives the line its department, location, project and class; Intacct posts
 * purchasing lines by the item's GL group, so the mapped account itself is only carried in the line memo.
 * A PO on hold in Sage 300 is created as a Draft (not yet a commitment); every other open PO as Pending.
 */
export function transformOrder(
  order: PoSourceOrder,
  company: string,
  intacctVendorId: string,
  engine: MappingEngine,
): { ok: true; value: MappedOrder } | { ok: false; problem: ApProblem } {
  const key = poSourceKey(company, order.poNumber);
  const unmapped: string[] = [];
  const fixes = new Set<string>();
  const items: Record<string, JsonValue>[] = [];
  const links: PoLineLink[] = [];
  let total = new Money(0);
  for (const line of order.lines) {
    const open = dec(line.outstanding);
    if (line.completed || open.lte(0)) continue;
    if (line.itemNumber.trim() === '') {
      unmapped.push(`line ${line.line} has no item number`);
      fixes.add('give the line an item number in Sage 300');
      continue;
    }
    const item = engine.itemId(line.itemNumber.trim());
    if (!item.ok) {
      unmapped.push(`line ${line.line}: item "${line.itemNumber.trim()}" has no Intacct ITEMID (${item.error.message})`);
      fixes.add(item.error.fix);
    }
    const resolved = engine.resolveAccount(line.account, order.date);
    if (!resolved.ok) {
      unmapped.push(`line ${line.line}: ${resolved.error.message}`);
      fixes.add(resolved.error.fix);
      continue;
    }
    if (!item.ok) continue;
    const dims = resolved.value.dimensions;
    const cost = dec(line.unitCost);
    total = total.plus(open.times(cost));
    links.push({ line: line.line, baseline: dec(line.received).toString() });
    items.push({
      itemid: item.value,
      itemdesc: (line.description || line.itemNumber).slice(0, 100),
      quantity: open.toString(),
      ...(line.unit ? { unit: line.unit } : {}),
      price: cost.toString(),
      ...(dims.LOCATION ? { locationid: dims.LOCATION } : {}),
      ...(dims.DEPARTMENT ? { departmentid: dims.DEPARTMENT } : {}),
      memo: `Sage 300 ${order.poNumber} line ${line.line}, GL ${resolved.value.targetAccount}`,
      ...(dims.PROJECTID ? { projectid: dims.PROJECTID } : {}),
      ...(dims.CLASSID ? { classid: dims.CLASSID } : {}),
    });
  }
  if (unmapped.length > 0) {
    return {
      ok: false,
      problem: {
        class: 'mapping',
        message: `purchase order ${key} has unmapped lines: ${unmapped.join('; ')}`,
        fix: [...fixes].join('; '),
      },
    };
  }
  if (items.length === 0) {
    return {
      ok: false,
      problem: {
        class: 'validation',
        message: `purchase order ${key} has no open lines`,
        fix: 'nothing is committed on it; complete it in Sage 300',
      },
    };
  }
  return {
    ok: true,
    value: {
      total: formatAmount(total, 2),
      payload: {
        transaction: {
          transactiontype: PO_TRANSACTION_TYPE,
          datecreated: order.date,
          vendorid: intacctVendorId,
          documentno: order.poNumber,
          referenceno: order.poNumber,
          ...(order.expectedArrival ? { datedue: order.expectedArrival } : {}),
          message: (order.description || `Sage 300 purchase order ${order.poNumber}`).slice(0, 100),
          externalid: poReference(company, order.poNumber),
          currency: order.currency,
          state: order.onHold ? 'Draft' : 'Pending',
          potransitems: { potransitem: items },
        },
        lines: links as unknown as JsonValue,
      },
    },
  };
}

/**
 * The line links stored with a sent order (what Sage 300 line each Intacct LINE_NO is); none for an order linked by
 * lookup or `state rebuild` (its create is not in this state store), whose receipts are then not written back.
 */
export function linksOf(payload: JsonValue): PoLineLink[] {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return [];
  const lines = (payload as { lines?: unknown }).lines;
  return Array.isArray(lines) ? (lines as PoLineLink[]) : [];
}

/** Intacct states in which the order is not yet a released commitment: Sage 300 holds it. */
const HELD = new Set(['Draft', 'Submitted']);

/**
 * What Sage 300 must do so its PO agrees with the Intacct transaction: release or hold it, receive what Intacct has
 * converted (received) beyond what Sage 300 shows, and complete it when Intacct closed it. Intacct is the system of
 * record for the status of an order it holds; quantities are only ever added (a Sage 300 receipt is never undone).
 */
export function statusChanges(order: PoSourceOrder, doc: PoTargetDocument, links: readonly PoLineLink[]): PoStatusChange[] {
  if (order.complete) return [];
  const changes: PoStatusChange[] = [];
  const held = HELD.has(doc.state);
  if (order.onHold !== held) changes.push({ op: 'hold', onHold: held });
  const receive: { line: number; quantity: string }[] = [];
  const had: string[] = [];
  links.forEach((link, i) => {
    const target = doc.lines.find((l) => l.lineNo === i);
    const sage = order.lines.find((l) => l.line === link.line);
    if (!target || !sage) return;
    const delta = dec(link.baseline).plus(dec(target.converted)).minus(dec(sage.received));
    if (!delta.gt(0)) return;
    receive.push({ line: link.line, quantity: delta.toString() });
    had.push(dec(sage.received).toString());
  });
  // The receipt's Reference is its identity in Sage 300: a lost response is resolved by finding it (PO + Reference).
  if (receive.length > 0)
    changes.push({
      op: 'receive',
      reference: `SB-${digestOf({ po: order.poNumber, doc: doc.docId, receive, had }).slice(0, 20)}`,
      lines: receive,
    });
  if (doc.state === 'Closed') changes.push({ op: 'complete' });
  return changes;
}
