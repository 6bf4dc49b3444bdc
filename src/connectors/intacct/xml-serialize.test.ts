import { XMLBuilder } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { fn } from './functions.ts';
import { buildRequestXml } from './request-xml.ts';
import { el, leaf, serializeNodes, text, UnsupportedXmlNode, type XmlNode } from './xml-tree.ts';

// The builder configuration request-xml.ts falls back to: the reference the fast writer must match byte for byte.
const builder = new XMLBuilder({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: false,
  format: false,
  processEntities: true,
});
const viaBuilder = (nodes: XmlNode[]): string => builder.build(nodes);

const NASTY = [
  '',
  'plain',
  'a & b',
  '<tag>',
  '"quoted"',
  "it's",
  '&amp; already',
  'é€😀',
  ' padded ',
  'line\nbreak',
  '100.00',
  ']]>',
  '--',
];

function randomTree(random: () => number, depth: number): XmlNode[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: Math.floor(random() * 4) }, (): XmlNode => {
    const kind = random();
    if (kind < 0.25) return text(pick(NASTY));
    if (kind < 0.55 || depth > 3) return leaf(pick(['A', 'b_c', 'd.e', 'F-1']), pick(NASTY));
    const attrs = random() < 0.4 ? { [pick(['x', 'controlid', 'transaction'])]: pick(NASTY) } : undefined;
    return el(pick(['node', 'GLENTRY', 'content']), randomTree(random, depth + 1), attrs);
  });
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

describe('serializeNodes', () => {
  it('writes random trees exactly as the fast-xml-parser builder does', () => {
    const random = lcg(99);
    for (let i = 0; i < 3000; i++) {
      const tree = [
        { '?xml': [{ '#text': '' }], ':@': { '@_version': '1.0', '@_encoding': 'UTF-8' } },
        el('request', randomTree(random, 0)),
      ];
      expect(serializeNodes(tree)).toBe(viaBuilder(tree));
    }
  });

  it('writes every kind of function body exactly as the builder does', () => {
    const record = {
      JOURNAL: 'GJ',
      BATCH_TITLE: `Tom's "special" <entry> & more`,
      EMPTY: '',
      NOTHING: null,
      SKIPPED: undefined,
      COUNT: 3,
      FLAG: true,
      '@attr': 'v"1',
      ENTRIES: {
        GLENTRY: [
          { ACCOUNTNO: '6000', TRX_AMOUNT: '10.00' },
          { ACCOUNTNO: '2000', TRX_AMOUNT: '10.00' },
        ],
      },
    };
    const bodies = [
      fn.create('GLBATCH', record, { idempotencyKey: 'k1' }),
      fn.update('VENDOR', { VENDORID: 'V&1', NAME: 'x' }, { idempotencyKey: 'k2' }),
      fn.delete('GLBATCH', ['1', '2'], { idempotencyKey: 'k3' }),
      fn.readByQuery('GLBATCH', "REFERENCENO = 'S300:A:1' AND X <> 'y'", { pageSize: 1 }),
      fn.query({
        object: 'GLACCOUNT',
        select: ['ACCOUNTNO'],
        filter: {
          and: [
            { field: 'STATUS', op: 'equalto', value: 'active' },
            { field: 'X', op: 'isnull' },
          ],
        },
        orderBy: [{ field: 'ACCOUNTNO', descending: true }],
        caseInsensitive: true,
      }),
      fn.createInvoice(
        { customerid: 'C1', datecreated: '2026-01-02', invoiceitems: { lineitem: [{ glaccountno: '4000', amount: '5.00' }] } },
        { idempotencyKey: 'k4' },
      ),
      fn.getTrialBalance({ startDate: '2026-01-01', endDate: '2026-01-31' }),
    ].map((f) => el('function', [f.body as XmlNode], { controlid: f.controlId }));
    const tree = [el('content', bodies)];
    expect(serializeNodes(tree)).toBe(viaBuilder(tree));
  });

  it('leaves shapes it does not know to the builder', () => {
    expect(() => serializeNodes([{ a: 'not an array' }])).toThrow(UnsupportedXmlNode);
    expect(() => serializeNodes([{ '#text': 5 }])).toThrow(UnsupportedXmlNode);
    expect(() => serializeNodes([{ a: [], ':@': { '@_n': 1 } }])).toThrow(UnsupportedXmlNode);
    expect(() => serializeNodes([{ '#cdata': [] }])).toThrow(UnsupportedXmlNode);
  });

  it('is what buildRequestXml sends', () => {
    const spec = {
      senderId: 's&',
      senderPassword: 'p"w',
      controlId: 'c',
      uniqueId: true,
      transaction: false,
      auth: { sessionId: 'x..' },
      functions: [fn.readMore('R1')],
    };
    const xml = buildRequestXml(spec);
    expect(xml).toContain('<senderid>s&amp;</senderid><password>p&quot;w</password>');
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><request>')).toBe(true);
  });
});
