import { describe, expect, it } from 'vitest';
import { parseResponseXml, type ParsedResponse } from './response-xml.ts';

function ok(xml: string): ParsedResponse {
  const r = parseResponseXml(xml);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const CONTROL =
  '<control><status>success</status><senderid>snd</senderid><controlid>rq</controlid><uniqueid>true</uniqueid><dtdversion>3.0</dtdversion></control>';
const AUTH =
  '<authentication><status>success</status><userid>u1</userid><companyid>co1</companyid><locationid>E7</locationid>' +
  '<sessiontimestamp>2026-02-01T09:00:00-08:00</sessiontimestamp><sessiontimeout>2026-02-01T11:10:00-08:00</sessiontimeout></authentication>';
const wrap = (results: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<response>\n  ${CONTROL}\n  <operation>${AUTH}${results}</operation>\n</response>`;

describe('parseResponseXml: status levels', () => {
  it('reads control and authentication fields', () => {
    const p = ok(wrap(''));
    expect(p.control).toEqual({ status: 'success', senderId: 'snd', controlId: 'rq', uniqueId: 'true', dtdVersion: '3.0' });
    expect(p.authentication).toEqual({
      status: 'success',
      userId: 'u1',
      companyId: 'co1',
      locationId: 'E7',
      sessionTimestamp: '2026-02-01T09:00:00-08:00',
      sessionTimeout: '2026-02-01T11:10:00-08:00',
    });
    expect(p.results).toEqual([]);
  });

  it('returns control-level errors and no operation on control failure', () => {
    const p = ok(
      '<response><control><status>failure</status></control><errormessage><error><errorno>GW-0010</errorno><description>Too many requests</description></error></errormessage></response>',
    );
    expect(p.control.status).toBe('failure');
    expect(p.authentication).toBeUndefined();
    expect(p.errors).toEqual([{ errorno: 'GW-0010', description: 'Too many requests' }]);
  });

  it('returns authentication errors and no results on authentication failure', () => {
    const p = ok(
      `<response>${CONTROL}<operation><authentication><status>failure</status><userid>u</userid><companyid>c</companyid><locationid/></authentication>` +
        '<errormessage><error><errorno>XL03000006</errorno><description></description><description2>Sign-in information is incorrect</description2><correction></correction></error></errormessage></operation></response>',
    );
    expect(p.authentication?.status).toBe('failure');
    expect(p.results).toEqual([]);
    expect(p.errors).toEqual([{ errorno: 'XL03000006', description2: 'Sign-in information is incorrect' }]);
  });

  it('reads success, failure and aborted results with all their errors, in order', () => {
    const p = ok(
      wrap(
        '<result><status>aborted</status><function>create</function><controlid>a</controlid><errormessage><error><errorno>XL03000009</errorno><description2>rolled back</description2></error></errormessage></result>' +
          '<result><status>failure</status><function>create</function><controlid>b</controlid><data listtype="objects" count="0"/><errormessage>' +
          '<error><errorno>BL01001973</errorno><description>Duplicate account number</description><description2>The account number &#039;5000.11&#039; already exists</description2><correction>Enter unique account number</correction></error>' +
          '<error><errorno>XL03000009</errorno><description2>rolled back</description2></error></errormessage></result>' +
          '<result><status>success</status><function>delete</function><controlid>c</controlid></result>',
      ),
    );
    expect(p.results.map((r) => [r.status, r.controlId, r.errors.length])).toEqual([
      ['aborted', 'a', 1],
      ['failure', 'b', 2],
      ['success', 'c', 0],
    ]);
    expect(p.results[1]!.errors[0]!.description2).toBe("The account number '5000.11' already exists");
    expect(p.results[1]!.data).toEqual([]);
  });
});

describe('parseResponseXml: data shapes', () => {
  it('reads a readByQuery page: lowercase records, paging attributes, values as strings', () => {
    const r = ok(
      wrap(
        '<result><status>success</status><function>readByQuery</function><controlid>q</controlid>' +
          '<data listtype="vendor" count="2" totalcount="5" numremaining="3" resultId="RID-9">' +
          '<vendor><RECORDNO>0012</RECORDNO><VENDORID>V1</VENDORID><CREDITLIMIT>1000.50</CREDITLIMIT><NOTE></NOTE></vendor>' +
          '<vendor><RECORDNO>13</RECORDNO><VENDORID>V2</VENDORID><CREDITLIMIT>1e3</CREDITLIMIT><NOTE/></vendor></data></result>',
      ),
    ).results[0]!;
    expect(r).toMatchObject({ listType: 'vendor', count: 2, totalCount: 5, numRemaining: 3, resultId: 'RID-9' });
    expect(r.data).toEqual([
      { RECORDNO: '0012', VENDORID: 'V1', CREDITLIMIT: '1000.50', NOTE: '' },
      { RECORDNO: '13', VENDORID: 'V2', CREDITLIMIT: '1e3', NOTE: '' },
    ]);
  });

  it('keeps one record as a one-element array, and an empty page as no records', () => {
    const one = ok(
      wrap(
        '<result><status>success</status><function>readByQuery</function><controlid>q</controlid><data listtype="class" count="1" totalcount="1" numremaining="0" resultId=""><class><CLASSID>C1</CLASSID></class></data></result>',
      ),
    );
    expect(one.results[0]!.data).toEqual([{ CLASSID: 'C1' }]);
    expect(one.results[0]!.resultId).toBeUndefined();
    const none = ok(
      wrap(
        '<result><status>success</status><function>readByQuery</function><controlid>q</controlid><data listtype="department" count="0" totalcount="0" numremaining="0" resultId=""/></result>',
      ),
    );
    expect(none.results[0]!.data).toEqual([]);
    expect(none.results[0]!.numRemaining).toBe(0);
  });

  it('reads a query page with UPPERCASE records, offset and dotted fields', () => {
    const r = ok(
      wrap(
        '<result><status>success</status><function>query</function><controlid>q</controlid><data listtype="GLBATCH" totalcount="3" offset="2" count="1" numremaining="0">' +
          '<GLBATCH><RECORDNO>7</RECORDNO><JOURNAL.SYMBOL>GJ</JOURNAL.SYMBOL></GLBATCH></data></result>',
      ),
    ).results[0]!;
    expect(r).toMatchObject({ listType: 'GLBATCH', totalCount: 3, offset: 2, count: 1, numRemaining: 0 });
    expect(r.data).toEqual([{ RECORDNO: '7', 'JOURNAL.SYMBOL': 'GJ' }]);
  });

  it('reads a legacy <key>, a generic create data block, and getAPISession data', () => {
    const p = ok(
      wrap(
        '<result><status>success</status><function>create_invoice</function><controlid>i</controlid><key>4411</key></result>' +
          '<result><status>success</status><function>create</function><controlid>c</controlid><data listtype="objects" count="1"><vendor><RECORDNO>88</RECORDNO><VENDORID>V9</VENDORID></vendor></data></result>' +
          '<result><status>success</status><function>getAPISession</function><controlid>s</controlid><data><api><sessionid>S..</sessionid><endpoint>https://x.example/ia/xml/xmlgw.phtml</endpoint><locationid></locationid></api></data></result>',
      ),
    );
    expect(p.results[0]!.key).toBe('4411');
    expect(p.results[1]!.data).toEqual([{ RECORDNO: '88', VENDORID: 'V9' }]);
    expect(p.results[2]!.data[0]).toEqual({ sessionid: 'S..', endpoint: 'https://x.example/ia/xml/xmlgw.phtml', locationid: '' });
  });

  it('keeps repeated nested lines as arrays and a single nested line as an object', () => {
    const r = ok(
      wrap(
        '<result><status>success</status><function>read</function><controlid>r</controlid><data listtype="GLBATCH" count="1"><GLBATCH><ENTRIES><GLENTRY><A>1</A></GLENTRY><GLENTRY><A>2</A></GLENTRY></ENTRIES></GLBATCH></data></result>',
      ),
    ).results[0]!;
    expect(r.data[0]).toEqual({ ENTRIES: { GLENTRY: [{ A: '1' }, { A: '2' }] } });
  });
});

describe('parseResponseXml: malformed or unexpected input is a transport error', () => {
  const cases: [string, string, RegExp][] = [
    ['truncated XML', `<response>${CONTROL}<operation>`, /malformed XML/],
    ['not XML', 'Service Unavailable', /malformed XML|root element/],
    ['wrong root', '<html><body>502</body></html>', /root element is not <response>/],
    ['no control', '<response><operation/></response>', /missing <control>/],
    ['odd control status', '<response><control><status>maybe</status></control></response>', /unexpected status "maybe"/],
    ['success without operation', `<response>${CONTROL}</response>`, /missing <operation>/],
    ['operation without authentication', `<response>${CONTROL}<operation><result/></operation></response>`, /missing <authentication>/],
    ['result without controlid', wrap('<result><status>success</status><function>read</function></result>'), /controlid/],
    [
      'unknown result status',
      wrap('<result><status>pending</status><function>read</function><controlid>x</controlid></result>'),
      /unexpected status "pending"/,
    ],
    [
      'non-numeric count',
      wrap('<result><status>success</status><function>read</function><controlid>x</controlid><data count="many"/></result>'),
      /not a count/,
    ],
  ];
  it.each(cases)('%s', (_name, xml, message) => {
    const r = parseResponseXml(xml);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('transport');
    expect(r.error.message).toMatch(message);
  });
});
