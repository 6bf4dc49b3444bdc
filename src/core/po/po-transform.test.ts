import { describe, expect, it } from 'vitest';
import { parseMappings } from '../mapping/load-mappings.ts';
import { createMappingEngine } from '../mapping/index.ts';
import { csvOf, filesWith } from '../mapping/tables.test-support.ts';
import type { PoSourceLine, PoSourceOrder, PoTargetDocument } from '../ports/po-ports.ts';
import { linksOf, statusChanges, transformOrder } from './po-transform.ts';

const parsed = parseMappings(
  filesWith({
    'accounts.csv': csvOf('accounts.csv', '10,6500-*-*,6500,=department,=region,,,,,'),
    'dimensions.csv': csvOf('dimensions.csv', 'department,OPS,DEPARTMENT,OPS', 'region,EA,LOCATION,EAST'),
    'vendors.csv': csvOf('vendors.csv', 'V1,IV-1'),
    'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,no tax'),
    'payment-terms.csv': csvOf('payment-terms.csv', 'NET30,N30'),
    'items.csv': csvOf('items.csv', 'SUP-1,ITM-0001,paper', 'SUP-2,ITM-0002,'),
  }),
);
if (!parsed.ok) throw new Error('bad fixture');
const engine = createMappingEngine(parsed.value, { segmentNames: ['account', 'department', 'region'] });

const line = (over: Partial<PoSourceLine> = {}): PoSourceLine => ({
  line: 1,
  itemNumber: 'SUP-1',
  description: 'Paper',
  unit: 'EA',
  location: 'WH1',
  ordered: '10',
  received: '4',
  canceled: '0',
  outstanding: '6',
  unitCost: '2.500000',
  account: '6500-OPS-EA',
  completed: false,
  ...over,
});
const order = (over: Partial<PoSourceOrder> = {}): PoSourceOrder => ({
  sequence: 7,
  poNumber: 'PO1',
  vendorId: 'V1',
  date: '2026-03-02',
  expectedArrival: '2026-03-16',
  onHold: false,
  complete: false,
  description: 'Supplies',
  currency: 'USD',
  lines: [line(), line({ line: 2, itemNumber: 'SUP-2', outstanding: '0', received: '10', completed: true })],
  ...over,
});

describe('Sage 300 PO → Intacct Purchase Order', () => {
  it('sends each open line for its outstanding quantity with mapped dimensions, and stamps the origin', () => {
    const r = transformOrder(order(), 'SAMINC', 'IV-1', engine);
    if (!r.ok) throw new Error(r.problem.message);
    expect(r.value.total).toBe('15.00');
    expect(r.value.payload).toMatchObject({
      transaction: {
        transactiontype: 'Purchase Order',
        vendorid: 'IV-1',
        documentno: 'PO1',
        externalid: 'S300:SAMINC:PO1',
        state: 'Pending',
        datecreated: '2026-03-02',
        potransitems: { potransitem: [{ itemid: 'ITM-0001', quantity: '6', price: '2.5', departmentid: 'OPS', locationid: 'EAST' }] },
      },
    });
    expect(linksOf(r.value.payload)).toEqual([{ line: 1, baseline: '4' }]);
  });

  it('creates an order on hold as a draft', () => {
    const r = transformOrder(order({ onHold: true }), 'SAMINC', 'IV-1', engine);
    expect(r.ok && (r.value.payload as { transaction: { state: string } }).transaction.state).toBe('Draft');
  });

  it('refuses a line whose account no rule maps, naming the line', () => {
    const r = transformOrder(order({ lines: [line({ line: 3, account: '6990-ADM-EA' })] }), 'SAMINC', 'IV-1', engine);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.class).toBe('mapping');
      expect(r.problem.message).toContain('line 3');
    }
  });

  it('refuses an order with an item items.csv does not map, naming the item and the row to add', () => {
    const r = transformOrder(order({ lines: [line(), line({ line: 4, itemNumber: 'SUP-404' })] }), 'SAMINC', 'IV-1', engine);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problem.class).toBe('mapping');
      expect(r.problem.message).toContain('line 4: item "SUP-404"');
      expect(r.problem.message).not.toContain('line 1');
      expect(r.problem.fix).toContain('add the row "SUP-404,<Intacct ITEMID>," to items.csv');
    }
  });
});

describe('Intacct status → Sage 300 writes', () => {
  const doc = (state: string, converted: string): PoTargetDocument => ({
    recordNo: '9',
    docId: 'Purchase Order-PO1',
    externalId: 'S300:SAMINC:PO1',
    state,
    lines: [{ lineNo: 0, quantity: '6', converted }],
  });
  const links = [{ line: 1, baseline: '4' }];

  it('receives in Sage 300 only what Intacct converted beyond what Sage 300 shows', () => {
    const changes = statusChanges(order(), doc('Partially Converted', '2'), links);
    expect(changes).toMatchObject([{ op: 'receive', lines: [{ line: 1, quantity: '2' }] }]);
    // Once Sage 300 shows it, there is nothing left to write.
    expect(statusChanges(order({ lines: [line({ received: '6', outstanding: '4' })] }), doc('Partially Converted', '2'), links)).toEqual(
      [],
    );
  });

  it('holds, releases and completes by the Intacct state, and never touches a completed order', () => {
    expect(statusChanges(order(), doc('Draft', '0'), links)).toEqual([{ op: 'hold', onHold: true }]);
    expect(statusChanges(order({ onHold: true }), doc('Pending', '0'), links)).toEqual([{ op: 'hold', onHold: false }]);
    expect(statusChanges(order(), doc('Closed', '0'), links)).toEqual([{ op: 'complete' }]);
    expect(statusChanges(order({ complete: true }), doc('Closed', '6'), links)).toEqual([]);
  });

  it('gives two receipts of the same quantity at different times different references', () => {
    const first = statusChanges(order(), doc('Partially Converted', '2'), links)[0];
    const second = statusChanges(order({ lines: [line({ received: '6', outstanding: '4' })] }), doc('Partially Converted', '4'), links)[0];
    expect(first?.op === 'receive' && second?.op === 'receive' && first.reference !== second.reference).toBe(true);
  });
});
