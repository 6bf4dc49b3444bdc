/* eslint-disable @typescript-eslint/no-explicit-any --
   these tests walk loosely parsed XML answers; the assertions are the type checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntacctEmulator, type IntacctEmulator } from '../../src/sandbox/intacct-emulator/index.ts';
import { asList, buildRequestXml, parseResponseXml, postXml, type RawFunction } from '../helpers/intacct-test-client.ts';

let emu: IntacctEmulator;
let vendor: string;
beforeAll(async () => {
  emu = await startIntacctEmulator({ seed: 7 });
  vendor = (emu.db.prepare("SELECT id FROM records WHERE object = 'VENDOR' ORDER BY recordno LIMIT 1").get() as { id: string }).id;
});
afterAll(async () => {
  await emu.stop();
});

let seq = 0;
async function run(body: Record<string, unknown>): Promise<any> {
  const functions: RawFunction[] = [{ controlid: `po-${++seq}`, body }];
  const c = emu.credentials;
  const xml = buildRequestXml({
    senderId: c.senderId,
    senderPassword: c.senderPassword,
    auth: { login: { userid: c.userId, companyid: c.companyId, password: c.userPassword } },
    functions,
  });
  return parseResponseXml((await postXml(emu.endpoint, xml)).text).response.operation[0].result[0];
}
const doc = (docId: string): any =>
  JSON.parse((emu.db.prepare("SELECT data FROM records WHERE object = 'PODOCUMENT' AND id = ?").get(docId) as { data: string }).data);
const descriptions = (r: any): string =>
  asList<any>(r.errormessage?.error)
    .map((e) => `${e.description ?? ''} ${e.description2 ?? ''}`)
    .join(' | ');
const date = { year: '2026', month: '03', day: '02' };

async function order(number: string, state?: string): Promise<string> {
  const r = await run({
    create_potransaction: {
      transactiontype: 'Purchase Order',
      datecreated: date,
      vendorid: vendor,
      documentno: number,
      ...(state ? { state } : {}),
      potransitems: {
        potransitem: [
          { itemid: 'SUP-1', quantity: '10', price: '2.5' },
          { itemid: 'SUP-2', quantity: '4', price: '10' },
        ],
      },
    },
  });
  expect(r.status).toBe('success');
  return `Purchase Order-${number}`;
}
const receive = (from: string, items: Record<string, string>[]) =>
  run({
    create_potransaction: {
      transactiontype: 'PO Receiver',
      datecreated: date,
      createdfrom: from,
      vendorid: vendor,
      potransitems: { potransitem: items },
    },
  });

describe('PO Receiver created from a Purchase Order', () => {
  it('moves the order to Partially Converted, then Converted, and records the converted quantity per line', async () => {
    const po = await order('W-1');
    expect((await receive(po, [{ itemid: 'SUP-1', quantity: '4', sourcelinekey: '0' }])).status).toBe('success');
    expect(doc(po).STATE).toBe('Partially Converted');
    expect(doc(po).PODOCUMENTENTRIES.PODOCUMENTENTRY[0].QTY_CONVERTED).toBe('4');
    // Without sourcelinekey the line is found by item.
    expect(
      (
        await receive(po, [
          { itemid: 'SUP-1', quantity: '6' },
          { itemid: 'SUP-2', quantity: '4' },
        ])
      ).status,
    ).toBe('success');
    expect(doc(po).STATE).toBe('Converted');
    const receivers = emu.db
      .prepare("SELECT COUNT(*) n FROM records WHERE object = 'PODOCUMENT' AND json_extract(data, '$.CREATEDFROM') = ?")
      .get(po) as { n: number };
    expect(receivers.n).toBe(2);
  });

  it('refuses to receive more than is left, and leaves the order unchanged', async () => {
    const po = await order('W-2');
    const r = await receive(po, [{ itemid: 'SUP-2', quantity: '5', sourcelinekey: '1' }]);
    expect(r.status).toBe('failure');
    expect(descriptions(r)).toContain('exceeds the 4 left');
    expect(doc(po).STATE).toBe('Pending');
  });

  it('refuses a missing source, another vendor, and a closed or draft order', async () => {
    expect(descriptions(await receive('Purchase Order-NOPE', [{ itemid: 'SUP-1', quantity: '1' }]))).toContain('does not exist');
    const po = await order('W-3');
    const other = await run({
      create_potransaction: {
        transactiontype: 'PO Receiver',
        datecreated: date,
        createdfrom: po,
        vendorid: 'SOMEONE-ELSE',
        potransitems: { potransitem: [{ itemid: 'SUP-1', quantity: '1' }] },
      },
    });
    expect(other.status).toBe('failure');
    expect((await run({ update_potransaction: { '@_key': po, state: 'Closed' } })).status).toBe('success');
    expect(doc(po).STATE).toBe('Closed');
    expect(descriptions(await receive(po, [{ itemid: 'SUP-1', quantity: '1' }]))).toContain('is Closed and cannot be converted');
    const draft = await order('W-4', 'Draft');
    expect(descriptions(await receive(draft, [{ itemid: 'SUP-1', quantity: '1' }]))).toContain('is Draft');
  });
});

describe('update_potransaction', () => {
  it('releases a draft, refuses reopening a closed order, and answers other fields as not emulated', async () => {
    const draft = await order('W-5', 'Draft');
    expect((await run({ update_potransaction: { '@_key': draft, state: 'Pending' } })).status).toBe('success');
    expect(doc(draft).STATE).toBe('Pending');
    expect((await run({ update_potransaction: { '@_key': draft, state: 'Closed' } })).status).toBe('success');
    const reopen = await run({ update_potransaction: { '@_key': draft, state: 'Pending' } });
    expect(reopen.status).toBe('failure');
    expect(descriptions(reopen)).toContain('cannot become Pending');
    const other = await run({ update_potransaction: { '@_key': draft, message: 'hello' } });
    expect(other.status).toBe('failure');
    expect(asList<any>(other.errormessage.error)[0].errorno).toBe('DL02000002');
  });
});

describe('approve / decline', () => {
  it('holds posted orders as Submitted when the definition needs approval; approve releases, decline refuses them', async () => {
    expect((await run({ create: { PODOCUMENTPARAMS: { DOCID: 'Approved Order', ENABLE_APPROVALS: 'true' } } })).status).toBe('success');
    const create = async (number: string): Promise<unknown> =>
      run({
        create_potransaction: {
          transactiontype: 'Approved Order',
          datecreated: date,
          vendorid: vendor,
          documentno: number,
          potransitems: { potransitem: [{ itemid: 'SUP-1', quantity: '1' }] },
        },
      });
    expect(((await create('A-1')) as any).status).toBe('success');
    expect(((await create('A-2')) as any).status).toBe('success');
    expect(doc('Approved Order-A-1').STATE).toBe('Submitted');
    expect(descriptions(await receive('Approved Order-A-1', [{ itemid: 'SUP-1', quantity: '1' }]))).toContain('is Submitted');
    expect((await run({ approve: { PODOCUMENT: { DOCID: 'Approved Order-A-1', COMMENT: 'ok' } } })).status).toBe('success');
    expect(doc('Approved Order-A-1').STATE).toBe('Pending');
    expect(descriptions(await run({ approve: { PODOCUMENT: { DOCID: 'Approved Order-A-1' } } }))).toContain('only a Submitted transaction');
    expect((await run({ decline: { PODOCUMENT: { DOCID: 'Approved Order-A-2' } } })).status).toBe('success');
    expect(doc('Approved Order-A-2').STATE).toBe('Declined');
    // A definition without approvals posts straight to Pending.
    expect(doc(await order('A-3')).STATE).toBe('Pending');
  });
});
