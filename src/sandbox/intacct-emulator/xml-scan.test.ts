import { describe, expect, it } from 'vitest';
import { seededRandom } from './faults.ts';
import { scanXml } from './xml-scan.ts';
import { parseXml, parseXmlFully } from './xml-node.ts';

const line = (i: number, account: string, amount: string) =>
  `<GLENTRY><ACCOUNTNO>${account}</ACCOUNTNO><TR_TYPE>${i % 2 === 0 ? '1' : '-1'}</TR_TYPE><TRX_AMOUNT>${amount}</TRX_AMOUNT><DEPARTMENT>ADM</DEPARTMENT><LOCATION>EA</LOCATION><DESCRIPTION>Line ${i} &amp; more &lt;x&gt; &quot;q&quot; &apos;a&apos;</DESCRIPTION><EMPTY/><EMPTY2></EMPTY2></GLENTRY>`;

/** A request as the connector builds it: declaration, control, session auth, GLBATCH creates. */
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

const EDGE_CASES = [
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
];

const ALPHABET = ['<', '>', '&', ';', '"', "'", '/', '=', ' ', '\n', '\r', '\t', '!', '?', '#', 'x', 'amp', 'lt', '-', ':', '\u00a0'];

function mutate(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(random() * (out.length + 1));
    const kind = random();
    if (kind < 0.35) out = out.slice(0, at) + out.slice(at + 1);
    else if (kind < 0.8) out = out.slice(0, at) + ALPHABET[Math.floor(random() * ALPHABET.length)]! + out.slice(at);
    else {
      const len = Math.floor(random() * 12);
      out = out.slice(0, at) + out.slice(at, at + len) + out.slice(at);
    }
  }
  return out;
}

/** Whatever the scanner accepts, the full validator and parser must accept too, with the identical tree. */
function expectSameAsFullParser(text: string): boolean {
  const fast = scanXml(text);
  if (!fast) return false;
  const full = parseXmlFully(text);
  expect(full, JSON.stringify(text)).toEqual({ ok: true, root: fast });
  return true;
}

describe('scanXml', () => {
  it('reads a connector-style request into the same tree as the full parser', () => {
    expect(expectSameAsFullParser(request(50))).toBe(true);
    expect(expectSameAsFullParser(PRETTY)).toBe(true);
  });

  it('agrees with the full parser on edge cases, or leaves them to it', () => {
    const outcome = (parse: (text: string) => unknown, text: string): unknown => {
      try {
        return parse(text);
      } catch (error) {
        return { threw: (error as Error).message };
      }
    };
    for (const text of EDGE_CASES) {
      if (scanXml(text)) expectSameAsFullParser(text);
      // parseXml as a whole behaves exactly like the full path (answer or exception), fast scanner or not.
      expect(outcome(parseXml, text), JSON.stringify(text)).toEqual(outcome(parseXmlFully, text));
    }
  });

  it('never accepts a mutated document the full parser would read differently', () => {
    const random = seededRandom(4242);
    const bases = [request(1), PRETTY, '<a x="1"><b>t &amp; u</b><c/></a>', '<?xml version="1.0"?><r><s a="b">x</s></r>'];
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const text = mutate(bases[i % bases.length]!, random);
      if (expectSameAsFullParser(text)) accepted++;
    }
    // The fuzzing must exercise the accepting path, not only the fallback.
    expect(accepted).toBeGreaterThan(1000);
  });
});
