import { describe, expect, it } from 'vitest';
import { fn } from './functions.ts';
import { buildRequestXml } from './request-xml.ts';
import type { IntacctFunction } from './types.ts';

const fixed = (f: IntacctFunction, controlId: string): IntacctFunction => ({ ...f, controlId });

describe('buildRequestXml', () => {
  it('writes the DTD 3.0 envelope in schema order (login with entity, one create)', () => {
    const create = fixed(fn.create('VENDOR', { VENDORID: 'V1', NAME: 'Acme' }, { idempotencyKey: 'k' }), 'fc1');
    const xml = buildRequestXml({
      senderId: 'snd',
      senderPassword: 'spw',
      controlId: 'req-1',
      uniqueId: true,
      transaction: false,
      auth: { userId: 'usr', companyId: 'co', password: 'upw', locationId: 'E1' },
      functions: [create],
    });
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>snd</senderid><password>spw</password>' +
        '<controlid>req-1</controlid><uniqueid>true</uniqueid><dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace>' +
        '</control><operation transaction="false"><authentication><login><userid>usr</userid><companyid>co</companyid>' +
        '<password>upw</password><locationid>E1</locationid></login></authentication><content><function controlid="fc1">' +
        '<create><VENDOR><VENDORID>V1</VENDORID><NAME>Acme</NAME></VENDOR></create></function></content></operation></request>',
    );
  });

  it('writes session authentication, transaction="true" and several functions in input order', () => {
    const xml = buildRequestXml({
      senderId: 's',
      senderPassword: 'p',
      controlId: 'c',
      uniqueId: false,
      transaction: true,
      auth: { sessionId: 'sess..' },
      functions: [fixed(fn.readMore('R1'), 'a'), fixed(fn.read('CLASS', ['1', '2']), 'b')],
    });
    expect(xml).toContain('<operation transaction="true"><authentication><sessionid>sess..</sessionid></authentication>');
    expect(xml).toContain(
      '<content><function controlid="a"><readMore><resultId>R1</resultId></readMore></function>' +
        '<function controlid="b"><read><object>CLASS</object><keys>1,2</keys><fields>*</fields></read></function></content>',
    );
    expect(xml).toContain('<uniqueid>false</uniqueid>');
  });

  it('escapes < and & in values and passwords', () => {
    const f = fixed(fn.readByQuery('CLASS', "RECORDNO < 2 AND NAME = 'R&D'"), 'q');
    const xml = buildRequestXml({
      senderId: 's',
      senderPassword: 'p<&',
      controlId: 'c',
      uniqueId: false,
      transaction: false,
      auth: { sessionId: 'x' },
      functions: [f],
    });
    expect(xml).toContain('<password>p&lt;&amp;</password>');
    expect(xml).toContain('<query>RECORDNO &lt; 2 AND NAME = &apos;R&amp;D&apos;</query>');
    expect(xml).not.toContain('R&D');
  });
});

describe('fn builders', () => {
  const body = (f: IntacctFunction) =>
    buildRequestXml({
      senderId: 's',
      senderPassword: 'p',
      controlId: 'c',
      uniqueId: false,
      transaction: false,
      auth: { sessionId: 'x' },
      functions: [fixed(f, 'f')],
    })
      .replace(/^.*<function controlid="f">/, '')
      .replace(/<\/function>.*$/, '');

  it('creates nested lines as repeated elements and keeps amounts as given', () => {
    const f = fn.create(
      'GLBATCH',
      { JOURNAL: 'GJ', ENTRIES: { GLENTRY: [{ TRX_AMOUNT: '1456.54' }, { TRX_AMOUNT: '0.10' }] } },
      { idempotencyKey: 'je-1' },
    );
    expect(body(f)).toBe(
      '<create><GLBATCH><JOURNAL>GJ</JOURNAL><ENTRIES><GLENTRY><TRX_AMOUNT>1456.54</TRX_AMOUNT></GLENTRY><GLENTRY><TRX_AMOUNT>0.10</TRX_AMOUNT></GLENTRY></ENTRIES></GLBATCH></create>',
    );
    expect(f.write).toBe(true);
  });

  it('refuses fractional numbers (money must be a string) and bad element names', () => {
    expect(() => fn.create('GLBATCH', { TRX_AMOUNT: 0.1 + 0.2 }, { idempotencyKey: 'k' })).toThrow(/strings/);
    expect(() => fn.create('VENDOR', { 'NAME><x': 'a' }, { idempotencyKey: 'k' })).toThrow(/element name/);
  });

  it('derives the controlid from the idempotency key and a default read-back on the ID field', () => {
    const f = fn.create('VENDOR', { VENDORID: "O'Brien", NAME: 'x' }, { idempotencyKey: 'vendor:obrien' });
    expect(f.controlId).toBe(fn.create('VENDOR', {}, { idempotencyKey: 'vendor:obrien' }).controlId);
    expect(f.readBack).toEqual({ object: 'VENDOR', query: "VENDORID = 'O\\'Brien'" });
    expect(fn.create('GLBATCH', { JOURNAL: 'GJ' }, { idempotencyKey: 'k' }).readBack).toBeUndefined();
    const spec = { object: 'GLBATCH', query: "REFERENCENO = 'R1'" };
    expect(fn.create('GLBATCH', { JOURNAL: 'GJ' }, { idempotencyKey: 'k', readBack: spec }).readBack).toEqual(spec);
  });

  it('writes query children in SDK order with filters, order and paging', () => {
    const f = fn.query(
      {
        object: 'APBILL',
        select: ['RECORDNO', 'TOTALDUE'],
        filter: {
          and: [
            { op: 'equalto', field: 'VENDORID', value: 'Acme' },
            { op: 'in', field: 'STATE', value: ['Posted', 'Paid'] },
            { op: 'isnull', field: 'X' },
          ],
        },
        orderBy: [{ field: 'TOTALDUE', descending: true }],
        caseInsensitive: true,
      },
      { pageSize: 200, offset: 400 },
    );
    expect(body(f)).toBe(
      '<query><select><field>RECORDNO</field><field>TOTALDUE</field></select><object>APBILL</object><filter><and>' +
        '<equalto><field>VENDORID</field><value>Acme</value></equalto><in><field>STATE</field><value>Posted</value><value>Paid</value></in>' +
        '<isnull><field>X</field></isnull></and></filter><orderby><order><field>TOTALDUE</field><descending></descending></order></orderby>' +
        '<options><caseinsensitive>true</caseinsensitive></options><pagesize>200</pagesize><offset>400</offset></query>',
    );
  });

  it('writes readByQuery with fields and page size', () => {
    expect(body(fn.readByQuery('VENDOR', '', { fields: ['RECORDNO', 'VENDORID'], pageSize: 500 }))).toBe(
      '<readByQuery><object>VENDOR</object><query></query><fields>RECORDNO,VENDORID</fields><pagesize>500</pagesize></readByQuery>',
    );
  });

  it('writes create_invoice in DTD order with ISO dates split into year/month/day', () => {
    const f = fn.createInvoice(
      {
        invoiceitems: { lineitem: [{ glaccountno: '4000', amount: '76343.43' }] },
        datedue: '2026-04-14',
        customerid: 'C1',
        datecreated: '2026-03-15',
        invoiceno: 'INV-1',
      },
      { idempotencyKey: 'inv-1' },
    );
    expect(body(f)).toBe(
      '<create_invoice><customerid>C1</customerid><datecreated><year>2026</year><month>03</month><day>15</day></datecreated>' +
        '<datedue><year>2026</year><month>04</month><day>14</day></datedue><invoiceno>INV-1</invoiceno>' +
        '<invoiceitems><lineitem><glaccountno>4000</glaccountno><amount>76343.43</amount></lineitem></invoiceitems></create_invoice>',
    );
    expect(() => fn.createInvoice({ customerid: 'C1', datecreated: '03/15/2026' }, { idempotencyKey: 'x' })).toThrow(/ISO date/);
  });

  it('writes create_potransaction with the transaction type first', () => {
    const f = fn.createPoTransaction(
      {
        vendorid: 'V1',
        potransitems: { potransitem: [{ itemid: 'W', quantity: '1' }] },
        transactiontype: 'Purchase Order',
        datecreated: '2026-03-15',
      },
      { idempotencyKey: 'po-1' },
    );
    expect(body(f)).toMatch(
      /^<create_potransaction><transactiontype>Purchase Order<\/transactiontype><datecreated>.*<\/datecreated><vendorid>V1<\/vendorid><potransitems>/,
    );
  });

  it('writes get_trialbalance by period or by date range', () => {
    expect(body(fn.getTrialBalance({ reportingPeriodName: 'Month Ended March 2026' }))).toBe(
      '<get_trialbalance><reportingperiodname>Month Ended March 2026</reportingperiodname></get_trialbalance>',
    );
    expect(body(fn.getTrialBalance({ startDate: '2026-03-01', endDate: '2026-03-31' }))).toBe(
      '<get_trialbalance><startdate><year>2026</year><month>03</month><day>01</day></startdate><enddate><year>2026</year><month>03</month><day>31</day></enddate></get_trialbalance>',
    );
  });

  it('writes delete with comma-joined keys as a write', () => {
    const f = fn.delete('GLBATCH', ['12', '13'], { idempotencyKey: 'del' });
    expect(body(f)).toBe('<delete><object>GLBATCH</object><keys>12,13</keys></delete>');
    expect(f.write).toBe(true);
  });
});
