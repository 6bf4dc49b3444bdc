import type { ReportEntry } from './report.ts';
import type { ItemRow } from './tables.ts';

/** One open Sage 300 PO line the PO sync would send: its order, line and item number (POPORL.ITEMNO, trimmed). */
interface OpenPoLine {
  readonly poNumber: string;
  readonly line: number;
  readonly item: string;
}

/** What items.csv is checked against: the Intacct ITEM catalog (id and whether active) and the open PO lines. */
export interface ItemValidationInput {
  readonly intacct: readonly { readonly id: string; readonly active: boolean }[];
  readonly openPoLines: readonly OpenPoLine[];
}

/** How many orders a finding names before it counts the rest. */
const ORDERS_NAMED = 5;

function ordersOf(lines: readonly OpenPoLine[]): string {
  const named = lines.slice(0, ORDERS_NAMED).map((l) => `${l.poNumber} line ${l.line}`);
  const rest = lines.length - named.length;
  return `${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/**
 * items.csv against Intacct and the open purchase orders: every intacct_item_id must be an Intacct ITEM (an inactive
 * one is an error while an open PO orders through the row, else a warning), and every item an open PO line orders
 * must have a row, since the PO sync holds an order with an unmapped item at plan time.
 */
export function checkItems(rows: readonly ItemRow[], input: ItemValidationInput, errors: ReportEntry[], warnings: ReportEntry[]): void {
  const catalog = new Map(input.intacct.map((e) => [e.id, e.active]));
  const ordered = new Map<string, OpenPoLine[]>();
  for (const l of input.openPoLines) ordered.set(l.item, [...(ordered.get(l.item) ?? []), l]);
  for (const row of rows) {
    const active = catalog.get(row.intacctItemId);
    const orders = ordered.get(row.s300Item) ?? [];
    if (active === undefined) {
      errors.push({
        code: 'item_target_missing',
        file: 'items.csv',
        line: row.line,
        subject: row.intacctItemId,
        message: `items.csv:${row.line} intacct_item_id ${row.intacctItemId} (for Sage 300 item ${row.s300Item}) is not an item in Intacct${orders.length > 0 ? `; open POs order it: ${ordersOf(orders)}` : ''}`,
        fix: `correct intacct_item_id on line ${row.line} or create item ${row.intacctItemId} in Intacct`,
      });
    } else if (!active) {
      (orders.length > 0 ? errors : warnings).push({
        code: 'item_target_inactive',
        file: 'items.csv',
        line: row.line,
        subject: row.intacctItemId,
        message: `items.csv:${row.line} intacct_item_id ${row.intacctItemId} is inactive in Intacct (${orders.length > 0 ? `open POs order it: ${ordersOf(orders)}` : 'no open PO orders it today'})`,
        fix: `activate item ${row.intacctItemId} in Intacct or point line ${row.line} at an active item`,
      });
    }
  }
  const mapped = new Set(rows.map((r) => r.s300Item));
  for (const [item, orders] of ordered) {
    if (mapped.has(item)) continue;
    errors.push({
      code: 'item_unmapped',
      file: 'items.csv',
      subject: item,
      message: `Sage 300 item ${item} is ordered on open POs (${ordersOf(orders)}) but has no row in items.csv: the PO sync holds those orders`,
      fix: `add the row "${item},<Intacct ITEMID>," to items.csv`,
    });
  }
}
