import { describe, expect, it } from 'vitest';
// The references are the two callers' own full parsers, so the scanner is held to exactly what each of them builds.
import { parseDocumentFully, parseResponseXml } from '../connectors/intacct/response-xml.ts';
import { parseXml, parseXmlFully } from '../sandbox/intacct-emulator/xml-node.ts';
import { scanXml, scanXmlObject } from './xml-scan.ts';

// ---- Requests, as the Intacct emulator reads them (scanXml against the emulator's element tree) ----

const line = (i: number, account: string, amount: string) =>
  `<GLENTRY><ACCOUNTNO>${account}</ACCOUNTNO><TR_TYPE>${i % 2 === 0 ? '1' : '-1'}</TR_TYPE><TRX_AMOUNT>${amount}</TRX_AMOUNT><DEPARTMENT>ADM</DEPARTMENT><LOCATION>EA</LOCATION><DESCRIPTION>Line ${i} &amp; more &lt;x&gt; &quot;q&quot; &apos;a&apos;</DESCRIPTION><EMPTY/><EMPTY2></EMPTY2></GLENTRY>`;

/** A request as the Intacct client builds it: declaration, control, session auth, GLBATCH creates. */
function request(functions: number): string {
  const fns = Array.from(
    { length: functions },
    (_, f) =>
      `<function controlid="gl:S300:C:${f}~abc"><create><GLBATCH><JOURNAL>S300GL</JOURNAL><BATCH_DATE>06/0${(f % 9) + 1}/2026</BATCH_DATE><BATCH_TITLE>Entry ${f}</BATCH_TITLE><REFERENCENO>S300:C:${f}:00001</REFERENCENO><ENTRIES>${line(0, '6000', '10.00')}${line(1, '2000', '10.00')}</ENTRIES></GLBATCH></create></function>`,
  ).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><request><control><senderid>s</senderid><password>p&amp;w</password><controlid>c-1</controlid><uniqueid>true</uniqueid><dtdversion>3.0</dtdversion><includewhitespace>false</includewhitespace></control><operation transaction="false"><authentication><sessionid>abc..</sessionid></authentication><content>${fns}<function controlid="r1"><readByQuery><object>GLBATCH</object><query>REFERENCENO = 'S300:C:1:00001'</query><fields>*</fields><pagesize>1</pagesize></readByQuery></function></content></operation></request>`;
}

const PRETTY = `<?xml version="1.0"?>
<request>
  <control>
    <senderid> padded </senderid>
    <controlid>x</controlid>
  </control>
  <operation transaction="true" other='single'>
    <authentication><login><userid>u</userid></login></authentication>
    <content>
      <function controlid=" spaced "><getAPISession /></function>
    </content>
  </operation>
</request>
`;

const REQUEST_EDGE_CASES = [
  request(2),
  PRETTY,
  '<a/>',
  '<a></a>',
  '  <a>x</a>  ',
  '<a>x<b/>y</a>',
  '<a> <b/> </a>',
  '<a>&#39;</a>',
  '<a>&nbsp;</a>',
  '<a>& b</a>',
  '<a>a > b</a>',
  '<a><![CDATA[x]]></a>',
  '<a><!-- c --></a>',
  '<!DOCTYPE a><a/>',
  '<?xml version="1.0"?><?pi x?><a/>',
  ' <?xml version="1.0"?><a/>',
  '<a x="1" x="2"/>',
  '<a x=1/>',
  '<a x/>',
  '<a x="&amp;"/>',
  '<a x=" y "/>',
  '<a x="a>b"/>',
  '<a><b></a></b>',
  '<a></a><b></b>',
  '<a>',
  '</a>',
  '<a>\r\n</a>',
  '<a>x\ty</a>',
  '<constructor/>',
  '<a toString="x"/>',
  '<a:b/>',
  '<1a/>',
  '<a b="1"c="2"/>',
  '<a b = "1"/>',
  'text<a/>',
  '<a/>text',
  '<a>]]></a>',
  '<a>\u00a0x\u00a0</a>',
  '<a>\uffff</a>',
  '<a>\ud800</a>',
  '<a x="1\n2"/>',
  '<a\tx="1"/>',
  '<a\n/>',
  '<a>é€😀</a>',
  '<a isPrototypeOf="x"/>',
  '<a propertyIsEnumerable="1" toLocaleString="2"/>',
];

// ---- Responses, as the Intacct client reads them (scanXmlObject against fast-xml-parser's object) ----

/** The client's always-array elements, in the shape response-xml.ts gives fast-xml-parser. */
const isArray = (tagName: string, jPath: string): boolean =>
  jPath === 'response.operation.result' || jPath.endsWith('.errormessage.error') || jPath === `response.operation.result.data.${tagName}`;

const control =
  '<control><status>success</status><senderid>s</senderid><controlid>c-1</controlid><uniqueid>true</uniqueid><dtdversion>3.0</dtdversion></control>';
const auth =
  '<authentication><status>success</status><userid>u</userid><companyid>C</companyid><locationid></locationid><sessiontimestamp>2026-01-01T00:00:00+00:00</sessiontimestamp><sessiontimeout>2026-01-01T01:00:00+00:00</sessiontimeout></authentication>';
const created = (n: number) =>
  `<result><status>success</status><function>create</function><controlid>gl:S300:A:${n}~abc</controlid><data listtype="objects" count="1"><glbatch><RECORDNO>${100 + n}</RECORDNO></glbatch></data></result>`;
const failed =
  '<result><status>failure</status><function>create</function><controlid>x</controlid><data listtype="objects" count="0"/><errormessage><error><errorno>BL01001973</errorno><description>Invalid reference</description><description2>GL account &apos;9999&apos; referenced by ENTRIES.GLENTRY[1].ACCOUNTNO does not exist &amp; more &lt;x&gt; &quot;q&quot;</description2><correction></correction></error></errormessage></result>';
const read =
  '<result><status>success</status><function>readByQuery</function><controlid>r</controlid><data listtype="vendor" count="2" totalcount="5" numremaining="3" resultId="abc"><vendor><RECORDNO>1</RECORDNO><NAME>Acme &amp; Co</NAME><DISPLAYCONTACT><EMAIL1>a@b</EMAIL1></DISPLAYCONTACT></vendor><vendor><RECORDNO>2</RECORDNO><NAME/></vendor></data></result>';
const legacy = '<result><status>success</status><function>create_invoice</function><controlid>i</controlid><key>42</key></result>';

const RESPONSES = [
  `<?xml version="1.0" encoding="UTF-8"?><response>${control}<operation>${auth}${Array.from({ length: 50 }, (_, i) => created(i)).join('')}</operation></response>`,
  `<?xml version="1.0" encoding="UTF-8"?><response>${control}<operation>${auth}${created(1)}${failed}${read}${legacy}</operation></response>`,
  `<?xml version="1.0" encoding="UTF-8"?><response><control><status>failure</status></control><errormessage><error><errorno>GW-0010</errorno><description></description><description2>rate limit</description2><correction></correction></error></errormessage></response>`,
  `<?xml version="1.0" encoding="UTF-8"?>
<response>
  ${control}
  <operation>
    ${auth}
    ${read}
    <result>
      <status>aborted</status>
      <function>create</function>
      <controlid>y</controlid>
      <errormessage>
        <error><errorno>XL03000009</errorno><description2>rolled back</description2></error>
        <error><errorno>2</errorno></error>
      </errormessage>
    </result>
  </operation>
</response>
`,
  '<response><operation><result><data/></result></operation></response>',
  '<response><operation><result/><result/></operation></response>',
];

const RESPONSE_EDGE_CASES = [
  '<response>&#39;</response>',
  '<response>&nbsp;</response>',
  '<response>&copy;</response>',
  '<response>x<a/>y</response>',
  '<response><![CDATA[x]]></response>',
  '<!DOCTYPE r><response/>',
  '<response a="1" a="2"/>',
  '<response><errormessage error="x"/></response>',
  '<response><constructor/></response>',
  '<response><a x=" y "/></response>',
  '<response>\r\n</response>',
  '<response></responsex>',
  '<response/><response/>',
  '',
  'not xml',
  '<response isPrototypeOf="x"/>',
  '<response><data propertyIsEnumerable="1" toLocaleString="2"/></response>',
];

const REQUEST_ALPHABET = [
  '<',
  '>',
  '&',
  ';',
  '"',
  "'",
  '/',
  '=',
  ' ',
  '\n',
  '\r',
  '\t',
  '!',
  '?',
  '#',
  'x',
  'amp',
  'lt',
  '-',
  ':',
  '\u00a0',
];
const RESPONSE_ALPHABET = [
  '<',
  '>',
  '&',
  ';',
  '"',
  "'",
  '/',
  '=',
  ' ',
  '\n',
  '\r',
  '!',
  '?',
  '#',
  'x',
  'amp',
  'apos',
  'a',
  'result',
  'data',
  'error',
];

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** One to three random edits: a deletion, an inserted token, or a repeated run of up to `maxRepeat` characters. */
function mutate(text: string, random: () => number, alphabet: readonly string[], maxRepeat: number): string {
  let out = text;
  for (let e = 1 + Math.floor(random() * 3); e > 0; e--) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.35) out = out.slice(0, at) + out.slice(at + 1);
    else if (kind < 0.8) out = out.slice(0, at) + alphabet[Math.floor(random() * alphabet.length)]! + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + Math.floor(random() * maxRepeat)) + out.slice(at);
  }
  return out;
}

/** Whatever the scanner accepts, the emulator's validator and parser must accept too, with the identical tree. */
function sameAsEmulatorParser(text: string): boolean {
  const fast = scanXml(text);
  if (!fast) return false;
  expect(parseXmlFully(text), JSON.stringify(text)).toEqual({ ok: true, value: fast });
  return true;
}

/** Whatever the scanner accepts, the client's validator and parser must accept too, into the identical object. */
function sameAsClientParser(xml: string): boolean {
  const fast = scanXmlObject(xml, isArray);
  if (!fast) return false;
  expect(parseDocumentFully(xml), JSON.stringify(xml)).toEqual(fast);
  return true;
}

describe('scanXml (emulator requests)', () => {
  it('reads a client-style request into the same tree as the full parser', () => {
    expect(sameAsEmulatorParser(request(50))).toBe(true);
    expect(sameAsEmulatorParser(PRETTY)).toBe(true);
  });

  it('agrees with the full parser on edge cases, or leaves them to it', () => {
    const outcome = (parse: (text: string) => unknown, text: string): unknown => {
      try {
        return parse(text);
      } catch (error) {
        return { threw: (error as Error).message };
      }
    };
    for (const text of REQUEST_EDGE_CASES) {
      if (scanXml(text)) sameAsEmulatorParser(text);
      // parseXml as a whole behaves exactly like the full path (answer or exception), fast scanner or not.
      expect(outcome(parseXml, text), JSON.stringify(text)).toEqual(outcome(parseXmlFully, text));
    }
  });

  it('never accepts a mutated request the full parser would read differently', () => {
    const random = lcg(4242);
    const bases = [request(1), PRETTY, '<a x="1"><b>t &amp; u</b><c/></a>', '<?xml version="1.0"?><r><s a="b">x</s></r>'];
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      if (sameAsEmulatorParser(mutate(bases[i % bases.length]!, random, REQUEST_ALPHABET, 12))) accepted++;
    }
    // The fuzzing must exercise the accepting path, not only the fallback.
    expect(accepted).toBeGreaterThan(1000);
  });
});

describe('scanXmlObject (client responses)', () => {
  it('reads gateway responses into the object fast-xml-parser builds', () => {
    for (const doc of RESPONSES) expect(sameAsClientParser(doc)).toBe(true);
  });

  it('leaves edge cases to the full parser, which answers as before', () => {
    for (const doc of RESPONSE_EDGE_CASES) {
      sameAsClientParser(doc);
      expect(parseResponseXml(doc).ok, doc).toBe(false);
    }
  });

  it('never accepts a mutated response the full parser would read differently', () => {
    const random = lcg(2024);
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) {
      if (sameAsClientParser(mutate(RESPONSES[i % RESPONSES.length]!, random, RESPONSE_ALPHABET, 40))) accepted++;
    }
    expect(accepted).toBeGreaterThan(500);
  });
});
