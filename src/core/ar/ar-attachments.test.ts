import { describe, expect, it } from 'vitest';
import { attachmentFields } from '../ap/ap-attachments.ts';
import { createMappingEngine } from '../mapping/index.ts';
import { parseMappings } from '../mapping/load-mappings.ts';
import { csvOf, filesWith } from '../mapping/tables.test-support.ts';
import type { ArSourceDocument } from '../ports/ar-ports.ts';
import { SUPDOC_FIELD } from '../ports/supdoc-ports.ts';
import { arSourceKey } from './ar-keys.ts';
import { transformInvoice } from './ar-transform.ts';

const parsed = parseMappings(
  filesWith({
    'accounts.csv': csvOf('accounts.csv', '10,4000-*-*,4000,=department,=region,,,,,'),
    'dimensions.csv': csvOf('dimensions.csv', 'department,ADM,DEPARTMENT,ADM', 'region,EA,LOCATION,EAST'),
    'customers.csv': csvOf('customers.csv', 'C1,IC-1'),
    'tax-codes.csv': csvOf('tax-codes.csv', 'EXEMPT,Exempt,no tax'),
    'payment-terms.csv': csvOf('payment-terms.csv', 'NET30,N30'),
  }),
);
if (!parsed.ok) throw new Error('bad fixture');
const engine = createMappingEngine(parsed.value, { segmentNames: ['account', 'department', 'region'] });

const doc = (attachments: readonly string[], documentNumber = 'IN0001'): ArSourceDocument => ({
  batch: 1,
  entry: 1,
  customerId: 'C1',
  documentNumber,
  kind: 'invoice',
  description: 'Goods',
  customerPo: '',
  documentDate: '2026-03-05',
  dueDate: '2026-04-04',
  postingDate: '2026-03-05',
  currency: 'USD',
  termsCode: 'NET30',
  taxGroup: 'EXEMPT',
  lines: [{ line: 20, account: '4000-ADM-EA', description: 'Widgets', amount: '100.00', taxAmount: '0.000' }],
  attachments,
});

const payloadOf = (d: ArSourceDocument): Record<string, unknown> => {
  const r = transformInvoice(d, 'CO', 'IC-1', engine);
  if (!r.ok) throw new Error(r.problem.message);
  return r.value.payload as Record<string, unknown>;
};

describe('AR invoice attachment references', () => {
  it('names an attachment record in supdocid and carries the references, and no file, in the record to create first', () => {
    const refs = ['\\\\fs\\scans\\ar\\IN0001.pdf', 'https://dms.example.com/ar/IN0001/contract.pdf'];
    const p = payloadOf(doc(refs));
    const record = p[SUPDOC_FIELD] as Record<string, string>;
    expect(p.supdocid).toMatch(/^S3AR[0-9A-F]{16}$/);
    expect(record.supdocid).toBe(p.supdocid);
    expect(record.supdocname).toBe('Sage 300 AR C1 IN0001');
    expect(record.supdocfoldername).toBe('Sage 300');
    expect(String(record.supdocdescription).split('\n').slice(1)).toEqual(refs);
    expect(Object.keys(record).sort()).toEqual(['supdocdescription', 'supdocfoldername', 'supdocid', 'supdocname']);
  });

  it('sends neither supdocid nor a record for an invoice without references', () => {
    const p = payloadOf(doc([]));
    expect(p.supdocid).toBeUndefined();
    expect(p[SUPDOC_FIELD]).toBeUndefined();
  });

  it('keeps the record id per document across replans, distinct per document and from an AP bill of the same numbers', () => {
    const a = payloadOf(doc(['x'])).supdocid;
    expect(payloadOf(doc(['x', 'y'])).supdocid).toBe(a);
    expect(payloadOf(doc(['x'], 'IN0002')).supdocid).not.toBe(a);
    const ap = attachmentFields(arSourceKey('CO', 'C1', 'IN0001'), { vendorId: 'C1', documentNumber: 'IN0001', attachments: ['x'] });
    const apId = ap.SUPDOCID as string;
    expect(apId).toMatch(/^S3AP/);
    expect(apId.slice(4)).toBe((a as string).slice(4));
  });

  it('cuts a long reference list at the description limit and says how many were left out', () => {
    const refs = Array.from({ length: 40 }, (_, k) => `\\\\fileserver\\scans\\ar\\2026\\document-${String(k).padStart(3, '0')}.pdf`);
    const description = String((payloadOf(doc(refs))[SUPDOC_FIELD] as Record<string, unknown>).supdocdescription);
    expect(description.length).toBeLessThanOrEqual(1000);
    const kept = description.split('\n').slice(1, -1);
    expect(kept).toEqual(refs.slice(0, kept.length));
    expect(description.split('\n').at(-1)).toBe(`(+${refs.length - kept.length} more references in Sage 300)`);
  });
});
