import { describe, expect, it } from 'vitest';
import { scanResponse } from './response-scan.ts';
import { parseDocumentFully, parseResponseXml } from './response-xml.ts';

const isArray = (tagName: string, jPath: string): boolean =>
  jPath === 'response.operation.result' || jPath.endsWith('.errormessage.error') || jPath === `response.operation.result.data.${tagName}`;

const control = '<control><status>success</status><senderid>s</senderid><controlid>c-1</controlid><uniqueid>true</uniqueid><dtdversion>3.0</dtdversion></control>';
const auth = '<authentication><status>success</status><userid>u</userid><companyid>C</companyid><locationid></locationid><sessiontimestamp>2026-01-01T00:00:00+00:00</sessiontimestamp><sessiontimeout>2026-01-01T01:00:00+00:00</sessiontimeout></authentication>';
const created = (n: number) =>
  `<result><status>success</status><function>create</function><controlid>gl:S300:A:${n}~abc</controlid><data listtype="objects" count="1"><glbatch><RECORDNO>${100 + n}</RECORDNO></glbatch></data></result>`;
const failed =
  '<result><status>failure</status><function>create</function><controlid>x</controlid><data listtype="objects" count="0"/><errormessage><error><errorno>BL01001973</errorno><description>Invalid reference</description><description2>GL account &apos;9999&apos; referenced by ENTRIES.GLENTRY[1].ACCOUNTNO does not exist &amp; more &lt;x&gt; &quot;q&quot;</description2><correction></correction></error></errormessage></result>';
const read =
  '<result><status>success</status><function>readByQuery</function><controlid>r</controlid><data listtype="vendor" count="2" totalcount="5" numremaining="3" resultId="abc"><vendor><RECORDNO>1</RECORDNO><NAME>Acme &amp; Co</NAME><DISPLAYCONTACT><EMAIL1>a@b</EMAIL1></DISPLAYCONTACT></vendor><vendor><RECORDNO>2</RECORDNO><NAME/></vendor></data></result>';
const legacy = '<result><status>success</status><function>create_invoice</function><controlid>i</controlid><key>42</key></result>';

const DOCS = [
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

const EDGE_CASES = [
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
];

const ALPHABET = ['<', '>', '&', ';', '"', "'", '/', '=', ' ', '\n', '\r', '!', '?', '#', 'x', 'amp', 'apos', 'a', 'result', 'data', 'error'];

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

function mutate(text: string, random: () => number): string {
  let out = text;
  for (let e = 1 + Math.floor(random() * 3); e > 0; e--) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.35) out = out.slice(0, at) + out.slice(at + 1);
    else if (kind < 0.8) out = out.slice(0, at) + ALPHABET[Math.floor(random() * ALPHABET.length)]! + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + Math.floor(random() * 40)) + out.slice(at);
  }
  return out;
}

/** Whatever the scanner accepts, the validator and parser must accept too, into the identical object. */
function agrees(xml: string): boolean {
  const fast = scanResponse(xml, isArray);
  if (!fast) return false;
  expect(parseDocumentFully(xml), JSON.stringify(xml)).toEqual(fast);
  return true;
}

describe('scanResponse', () => {
  it('reads gateway responses into the object fast-xml-parser builds', () => {
    for (const doc of DOCS) expect(agrees(doc)).toBe(true);
  });

  it('leaves edge cases to the full parser, which answers as before', () => {
    for (const doc of EDGE_CASES) {
      agrees(doc);
      expect(parseResponseXml(doc).ok, doc).toBe(false);
    }
  });

  it('never accepts a mutated response the full parser would read differently', () => {
    const random = lcg(2024);
    let accepted = 0;
    for (let i = 0; i < 10_000; i++) if (agrees(mutate(DOCS[i % DOCS.length]!, random))) accepted++;
    expect(accepted).toBeGreaterThan(500);
  });
});
