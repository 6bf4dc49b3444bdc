/**
 * PO/POPurchaseOrders: GET with lines nested, and a PATCH of header status (OnHold, Completed, texts).
 * The endpoint reference lists POPurchaseOrders as GET/POST only, so the PATCH is an UNCONFIRMED sandbox
 * extension that models what a Sage user can do on the PO screen; a completed PO refuses every change (409).
 */
import { sageToday, selectRow, updateRow, type WriteContext } from './db-write.ts';
import { bodyToColumns, rowToWire } from './field-map.ts';
import { isJsonObject, type JsonValue } from './json-wire.ts';
import { PO_LINES, PO_ORDERS } from './map-po.ts';
import { queryCollection, type CollectionResult } from './odata-sql.ts';
import { badPayload, businessRule, failed, ok, recordNotFound, type Handled } from './sage-errors.ts';

function poToWire(ctx: WriteContext, row: Record<string, unknown>): Record<string, unknown> {
  const lines = ctx.db.prepare('SELECT * FROM "POPORL" WHERE "PORHSEQ" = ? ORDER BY "PORLREV"').all(row.PORHSEQ) as Record<
    string,
    unknown
  >[];
  return { ...rowToWire(PO_ORDERS, row), PurchaseOrderLines: lines.map((l) => rowToWire(PO_LINES, l)) };
}

/** Numeric key = PORHSEQ (the view key); a quoted key is taken as the PO number (sandbox convenience). */
function findPo(ctx: WriteContext, key: string | number): Handled<Record<string, unknown>> {
  let row: Record<string, unknown> | undefined;
  if (typeof key === 'number') row = selectRow(ctx.db, 'POPORH1', { PORHSEQ: key });
  else if (key.length > 22) return failed(400, 'InvalidEntityKey', `'${key}' is not a valid purchase order key.`);
  else row = ctx.db.prepare('SELECT * FROM "POPORH1" WHERE RTRIM("PONUMBER") = ?').get(key) as Record<string, unknown> | undefined;
  return row ? ok(row) : recordNotFound();
}

export function getPo(ctx: WriteContext, key: string | number): Handled<Record<string, unknown>> {
  const row = findPo(ctx, key);
  return row.ok ? ok(poToWire(ctx, row.value)) : row;
}

export function listPos(ctx: WriteContext, search: URLSearchParams): Handled<CollectionResult & { wire: Record<string, unknown>[] }> {
  const result = queryCollection(ctx.db, PO_ORDERS, search);
  if (!result.ok) return result;
  return ok({ ...result.value, wire: result.value.rows.map((r) => poToWire(ctx, r)) });
}

export function patchPo(ctx: WriteContext, key: string | number, body: JsonValue): Handled<void> {
  if (isJsonObject(body) && 'PurchaseOrderLines' in body)
    return badPayload('Changing PurchaseOrderLines with PATCH is not supported by the sandbox emulator.');
  const parsed = bodyToColumns(PO_ORDERS, body);
  if (!parsed.ok) return parsed;
  const found = findPo(ctx, key);
  if (!found.ok) return found;
  const po = found.value;
  const number = String(po.PONUMBER).trimEnd();
  const next = parsed.value.columns;
  if (Number(po.ISCOMPLETE) !== 0) {
    if (next.size === 0 || (next.size === 1 && next.get('ISCOMPLETE') === 1)) return ok(undefined);
    return businessRule(`Purchase order ${number} is complete and cannot be changed.`);
  }
  const today = sageToday(ctx.now());
  if (next.get('ISCOMPLETE') === 1) {
    next.set('DTCOMPLETE', today);
    next.set('LINESCMPL', Number(po.LINES));
    // Completing a PO closes its open lines; the outstanding quantity stays visible as not received.
    const open = ctx.db.prepare('SELECT "PORLREV" FROM "POPORL" WHERE "PORHSEQ" = ? AND "COMPLETION" NOT IN (2, 3)').all(po.PORHSEQ) as {
      PORLREV: number;
    }[];
    for (const line of open)
      updateRow(ctx, 'POPORL', { PORHSEQ: Number(po.PORHSEQ), PORLREV: line.PORLREV }, { COMPLETION: 2, DTCOMPLETE: today });
  } else {
    next.delete('ISCOMPLETE');
  }
  updateRow(ctx, 'POPORH1', { PORHSEQ: Number(po.PORHSEQ) }, Object.fromEntries(next));
  return ok(undefined);
}
