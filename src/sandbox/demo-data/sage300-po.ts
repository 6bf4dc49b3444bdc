import { Money, sumAmounts } from '../../domain/money.ts';
import type { GenContext } from './sage300-context.ts';
import type { DemoAccount, DemoChart } from './sage300-chart.ts';
import type { DemoLedger } from './sage300-ledger.ts';
import type { DemoVendor } from './sage300-parties.ts';
import type { ApBook } from './sage300-ap.ts';
import { addDays, periodEnd, periodOf, periodStart } from './sage300-calendar.ts';

/**
 * Sage keeps no single PO status column; the status is what ISCOMPLETE, ONHOLD, RCPCOUNT and the
 * line quantities say. These are the states the demo covers, one PO in five each.
 */
const PO_STATUSES = ['entered', 'onHold', 'partiallyReceived', 'received', 'closed'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

interface PoLine {
  readonly item: string;
  readonly account: DemoAccount;
  readonly qty: number;
  readonly unitCost: Money;
  received: number;
  canceled: number;
}

/** Writes POPORH1/POPORL and PORCPH1/PORCPL; receipts post PO/RC to GL, billed ones become P/O-sourced AP invoices. */
export function writePurchaseOrders(
  ctx: GenContext,
  chart: DemoChart,
  vendors: readonly DemoVendor[],
  ledger: DemoLedger,
  ap: ApBook,
): Record<PoStatus, string[]> {
  const { rng } = ctx;
  const byStatus: Record<PoStatus, string[]> = { entered: [], onHold: [], partiallyReceived: [], received: [], closed: [] };
  const active = vendors.filter((v) => v.active);
  const lineAccounts = chart.expenses.filter((a) => a.dept === 'OPS' || a.dept === 'ENG');
  const clearing = chart.bs('2050');
  const yearEnd = periodEnd(ctx.year, 12);
  let rcpSeq = 0;
  const count = ctx.scaled(30);
  for (let i = 0; i < count; i++) {
    const status = PO_STATUSES[i % PO_STATUSES.length] ?? 'entered';
    const vendor = rng.pick(active);
    const seq = 1000 + i;
    const poNumber = `PO${String(i + 1).padStart(6, '0')}`;
    const date = addDays(periodStart(ctx.year, rng.int(1, 10)), rng.int(0, 27));
    const lines: PoLine[] = Array.from({ length: rng.int(1, 3) }, () => ({
      item: `SUP-${rng.int(1000, 1999)}`,
      account: rng.pick(lineAccounts),
      qty: rng.int(2, 40),
      unitCost: rng.amount(5, 400),
      received: 0,
      canceled: 0,
    }));
    const receipts: { number: string; seq: number; date: number; qty: number[] }[] = [];
    const receive = (days: number, portion: (l: PoLine) => number): void => {
      rcpSeq++;
      const qty = lines.map(portion);
      lines.forEach((l, j) => (l.received += qty[j] ?? 0));
      receipts.push({
        number: `RC${String(rcpSeq).padStart(6, '0')}`,
        seq: 5000 + rcpSeq,
        date: Math.min(addDays(date, days), yearEnd),
        qty,
      });
    };
    if (status === 'partiallyReceived') receive(rng.int(10, 25), (l) => (l === lines[0] ? Math.floor(l.qty / 2) : 0));
    if (status === 'received') receive(rng.int(10, 25), (l) => l.qty);
    if (status === 'closed') {
      receive(rng.int(10, 25), (l) => Math.ceil(l.qty / 2));
      lines.forEach((l) => (l.canceled = l.qty - l.received));
    }
    const ext = (l: PoLine, q: number): Money => l.unitCost.times(q);
    const complete = status === 'received' || status === 'closed';
    const lastReceipt = receipts[receipts.length - 1];
    const dtComplete = complete && lastReceipt ? addDays(lastReceipt.date, status === 'closed' ? 10 : 0) : 0;
    const stamp = ctx.stamp(Math.min(dtComplete || lastReceipt?.date || date, yearEnd));
    ctx.insert('POPORH1', {
      PORHSEQ: seq,
      PONUMBER: poNumber,
      ...stamp,
      DATE: date,
      ORDEREDON: date,
      EXPARRIVAL: addDays(date, 14),
      POSTDATE: date,
      VDCODE: vendor.id,
      VDNAME: vendor.name,
      VDCOUNTRY: 'USA',
      PORTYPE: status === 'entered' && i % 2 === 0 ? 3 : 1,
      ONHOLD: status === 'onHold' ? 1 : 0,
      ISCOMPLETE: complete ? 1 : 0,
      DTCOMPLETE: Math.min(dtComplete, yearEnd),
      ISPRINTED: status === 'entered' ? 0 : 1,
      LINES: lines.length,
      LINESCMPL: complete ? lines.length : lines.filter((l) => l.received >= l.qty).length,
      LASTRECEIP: lastReceipt?.number ?? '',
      RCPDATE: lastReceipt?.date ?? 0,
      RCPCOUNT: receipts.length,
      DESCRIPTIO: `Supplies order ${poNumber}`,
      REFERENCE: `REQ-${i + 1}`,
      TERMSCODE: vendor.terms,
      CURRENCY: 'USD',
      RATE: '1',
      RATETYPE: 'SP',
      RATEDATE: date,
      RATEOPER: 1,
      EXTENDED: sumAmounts(lines.map((l) => ext(l, l.qty))),
      DOCTOTAL: sumAmounts(lines.map((l) => ext(l, l.qty))),
      EXTRECEIVE: sumAmounts(lines.map((l) => ext(l, l.received))),
      EXTCANCEL: sumAmounts(lines.map((l) => ext(l, l.canceled))),
      TAXGROUP: 'EXEMPT',
    });
    lines.forEach((l, j) => {
      const done = complete || l.received >= l.qty;
      ctx.insert('POPORL', {
        PORHSEQ: seq,
        PORLREV: j + 1,
        ...stamp,
        PORLSEQ: seq * 100 + j + 1,
        ITEMNO: l.item,
        LOCATION: 'WH1',
        ITEMDESC: `Supply item ${l.item}`,
        VENDITEMNO: `V-${l.item}`,
        EXPARRIVAL: addDays(date, 14),
        ORDERUNIT: 'EA',
        OQORDERED: String(l.qty),
        OQRECEIVED: String(l.received),
        OQCANCELED: String(l.canceled),
        OQOUTSTAND: String(l.qty - l.received - l.canceled),
        UNITCOST: l.unitCost,
        EXTENDED: ext(l, l.qty),
        GLACEXPENS: l.account.formatted,
        COMPLETION: done ? (status === 'closed' ? 3 : 2) : 1,
        DTCOMPLETE: done ? Math.min(dtComplete || lastReceipt?.date || 0, yearEnd) : 0,
        ISRECEIVED: l.received > 0 ? 1 : 0,
        STOCKITEM: 0,
      });
    });
    for (const r of receipts) {
      const billed = complete;
      const rStamp = ctx.stamp(r.date);
      const amounts = lines.map((l, j) => ext(l, r.qty[j] ?? 0));
      ctx.insert('PORCPH1', {
        RCPHSEQ: r.seq,
        RCPNUMBER: r.number,
        ...rStamp,
        PORHSEQ: seq,
        PONUMBER: poNumber,
        DATE: r.date,
        POSTDATE: r.date,
        FISCYEAR: String(ctx.year),
        FISCPERIOD: periodOf(r.date),
        VDCODE: vendor.id,
        VDNAME: vendor.name,
        DESCRIPTIO: `Receipt for ${poNumber}`,
        CURRENCY: 'USD',
        EXTENDED: sumAmounts(amounts),
        DOCTOTAL: sumAmounts(amounts),
        LINES: amounts.filter((a) => !a.isZero()).length,
        ISINVOICED: billed ? 1 : 0,
        ISCOMPLETE: billed ? 1 : 0,
        DTCOMPLETE: billed ? r.date : 0,
      });
      const received = lines.map((l, j) => ({ l, j, amount: amounts[j] ?? new Money(0), qty: r.qty[j] ?? 0 })).filter((x) => x.qty > 0);
      received.forEach(({ l, j, amount, qty }, k) => {
        ctx.insert('PORCPL', {
          RCPHSEQ: r.seq,
          RCPLREV: k + 1,
          ...rStamp,
          RCPLSEQ: r.seq * 100 + k + 1,
          PORHSEQ: seq,
          PORLSEQ: seq * 100 + j + 1,
          ITEMNO: l.item,
          ITEMDESC: `Supply item ${l.item}`,
          LOCATION: 'WH1',
          RCPUNIT: 'EA',
          RQRECEIVED: String(qty),
          UNITCOST: l.unitCost,
          EXTENDED: amount,
          GLACEXPENS: l.account.formatted,
        });
      });
      const total = sumAmounts(received.map((x) => x.amount));
      ledger.add({
        ledger: 'PO',
        type: 'RC',
        period: periodOf(r.date),
        date: r.date,
        description: `Receipt ${r.number} ${poNumber}`,
        lines: [
          ...received.map((x) => ({
            acctId: x.l.account.acctId,
            amount: x.amount,
            description: `Receipt-${r.number}`,
            reference: poNumber,
          })),
          { acctId: clearing.acctId, amount: total.negated(), description: `Receipt-${r.number}`, reference: poNumber },
        ],
      });
      if (billed) {
        ap.addDocument({
          vendor,
          kind: 'IN',
          date: Math.min(addDays(r.date, 5), yearEnd),
          source: 'PO',
          poNumber,
          description: `P/O invoice ${poNumber}`,
          lines: [{ account: clearing, amount: total, description: `Receipt ${r.number}` }],
        });
      }
    }
    byStatus[status].push(poNumber);
  }
  return byStatus;
}
