import { Money } from '../../domain/money.ts';
import type { GlWriteOutcome } from '../../core/ports/gl-ports.ts';
import type { PoSourceOrder, PoSourcePort, PoStatusWrite } from '../../core/ports/po-ports.ts';
import type { Sage300Reader } from './reader.ts';
import type { PurchaseOrder } from './types.ts';
import { outcomeOf } from './party-side.ts';
import type { Sage300WebApiClient } from './web-api-client.ts';
import { f } from './web-api-odata.ts';

/** A normalised POPORH1 + POPORL row set in the PO pipeline's terms. */
function poSourceOrder(po: PurchaseOrder): PoSourceOrder {
  return {
    sequence: po.poSequence,
    poNumber: po.poNumber,
    vendorId: po.vendorId,
    date: po.date ?? '',
    expectedArrival: po.expectedArrival ?? '',
    onHold: po.onHold,
    complete: po.complete,
    description: po.description,
    currency: po.currency,
    lines: po.lines.map((l) => ({
      line: l.lineRevision,
      itemNumber: l.itemNumber,
      description: l.description,
      unit: l.unit,
      location: l.location,
      ordered: l.quantityOrdered.toString(),
      received: l.quantityReceived.toString(),
      canceled: l.quantityCanceled.toString(),
      outstanding: l.quantityOutstanding.toString(),
      unitCost: l.unitCost.toString(),
      account: l.expenseAccountFormatted,
      completed: l.completed,
    })),
  };
}

/**
 * The PO pipeline's view of Sage 300: purchase orders from the SQL reader (POPORH1/POPORL), status writes through
 * the Web API: hold/release and completion as a PATCH of PO/POPurchaseOrders (UNCONFIRMED endpoint, see
 * web-api-resources.ts), receipts as POST PO/POReceipts whose Reference identifies them, so a lost response is
 * resolved by reading the receipt back and it is applied once.
 */
export function createSage300PoSide(reader: Sage300Reader, client: Sage300WebApiClient): PoSourcePort {
  let requests = 0;
  return {
    batchSize: 20,
    async readOrders() {
      const orders: PoSourceOrder[] = [];
      const rowErrors: { key: string; message: string }[] = [];
      for await (const r of reader.po.purchaseOrders()) {
        if (r.ok) orders.push(poSourceOrder(r.value));
        else rowErrors.push({ key: r.error.key, message: r.error.message });
      }
      return { orders, rowErrors };
    },
    async writeStatus(writes: readonly PoStatusWrite[]): Promise<GlWriteOutcome[]> {
      const out: GlWriteOutcome[] = [];
      for (const w of writes) {
        requests++;
        const c = w.change;
        if (c.op === 'hold') {
          out.push(outcomeOf(w.poNumber, await client.purchaseOrders.updateStatus(w.sequence, { OnHold: c.onHold })));
        } else if (c.op === 'complete') {
          out.push(outcomeOf(w.poNumber, await client.purchaseOrders.updateStatus(w.sequence, { Completed: true })));
        } else {
          if (w.resend) {
            // A receipt whose earlier outcome was lost may have landed: its Reference says so, and it is not posted twice.
            requests++;
            const found = await client.receipts.list({
              filter: f.and(f.eq('PurchaseOrderNumber', w.poNumber), f.eq('Reference', c.reference)),
              top: 1,
            });
            const existing = found.ok ? found.value[0] : undefined;
            if (existing) {
              out.push({ ok: true, recordNo: existing.ReceiptNumber, alreadyApplied: true });
              continue;
            }
            if (!found.ok) {
              out.push({
                ok: false,
                code: 'transport',
                message: `receipt ${c.reference} could not be looked up: ${found.error.message}`,
                definite: false,
              });
              continue;
            }
          }
          const r = await client.receipts.create({
            PurchaseOrderNumber: w.poNumber,
            Reference: c.reference,
            Description: 'Received in Sage Intacct',
            ReceiptLine2s: c.lines.map((l) => ({ LineNumber: l.line, QuantityReceived: new Money(l.quantity) })),
          });
          // Our Reference is unique to this write, so a receipt found after a lost response is ours.
          if (!r.ok && r.error.code === 'unknown_outcome' && r.error.probe === 'found')
            out.push({ ok: true, recordNo: `${w.poNumber}:${c.reference}`, alreadyApplied: true });
          else out.push(outcomeOf(r.ok && r.value.ReceiptNumber ? r.value.ReceiptNumber : `${w.poNumber}:${c.reference}`, r));
        }
      }
      return out;
    },
    requests: () => requests,
  };
}
