/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument --
   these tests walk loosely parsed XML answers; the assertions are the type checks. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntacctEmulator, type IntacctEmulator } from '../../src/sandbox/intacct-emulator/index.ts';
import {
  asList,
  buildRequestXml,
  parseResponseXml,
  postXml,
  type RawFunction,
  type RawRequest,
  type ParsedResponse,
} from '../helpers/intacct-test-client.ts';

let emu: IntacctEmulator;
beforeAll(async () => {
  emu = await startIntacctEmulator({ seed: 7 });
});
afterAll(async () => {
  await emu.stop();
});

const login = () => ({
  login: { userid: emu.credentials.userId, companyid: emu.credentials.companyId, password: emu.credentials.userPassword },
});
let seq = 0;
const fn = (body: Record<string, unknown>, controlid = `f-${++seq}`): RawFunction => ({ controlid, body });

async function call(functions: RawFunction[], extra: Partial<RawRequest> = {}): Promise<ParsedResponse> {
  const xml = buildRequestXml({
    senderId: emu.credentials.senderId,
    senderPassword: emu.credentials.senderPassword,
    auth: login(),
    functions,
    ...extra,
  });
  const res = await postXml(emu.endpoint, xml);
  expect(res.status).toBe(200);
  expect(res.contentType).toBe('text/xml; encoding="UTF-8"');
  expect(res.text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  return parseResponseXml(res.text);
}
const results = (doc: ParsedResponse): any[] => doc.response.operation[0].result;
const errorNos = (r: any): string[] => asList<any>(r.errormessage?.error).map((e) => e.errorno);

const balanced = (date = '01/20/2026', state = 'Posted', amount = '125.50', debit = '6100', credit = '1000') => ({
  create: {
    GLBATCH: {
      JOURNAL: 'GJ',
      BATCH_DATE: date,
      BATCH_TITLE: 'Rent accrual',
      REFERENCENO: 'R-1',
      STATE: state,
      ENTRIES: {
        GLENTRY: [
          { ACCOUNTNO: debit, TR_TYPE: '1', TRX_AMOUNT: amount },
          { ACCOUNTNO: credit, TR_TYPE: '-1', TRX_AMOUNT: amount },
        ],
      },
    },
  },
});

describe('control level', () => {
  it('answers malformed XML with XL03000003 and no <operation>', async () => {
    const res = await postXml(emu.endpoint, '<?xml version="1.0"?><request><control><senderid>x</senderid></request>');
    const doc = parseResponseXml(res.text);
    expect(res.status).toBe(200);
    expect(doc.response.control.status).toBe('failure');
    expect(doc.response.errormessage.error[0].errorno).toBe('XL03000003');
    expect(doc.response.operation).toBeUndefined();
  });

  it('answers elements in the wrong order with XL03000003, echoing the control id', async () => {
    const good = buildRequestXml({
      senderId: emu.credentials.senderId,
      senderPassword: emu.credentials.senderPassword,
      controlId: 'order-1',
      auth: login(),
      functions: [],
    });
    const swapped = good.replace(
      '<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion>',
      '<dtdversion>3.0</dtdversion><uniqueid>false</uniqueid>',
    );
    expect(swapped).not.toBe(good);
    const doc = parseResponseXml((await postXml(emu.endpoint, swapped)).text);
    expect(doc.response.errormessage.error[0].errorno).toBe('XL03000003');
    expect(doc.response.control.controlid).toBe('order-1');
    expect(doc.response.operation).toBeUndefined();
  });

  it('rejects an unknown function element at control level', async () => {
    const doc = await call([fn({ makeMoney: { amount: '1' } })]);
    expect(doc.response.control.status).toBe('failure');
    expect(doc.response.errormessage.error[0].errorno).toBe('XL03000003');
    expect(doc.response.errormessage.error[0].description2).toContain('makeMoney');
  });

  it('rejects a bad sender password with XL03000006 and runs nothing', async () => {
    const before = emu.counts().VENDOR!;
    const doc = await call([fn({ create: { VENDOR: { VENDORID: 'NEVER', NAME: 'Never' } } })], { senderPassword: 'wrong' });
    expect(doc.response.control.status).toBe('failure');
    expect(doc.response.errormessage.error[0]).toMatchObject({
      errorno: 'XL03000006',
      description2: 'Incorrect Intacct XML Partner ID or password.',
    });
    expect(doc.response.operation).toBeUndefined();
    expect(emu.counts().VENDOR).toBe(before);
  });
});

describe('authentication and sessions', () => {
  it('fails a bad login at authentication level without results', async () => {
    const doc = await call([fn({ readByQuery: { object: 'VENDOR', query: '' } })], {
      auth: { login: { userid: emu.credentials.userId, companyid: emu.credentials.companyId, password: 'nope' } },
    });
    const op = doc.response.operation[0];
    expect(doc.response.control.status).toBe('success');
    expect(op.authentication.status).toBe('failure');
    expect(op.errormessage.error[0]).toMatchObject({ errorno: 'XL03000006', description2: 'Sign-in information is incorrect' });
    expect(op.result).toBeUndefined();
  });

  it('fails a login into an unknown entity', async () => {
    const doc = await call([fn({ readByQuery: { object: 'VENDOR', query: '' } })], {
      auth: { login: { ...login().login, locationid: 'MARS' } },
    });
    expect(doc.response.operation[0].authentication.status).toBe('failure');
    expect(doc.response.operation[0].errormessage.error[0].errorno).toBe('XL03000006');
  });

  it('issues a session with getAPISession and accepts it on the next request', async () => {
    const first = await call([fn({ getAPISession: {} })]);
    const auth = first.response.operation[0].authentication;
    expect(auth.sessiontimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    const api = results(first)[0].data.api;
    expect(results(first)[0]).toMatchObject({ status: 'success', function: 'getAPISession' });
    expect(api.endpoint).toBe(emu.endpoint);
    expect(api.locationid).toBe('');
    const second = await call([fn({ readByQuery: { object: 'DEPARTMENT', query: "DEPARTMENTID = 'ADM'" } })], {
      auth: { sessionid: api.sessionid },
    });
    expect(second.response.operation[0].authentication).toMatchObject({ status: 'success', userid: emu.credentials.userId });
    expect(results(second)[0].data.department.DEPARTMENTID).toBe('ADM');
  });

  it('counts each API session it issues, per location, but not a session handed back to its own holder', async () => {
    const entity = emu.entityIds[0]!;
    const before = emu.stats();
    const top = results(await call([fn({ getAPISession: {} })]))[0].data.api.sessionid as string;
    // Asking again on that session at its own level hands the same session back: nothing new is issued.
    const same = results(await call([fn({ getAPISession: {} })], { auth: { sessionid: top } }))[0].data.api.sessionid as string;
    expect(same).toBe(top);
    await call([fn({ getAPISession: { locationid: entity } })], { auth: { sessionid: top } });
    await call([fn({ getAPISession: {} })]);
    const after = emu.stats();
    expect(after.sessionsIssued - before.sessionsIssued).toBe(3);
    expect((after.sessionsByLocation[''] ?? 0) - (before.sessionsByLocation[''] ?? 0)).toBe(2);
    expect((after.sessionsByLocation[entity] ?? 0) - (before.sessionsByLocation[entity] ?? 0)).toBe(1);
    const admin = (await (await fetch(emu.endpoint.replace('/ia/xml/xmlgw.phtml', '/_emulator/stats'))).json()) as {
      sessionsIssued: number;
    };
    expect(admin.sessionsIssued).toBe(after.sessionsIssued);
  });

  it('creates records owned by the entity of an entity session', async () => {
    const entity = emu.entityIds[0]!;
    const s = await call([fn({ getAPISession: { locationid: entity } })]);
    const api = results(s)[0].data.api;
    expect(api.locationid).toBe(entity);
    const created = await call([fn({ create: { CLASS: { CLASSID: 'ENT-CLS', NAME: 'Entity class' } } })], {
      auth: { sessionid: api.sessionid },
    });
    expect(created.response.operation[0].authentication.locationid).toBe(entity);
    const read = await call([fn({ readByQuery: { object: 'CLASS', query: "CLASSID = 'ENT-CLS'", fields: 'CLASSID,MEGAENTITYID' } })]);
    expect(results(read)[0].data.class.MEGAENTITYID).toBe(entity);
  });

  it('fails getAPISession that is not alone in its request', async () => {
    const doc = await call([fn({ getAPISession: {} }), fn({ readByQuery: { object: 'CLASS', query: '' } })]);
    expect(results(doc)[0].status).toBe('failure');
    expect(results(doc)[1].status).toBe('success');
  });

  it('rejects an expired session with XL03000006 "Invalid session"', async () => {
    const s = await call([fn({ getAPISession: {} })]);
    const sessionid = results(s)[0].data.api.sessionid as string;
    emu.expireSessions();
    const doc = await call([fn({ readByQuery: { object: 'VENDOR', query: '' } })], { auth: { sessionid } });
    const op = doc.response.operation[0];
    expect(op.authentication.status).toBe('failure');
    expect(op.errormessage.error[0]).toMatchObject({ errorno: 'XL03000006', description2: 'Invalid session' });
  });

  it('slides the session timeout on every successful call', async () => {
    let t = new Date('2026-03-01T10:00:00Z').getTime();
    const clocked = await startIntacctEmulator({ now: () => new Date(t), sessionTimeoutSec: 60 });
    try {
      const base = { senderId: clocked.credentials.senderId, senderPassword: clocked.credentials.senderPassword };
      const send = async (auth: RawRequest['auth'], body: Record<string, unknown>) =>
        parseResponseXml((await postXml(clocked.endpoint, buildRequestXml({ ...base, auth, functions: [fn(body)] }))).text).response
          .operation[0];
      const first = await send(
        { login: { userid: 'sync_user', companyid: 'SAGEBRIDGE-DEMO', password: 'sandbox-user-pw' } },
        { getAPISession: {} },
      );
      const sessionid = first.result[0].data.api.sessionid as string;
      const ping = { readByQuery: { object: 'CLASS', query: '', pagesize: '1' } };
      t += 50_000;
      expect((await send({ sessionid }, ping)).authentication.status).toBe('success');
      t += 50_000; // 100 s after creation, but only 50 s after the last call
      expect((await send({ sessionid }, ping)).authentication.status).toBe('success');
      t += 61_000;
      expect((await send({ sessionid }, ping)).authentication.status).toBe('failure');
    } finally {
      await clocked.stop();
    }
  });
});

describe('reads and paging', () => {
  beforeAll(async () => {
    const vendors = Array.from({ length: 260 }, (_, i) => ({
      VENDORID: `BULK${String(i).padStart(3, '0')}`,
      NAME: `Bulk vendor ${i}`,
      STATUS: i % 10 === 0 ? 'inactive' : 'active',
    }));
    const chunks = [vendors.slice(0, 100), vendors.slice(100, 200), vendors.slice(200)];
    const doc = await call(chunks.map((c) => fn({ create: { VENDOR: c } })));
    expect(results(doc).map((r) => r.status)).toEqual(['success', 'success', 'success']);
    expect(results(doc)[0].data['@_count']).toBe('100');
    expect(results(doc)[0].data.vendor[0]).toMatchObject({ VENDORID: 'BULK000' });
  });

  it('pages readByQuery with readMore until numremaining is 0', async () => {
    const first = results(
      await call([
        fn({ readByQuery: { object: 'VENDOR', query: "VENDORID LIKE 'BULK%'", fields: 'RECORDNO,VENDORID,NAME', pagesize: '100' } }),
      ]),
    )[0];
    expect(first.data).toMatchObject({ '@_listtype': 'vendor', '@_count': '100', '@_totalcount': '260', '@_numremaining': '160' });
    const ids = new Set<string>(first.data.vendor.map((v: any) => v.VENDORID));
    expect(Object.keys(first.data.vendor[0])).toEqual(['RECORDNO', 'VENDORID', 'NAME']);
    let resultId = first.data['@_resultId'] as string;
    const remaining: string[] = [];
    while (resultId) {
      const page = results(await call([fn({ readMore: { resultId } })]))[0];
      expect(page.function).toBe('readMore');
      for (const v of asList<any>(page.data.vendor)) ids.add(v.VENDORID);
      remaining.push(page.data['@_numremaining']);
      resultId = page.data['@_resultId'];
    }
    expect(remaining).toEqual(['60', '0']);
    expect(ids.size).toBe(260);
    const again = results(await call([fn({ readMore: { resultId: 'no-such-result' } })]))[0];
    expect(again.status).toBe('failure');
  });

  it('filters with the query language and rejects bad queries and page sizes', async () => {
    const rs = results(
      await call([
        fn({
          readByQuery: {
            object: 'vendor',
            query: "VENDORID LIKE 'BULK%' AND (STATUS = 'inactive' OR VENDORID IN ('BULK001'))",
            fields: 'VENDORID',
            pagesize: '1000',
          },
        }),
        fn({ readByQuery: { object: 'VENDOR', query: "NAME = 'unterminated", fields: '*' } }),
        fn({ readByQuery: { object: 'VENDOR', query: '', pagesize: '1001' } }),
        fn({ readByQuery: { object: 'NOPE', query: '' } }),
      ]),
    );
    expect(rs[0].data['@_count']).toBe('27');
    expect(rs[0].data['@_resultId']).toBe('');
    expect(rs.slice(1).map((r) => r.status)).toEqual(['failure', 'failure', 'failure']);
  });

  it('pages query with offset, filter and orderby and answers UPPERCASE elements with selected fields only', async () => {
    const q = (offset: number) =>
      fn({
        query: {
          select: { field: ['VENDORID', 'NAME'] },
          object: 'VENDOR',
          filter: { and: { like: { field: 'VENDORID', value: 'BULK%' }, equalto: { field: 'STATUS', value: 'active' } } },
          orderby: { order: { field: 'VENDORID', descending: '' } },
          options: { caseinsensitive: 'false' },
          pagesize: '100',
          offset: String(offset),
        },
      });
    const [p0, p2] = results(await call([q(0), q(200)]));
    expect(p0.data).toMatchObject({
      '@_listtype': 'VENDOR',
      '@_totalcount': '234',
      '@_offset': '0',
      '@_count': '100',
      '@_numremaining': '134',
    });
    expect(p0.data.VENDOR[0]).toEqual({ VENDORID: 'BULK259', NAME: 'Bulk vendor 259' });
    expect(p2.data).toMatchObject({ '@_count': '34', '@_numremaining': '0' });
  });

  it('reads by RECORDNO and by name with UPPERCASE listtype', async () => {
    const byName = results(await call([fn({ readByName: { object: 'VENDOR', keys: 'V100,V200', fields: '*' } })]))[0];
    expect(byName.data['@_listtype']).toBe('VENDOR');
    const recordNos = byName.data.VENDOR.map((v: any) => v.RECORDNO).join(',');
    const read = results(await call([fn({ read: { object: 'VENDOR', keys: recordNos, fields: 'VENDORID,NAME' } })]))[0];
    expect(read.data['@_count']).toBe('2');
    expect(read.data.VENDOR.map((v: any) => v.VENDORID)).toEqual(['V100', 'V200']);
  });
});

describe('writes', () => {
  it('creates a balanced GLBATCH and refuses an unbalanced one without writing anything', async () => {
    const before = emu.counts();
    const ok = results(await call([fn(balanced())]))[0];
    expect(ok.status).toBe('success');
    expect(ok.data.glbatch.RECORDNO).toMatch(/^\d+$/);
    const afterOk = emu.counts();
    expect([afterOk.GLBATCH! - before.GLBATCH!, afterOk.GLENTRY! - before.GLENTRY!]).toEqual([1, 2]);

    const unbalanced = balanced();
    unbalanced.create.GLBATCH.ENTRIES.GLENTRY[1]!.TRX_AMOUNT = '125.49';
    const bad = results(await call([fn(unbalanced)]))[0];
    expect(bad.status).toBe('failure');
    expect(bad.data['@_count']).toBe('0');
    expect(bad.errormessage.error[0].description2).toContain('not balanced');
    expect(bad.errormessage.error.at(-1).description2).toBe('Could not create Journal Entry record.');
    expect(emu.counts()).toEqual(afterOk);
  });

  it('refuses posting into a closed period', async () => {
    emu.closePeriod('2026-11');
    const r = results(await call([fn(balanced('11/03/2026'))]))[0];
    expect(r.status).toBe('failure');
    expect(r.errormessage.error[0].description).toContain('BATCH_DATE');
  });

  it('reports a duplicate ID with BL01001973 "already exists"', async () => {
    const r = results(await call([fn({ create: { VENDOR: { VENDORID: 'V100', NAME: 'Dup' } } })]))[0];
    expect(r.status).toBe('failure');
    expect(r.errormessage.error[0].errorno).toBe('BL01001973');
    expect(r.errormessage.error[0].description2).toContain('already exists');
  });

  it('updates by ID field and deletes by RECORDNO', async () => {
    const [c] = results(await call([fn({ create: { CUSTOMER: { CUSTOMERID: 'UPD1', NAME: 'Before' } } })]));
    const [u] = results(await call([fn({ update: { CUSTOMER: { CUSTOMERID: 'UPD1', NAME: 'After' } } })]));
    expect(u.data.customer).toEqual({ RECORDNO: c.data.customer.RECORDNO, CUSTOMERID: 'UPD1' });
    const [r] = results(await call([fn({ readByName: { object: 'CUSTOMER', keys: 'UPD1', fields: 'NAME' } })]));
    expect(r.data.CUSTOMER.NAME).toBe('After');
    const [d] = results(await call([fn({ delete: { object: 'CUSTOMER', keys: c.data.customer.RECORDNO } })]));
    expect(d.status).toBe('success');
    expect(d.data).toBeUndefined();
    const [gone] = results(await call([fn({ readByName: { object: 'CUSTOMER', keys: 'UPD1' } })]));
    expect(gone.data['@_count']).toBe('0');
  });

  it('rejects a uniqueid=true replay with XL03000010 and keeps a single record', async () => {
    const before = emu.counts().VENDOR!;
    const f = fn({ create: { VENDOR: { VENDORID: 'ONCE1', NAME: 'Only once' } } }, 'idem-vendor-ONCE1');
    const first = results(await call([f], { uniqueId: true }))[0];
    const replay = results(await call([f], { uniqueId: true }))[0];
    expect(first.status).toBe('success');
    expect(replay.status).toBe('failure');
    expect(replay.errormessage.error[0]).toMatchObject({
      errorno: 'XL03000010',
      description2: "A function with control ID 'idem-vendor-ONCE1' has already been executed successfully (uniqueid=true).",
    });
    expect(emu.counts().VENDOR).toBe(before + 1);
  });

  it('does not remember failed functions and does not check when uniqueid=false', async () => {
    const bad = fn({ create: { VENDOR: { VENDORID: 'LATER1' } } }, 'retry-after-fix');
    expect(results(await call([bad], { uniqueId: true }))[0].status).toBe('failure');
    const fixed = fn({ create: { VENDOR: { VENDORID: 'LATER1', NAME: 'Fixed' } } }, 'retry-after-fix');
    expect(results(await call([fixed], { uniqueId: true }))[0].status).toBe('success');
    const batches = emu.counts().GLBATCH!;
    const f = fn(balanced(), 'not-unique');
    await call([f]);
    await call([f]);
    expect(emu.counts().GLBATCH).toBe(batches + 2);
  });

  it('rolls back a transaction="true" operation: failure + aborted, XL03000009, no partial rows', async () => {
    const before = emu.counts();
    const unbalanced = balanced();
    unbalanced.create.GLBATCH.ENTRIES.GLENTRY[0]!.TRX_AMOUNT = '1.00';
    const functions = [
      fn({ create: { VENDOR: { VENDORID: 'TXN-V', NAME: 'Txn vendor' } } }, 'txn-1'),
      fn(unbalanced, 'txn-2'),
      fn({ create: { CUSTOMER: { CUSTOMERID: 'TXN-C', NAME: 'Txn customer' } } }, 'txn-3'),
    ];
    const rs = results(await call(functions, { transaction: true, uniqueId: true }));
    expect(rs.map((r) => r.status)).toEqual(['aborted', 'failure', 'aborted']);
    expect(errorNos(rs[0])).toEqual(['XL03000009']);
    expect(errorNos(rs[2])).toEqual(['XL03000009']);
    expect(errorNos(rs[1])[0]).toBe('BL01001973');
    expect(errorNos(rs[1]).at(-1)).toBe('XL03000009');
    expect(rs[1].errormessage.error.at(-1).description2).toBe(
      'The entire transaction in this operation has been rolled back due to an error.',
    );
    expect(emu.counts()).toEqual(before);
    // The rolled-back controlids were not recorded: fixing the entry and resending the same ids succeeds.
    functions[1] = fn(balanced(), 'txn-2');
    const retry = results(await call(functions, { transaction: true, uniqueId: true }));
    expect(retry.map((r) => r.status)).toEqual(['success', 'success', 'success']);
  });

  it('runs transaction="false" functions independently', async () => {
    const before = emu.counts();
    const unbalanced = balanced();
    unbalanced.create.GLBATCH.ENTRIES.GLENTRY[0]!.TRX_AMOUNT = '1.00';
    const rs = results(
      await call([
        fn({ create: { CLASS: { CLASSID: 'IND-1', NAME: 'x' } } }),
        fn(unbalanced),
        fn({ create: { CLASS: { CLASSID: 'IND-2', NAME: 'y' } } }),
      ]),
    );
    expect(rs.map((r) => r.status)).toEqual(['success', 'failure', 'success']);
    expect(emu.counts().CLASS).toBe(before.CLASS! + 2);
  });

  it('creates AP bills, AR invoices, AR payments and PO documents', async () => {
    const rs = results(
      await call([
        fn({
          create: {
            APBILL: {
              VENDORID: 'V100',
              WHENCREATED: '01/05/2026',
              WHENDUE: '02/04/2026',
              RECORDID: 'B-1',
              APBILLITEMS: {
                APBILLITEM: [
                  { ACCOUNTNO: '6300', TRX_AMOUNT: '10.10' },
                  { ACCOUNTNO: '6400', TRX_AMOUNT: '5' },
                ],
              },
            },
          },
        }),
        fn({
          create_invoice: {
            customerid: 'C200',
            datecreated: { year: '2026', month: '01', day: '10' },
            invoiceno: 'INV-1',
            invoiceitems: { lineitem: { glaccountno: '4000', amount: '250.00' } },
          },
        }),
        fn({
          create_potransaction: {
            transactiontype: 'Purchase Order',
            datecreated: { year: '2026', month: '01', day: '11' },
            vendorid: 'V200',
            potransitems: { potransitem: { itemid: 'WIDGET', quantity: '3', price: '2.50' } },
          },
        }),
      ]),
    );
    expect(rs.map((r) => r.status)).toEqual(['success', 'success', 'success']);
    expect(rs[1].key).toMatch(/^\d+$/);
    const [bill] = results(
      await call([
        fn({
          query: {
            select: { field: ['RECORDID', 'TOTALENTERED', 'STATE'] },
            object: 'APBILL',
            filter: { equalto: { field: 'RECORDID', value: 'B-1' } },
          },
        }),
      ]),
    );
    expect(bill.data.APBILL).toEqual({ RECORDID: 'B-1', TOTALENTERED: '15.10', STATE: 'Posted' });
    const pay = (amount: string) =>
      fn({
        create: {
          ARPYMT: {
            CUSTOMERID: 'C200',
            RECEIPTDATE: '01/20/2026',
            PAYMENTMETHOD: 'EFT',
            ARPYMTDETAILS: { ARPYMTDETAIL: { RECORDKEY: rs[1].key, TRX_PAYMENTAMOUNT: amount } },
          },
        },
      });
    const [p1, p2] = results(await call([pay('200.00'), pay('50.01')]));
    expect(p1.status).toBe('success');
    expect(p2.status).toBe('failure');
    const [inv] = results(await call([fn({ read: { object: 'ARINVOICE', keys: rs[1].key, fields: 'TOTALDUE,STATE' } })]));
    expect(inv.data.ARINVOICE).toEqual({ TOTALDUE: '50.00', STATE: 'Partially Paid' });
    const [po] = results(await call([fn({ read: { object: 'PODOCUMENT', keys: rs[2].key, fields: 'DOCID,TOTAL' } })]));
    expect(po.data.PODOCUMENT.DOCID).toMatch(/^Purchase Order-/);
    expect(po.data.PODOCUMENT.TOTAL).toBe('7.50');
  });
});

describe('get_trialbalance', () => {
  it('sums posted entries only, with start balance from before the range', async () => {
    const rs = results(
      await call([
        fn(balanced('01/10/2026', 'Posted', '100.00', '1300', '2100')),
        fn(balanced('02/10/2026', 'Posted', '40.25', '1300', '2100')),
        fn(balanced('02/11/2026', 'Posted', '0.75', '2100', '1300')),
        fn(balanced('02/12/2026', 'Draft', '999.00', '1300', '2100')),
        fn(balanced('03/01/2026', 'Posted', '7.00', '1300', '2100')),
      ]),
    );
    expect(rs.every((r) => r.status === 'success')).toBe(true);
    const [tb] = results(
      await call([
        fn({
          get_trialbalance: { startdate: { year: '2026', month: '02', day: '01' }, enddate: { year: '2026', month: '02', day: '28' } },
        }),
      ]),
    );
    const rows = asList<any>(tb.data.trialbalance);
    expect(rows.find((r) => r.glaccountno === '1300')).toEqual({
      glaccountno: '1300',
      startbalance: '100.00',
      debits: '40.25',
      credits: '0.75',
      endbalance: '139.50',
    });
    expect(rows.find((r) => r.glaccountno === '2100')).toEqual({
      glaccountno: '2100',
      startbalance: '-100.00',
      debits: '0.75',
      credits: '40.25',
      endbalance: '-139.50',
    });
    const [byName] = results(await call([fn({ get_trialbalance: { reportingperiodname: 'Month Ended February 2026' } })]));
    expect(asList<any>(byName.data.trialbalance).find((r) => r.glaccountno === '1300').endbalance).toBe('139.50');
  });
});
