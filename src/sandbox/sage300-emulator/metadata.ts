/**
 * `GET …/{MODULE}/$metadata`: a CSDL (OData v4 EDMX) document for the entity sets the emulator serves, derived
 * from the same maps the handlers use, so discovery never disagrees with behaviour. Enums are shown as Edm.String
 * (Sage publishes them as enum types; their type names are UNCONFIRMED).
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { FieldDef, ResourceMap } from './field-map.ts';
import { AP_VENDORS } from './map-ap-vendors.ts';
import { AR_CUSTOMERS } from './map-ar-customers.ts';
import { GL_ACCOUNTS } from './map-gl-accounts.ts';
import { GL_BATCHES, GL_DETAILS, GL_HEADERS } from './map-gl-batches.ts';
import { PO_LINES, PO_ORDERS, PO_RECEIPT_LINES, PO_RECEIPTS } from './map-po.ts';

interface EntitySet {
  map: ResourceMap;
  key: string;
  /** Child collections: property name → complex type map. */
  children?: readonly { name: string; map: ResourceMap; children?: readonly { name: string; map: ResourceMap }[] }[];
  /** Entity-set name when it differs from the map's (POGetReceipts reads the POReceipts shape). */
  name?: string;
}

const MODULES: Readonly<Record<string, readonly EntitySet[]>> = {
  AP: [{ map: AP_VENDORS, key: 'VendorNumber' }],
  AR: [{ map: AR_CUSTOMERS, key: 'CustomerNumber' }],
  GL: [
    { map: GL_ACCOUNTS, key: 'UnformattedAccount' },
    {
      map: GL_BATCHES,
      key: 'BatchNumber',
      children: [{ name: 'JournalHeaders', map: GL_HEADERS, children: [{ name: 'JournalDetails', map: GL_DETAILS }] }],
    },
  ],
  PO: [
    { map: PO_ORDERS, key: 'PurchaseOrderSequenceKey', children: [{ name: 'PurchaseOrderLines', map: PO_LINES }] },
    { map: PO_RECEIPTS, key: 'ReceiptSequenceKey', children: [{ name: 'ReceiptLine2s', map: PO_RECEIPT_LINES }] },
    { map: PO_RECEIPTS, key: 'ReceiptSequenceKey', name: 'POGetReceipts' },
  ],
};

function edmType(field: FieldDef): string {
  switch (field.kind.kind) {
    case 'int':
      return field.col.kind === 'decimal' && field.col.width > 9 ? 'Edm.Int64' : 'Edm.Int32';
    case 'decimal':
      return 'Edm.Decimal';
    case 'date':
      return 'Edm.DateTimeOffset';
    case 'bool':
      return 'Edm.Boolean';
    default:
      return 'Edm.String';
  }
}

const properties = (map: ResourceMap) =>
  map.fields.map((f) => ({
    '@_Name': f.name,
    '@_Type': edmType(f),
    ...(f.kind.kind === 'text' ? { '@_MaxLength': String(f.col.width) } : {}),
  }));

/** The EDMX for one module, or undefined when the emulator serves nothing there. */
export function metadataXml(module: string): string | undefined {
  const sets = MODULES[module.toUpperCase()];
  if (!sets) return undefined;
  const ns = `Sage300.${module.toUpperCase()}`;
  const entityTypes: unknown[] = [];
  const complexTypes = new Map<string, unknown>();
  const addComplex = (child: { name: string; map: ResourceMap; children?: readonly { name: string; map: ResourceMap }[] }) => {
    complexTypes.set(child.map.entitySet, {
      '@_Name': child.map.entitySet,
      Property: [
        ...properties(child.map),
        ...(child.children ?? []).map((c) => ({ '@_Name': c.name, '@_Type': `Collection(${ns}.${c.map.entitySet})` })),
      ],
    });
    for (const c of child.children ?? []) addComplex(c);
  };
  for (const set of sets) {
    if (set.name !== undefined) continue;
    for (const child of set.children ?? []) addComplex(child);
    entityTypes.push({
      '@_Name': set.map.entitySet,
      Key: { PropertyRef: { '@_Name': set.key } },
      Property: [
        ...properties(set.map),
        ...(set.children ?? []).map((c) => ({ '@_Name': c.name, '@_Type': `Collection(${ns}.${c.map.entitySet})` })),
      ],
    });
  }
  const doc = {
    '?xml': { '@_version': '1.0', '@_encoding': 'utf-8' },
    'edmx:Edmx': {
      '@_Version': '4.0',
      '@_xmlns:edmx': 'http://docs.oasis-open.org/odata/ns/edmx',
      'edmx:DataServices': {
        Schema: {
          '@_Namespace': ns,
          '@_xmlns': 'http://docs.oasis-open.org/odata/ns/edm',
          EntityType: entityTypes,
          ComplexType: [...complexTypes.values()],
          EntityContainer: {
            '@_Name': 'Container',
            EntitySet: sets.map((s) => ({ '@_Name': s.name ?? s.map.entitySet, '@_EntityType': `${ns}.${s.map.entitySet}` })),
          },
        },
      },
    },
  };
  return new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: false, suppressEmptyNode: true }).build(doc);
}
