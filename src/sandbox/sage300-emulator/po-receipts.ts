/**
 * PO/POReceipts (POST) and PO/POGetReceipts (GET): a receipt against a PO's lines updates the lines' received and
 * outstanding quantities and the PO's receipt statistics, and completes the PO when nothing is outstanding.
 * Body: `{PurchaseOrderNumber, ReceiptDate?, Description?, Reference?, ReceiptNumber?,
 * ReceiptLine2s:[{LineNumber (the PO line), QuantityReceived}]}` — line property names UNCONFIRMED.
 */
import { Money } from '../../domain/money.ts';
import { insertStamped, sageToday, selectRow, updateRow, type WriteContext } from './db-write.ts';
import { bodyToColumns, rowToWire, trimCell as trim, wireToColumn } from './field-map.ts';
import { isJsonObject, type JsonValue } from './json-wire.ts';
import { PO_RECEIPT_LINES, PO_RECEIPTS } from './map-po.ts';
import { queryCollection, type CollectionResult } from './odata-sql.ts';
import { badPayload, businessRule, duplicate, ok, recordNotFound, type Handled } from './sage-errors.ts';

function receiptToWire(ctx: WriteContext, row: Record<string, unknown>): Record<string, unknown> {
  const lines = ctx.db.prepare('SELECT * FROM "PORCPL" WHERE "RCPHSEQ" = ? ORDER BY "RCPLREV"').all(row.RCPHSEQ) as Record<
    string,
    unknown
  >[];
  return { ...rowToWire(PO_RECEIPTS, row), ReceiptLine2s: lines.map((l) => rowToWire(PO_RECEIPT_LINES, l)) };
}

export function getReceipt(ctx: WriteContext, key: string | number): Handled<Record<string, unknown>> {
  const row =
    typeof key === 'number'
      ? selectRow(ctx.db, 'PORCPH1', { RCPHSEQ: key })
      : (ctx.db.prepare('SELECT * FROM "PORCPH1" WHERE RTRIM("RCPNUMBER") = ?').get(key) as Record<string, unknown> | undefined);
  return row ? ok(receiptToWire(ctx, row)) : recordNotFound();
}

export function listReceipts(ctx: WriteContext, search: URLSearchParams): Handled<CollectionResult & { wire: Record<string, unknown>[] }> {
  const result = queryCollection(ctx.db, PO_RECEIPTS, search);
  if (!result.ok) return result;
  return ok({ ...result.value, wire: result.value.rows.map((r) => receiptToWire(ctx, r)) });
}

function nextValue(ctx: WriteContext, sql: string): number {
  return ((ctx.db.prepare(sql).get() as { n: number | null }).n ?? 0) + 1;
}

export function createReceipt(ctx: WriteContext, body: JsonValue): Handled<Record<string, unknown>> {
  const head = bodyToColumns(PO_RECEIPTS, body, ['ReceiptLine2s']);
  if (!head.ok) return head;
  const poNumber = trim(head.value.columns.get('PONUMBER'));
  if (poNumber === '') return badPayload("The property 'PurchaseOrderNumber' is required.");
  const linesIn = (body as Record<string, JsonValue>).ReceiptLine2s;
  if (!Array.isArray(linesIn) || linesIn.length === 0) return badPayload("The property 'ReceiptLine2s' must be a non-empty array.");
  const po = ctx.db.prepare('SELECT * FROM "POPORH1" WHERE RTRIM("PONUMBER") = ?').get(poNumber) as Record<string, unknown> | undefined;
  if (!po) return businessRule(`Purchase order ${poNumber} does not exist.`);
  if (Number(po.ISCOMPLETE) !== 0) return businessRule(`Purchase order ${poNumber} is complete. No further receipts are allowed.`);
  if (Number(po.ONHOLD) !== 0) return businessRule(`Purchase order ${poNumber} is on hold.`);
  const vendor = trim(head.value.columns.get('VDCODE'));
  if (vendor !== '' && vendor !== trim(po.VDCODE))
    return businessRule(`Vendor ${vendor} does not match vendor ${trim(po.VDCODE)} on purchase order ${poNumber}.`);

  const rcphseq = nextValue(ctx, 'SELECT MAX("RCPHSEQ") AS n FROM "PORCPH1"');
  let number = trim(head.value.columns.get('RCPNUMBER'));
  if (number === '') number = `RC${String(rcphseq).padStart(6, '0')}`;
  if (ctx.db.prepare('SELECT 1 FROM "PORCPH1" WHERE RTRIM("RCPNUMBER") = ?').get(number))
    return duplicate(`Receipt ${number} already exists.`);
  const today = sageToday(ctx.now());
  const date = Number(head.value.columns.get('DATE') || today);

  let total = new Money(0);
  let lineCount = 0;
  for (const [i, line] of linesIn.entries()) {
    if (!isJsonObject(line)) return badPayload(`ReceiptLine2s[${i}] must be an object.`);
    const lineNo = line.LineNumber;
    const qtyField = PO_RECEIPT_LINES.byName.get('QuantityReceived')!;
    const qty = line.QuantityReceived === undefined ? undefined : wireToColumn(PO_RECEIPT_LINES, qtyField, line.QuantityReceived);
    if (qty === undefined) return badPayload(`ReceiptLine2s[${i}] needs 'QuantityReceived'.`);
    if (!qty.ok) return qty;
    const number =
      typeof lineNo === 'object' && lineNo !== null && 'isInteger' in lineNo && lineNo.isInteger ? Number(lineNo.text) : undefined;
    if (number === undefined) return badPayload(`Invalid value for property 'LineNumber' of 'ReceiptLine2s[${i}]': expected a number.`);
    const poLine = selectRow(ctx.db, 'POPORL', { PORHSEQ: Number(po.PORHSEQ), PORLREV: number });
    if (!poLine) return businessRule(`Purchase order ${poNumber} has no line ${number}.`);
    if (Number(poLine.COMPLETION) !== 1) return businessRule(`Line ${number} of purchase order ${poNumber} is complete.`);
    const received = new Money(String(qty.value));
    if (!received.isPositive() || received.isZero()) return businessRule(`Quantity received on line ${number} must be greater than zero.`);
    const unitCost = new Money(String(poLine.UNITCOST));
    const extended = received.times(unitCost);
    total = total.plus(extended);
    lineCount++;
    insertStamped(ctx, 'PORCPL', {
      RCPHSEQ: rcphseq,
      RCPLREV: number,
      RCPLSEQ: lineCount,
      PORHSEQ: Number(po.PORHSEQ),
      PORLSEQ: Number(poLine.PORLSEQ),
      ITEMNO: trim(poLine.ITEMNO),
      ITEMDESC: trim(poLine.ITEMDESC),
      LOCATION: trim(poLine.LOCATION),
      RCPUNIT: trim(poLine.ORDERUNIT),
      RQRECEIVED: received.toFixed(4),
      UNITCOST: unitCost.toFixed(6),
      EXTENDED: extended.toFixed(3),
      GLACEXPENS: trim(poLine.GLACEXPENS),
      CONTRACT: trim(poLine.CONTRACT),
      PROJECT: trim(poLine.PROJECT),
      CCATEGORY: trim(poLine.CCATEGORY),
    });
    const totalReceived = new Money(String(poLine.OQRECEIVED)).plus(received);
    const left = new Money(String(poLine.OQORDERED)).minus(totalReceived).minus(new Money(String(poLine.OQCANCELED)));
    const outstanding = left.isNegative() ? new Money(0) : left;
    updateRow(
      ctx,
      'POPORL',
      { PORHSEQ: Number(po.PORHSEQ), PORLREV: number },
      {
        OQRECEIVED: totalReceived.toFixed(4),
        OQOUTSTAND: outstanding.toFixed(4),
        ISRECEIVED: 1,
        ...(outstanding.isZero() ? { COMPLETION: 2, DTCOMPLETE: today } : {}),
      },
    );
  }
  insertStamped(ctx, 'PORCPH1', {
    ...Object.fromEntries(head.value.columns),
    RCPHSEQ: rcphseq,
    RCPNUMBER: number,
    PORHSEQ: Number(po.PORHSEQ),
    PONUMBER: poNumber,
    DATE: date,
    VDCODE: trim(po.VDCODE),
    VDNAME: trim(po.VDNAME),
    CURRENCY: trim(po.CURRENCY),
    EXTENDED: total.toFixed(3),
    DOCTOTAL: total.toFixed(3),
    LINES: lineCount,
  });
  const counts = ctx.db
    .prepare('SELECT COUNT(*) AS lines, SUM(CASE WHEN "COMPLETION" IN (2, 3) THEN 1 ELSE 0 END) AS done FROM "POPORL" WHERE "PORHSEQ" = ?')
    .get(po.PORHSEQ) as { lines: number; done: number };
  const complete = counts.lines > 0 && counts.done === counts.lines;
  updateRow(
    ctx,
    'POPORH1',
    { PORHSEQ: Number(po.PORHSEQ) },
    {
      LASTRECEIP: number,
      RCPDATE: date,
      RCPCOUNT: Number(po.RCPCOUNT) + 1,
      EXTRECEIVE: new Money(String(po.EXTRECEIVE)).plus(total).toFixed(3),
      LINESCMPL: counts.done,
      ...(complete ? { ISCOMPLETE: 1, DTCOMPLETE: today } : {}),
    },
  );
  return ok(receiptToWire(ctx, selectRow(ctx.db, 'PORCPH1', { RCPHSEQ: rcphseq })!));
}
