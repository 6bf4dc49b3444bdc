/** The emulated objects: their ID field, display label (used in error texts) and how they may be written. */
export interface ObjectDef {
  name: string;
  label: string;
  /** The business key (ACCOUNTNO, VENDORID…); unique per company. */
  idField?: string;
  /** Required human-readable name field. */
  nameField?: string;
  /** Written by generic create/update/delete; false = only via a legacy function or as a child row. */
  generic: boolean;
  /** WHENCREATED is a business date the client sends (APBILL) rather than an audit stamp. */
  businessWhenCreated?: boolean;
  /** Legacy function that creates it, for a helpful error on generic create. */
  legacyCreate?: string;
}

const defs: ObjectDef[] = [
  { name: 'GLACCOUNT', label: 'GL Account', idField: 'ACCOUNTNO', nameField: 'TITLE', generic: true },
  { name: 'GLJOURNAL', label: 'Journal', idField: 'SYMBOL', nameField: 'TITLE', generic: true },
  { name: 'DEPARTMENT', label: 'Department', idField: 'DEPARTMENTID', nameField: 'TITLE', generic: true },
  { name: 'LOCATION', label: 'Location', idField: 'LOCATIONID', nameField: 'NAME', generic: true },
  { name: 'CLASS', label: 'Class', idField: 'CLASSID', nameField: 'NAME', generic: true },
  { name: 'PROJECT', label: 'Project', idField: 'PROJECTID', nameField: 'NAME', generic: true },
  { name: 'VENDOR', label: 'Vendor', idField: 'VENDORID', nameField: 'NAME', generic: true },
  { name: 'CUSTOMER', label: 'Customer', idField: 'CUSTOMERID', nameField: 'NAME', generic: true },
  { name: 'GLBATCH', label: 'Journal Entry', generic: true },
  { name: 'GLENTRY', label: 'Journal Entry Line', generic: false },
  { name: 'APBILL', label: 'Bill', generic: true, businessWhenCreated: true },
  { name: 'ARINVOICE', label: 'Invoice', generic: false, businessWhenCreated: true, legacyCreate: 'create_invoice' },
  { name: 'ARPYMT', label: 'AR Payment', generic: true },
  { name: 'APPYMT', label: 'AP Payment', generic: true },
  { name: 'ITEM', label: 'Item', idField: 'ITEMID', nameField: 'NAME', generic: true },
  { name: 'TAXDETAIL', label: 'Tax Detail', idField: 'DETAILID', generic: true },
  { name: 'SUPDOCFOLDER', label: 'Attachment Folder', idField: 'FOLDERNAME', generic: false, legacyCreate: 'create_supdocfolder' },
  { name: 'SUPDOC', label: 'Attachment', idField: 'SUPDOCID', generic: false, legacyCreate: 'create_supdoc' },
  { name: 'PODOCUMENTPARAMS', label: 'Purchasing Transaction Definition', idField: 'DOCID', generic: true },
  {
    name: 'PODOCUMENT',
    label: 'Purchasing Transaction',
    idField: 'DOCID',
    generic: false,
    businessWhenCreated: true,
    legacyCreate: 'create_potransaction',
  },
];

export const OBJECTS: ReadonlyMap<string, ObjectDef> = new Map(defs.map((d) => [d.name, d]));

export const OBJECT_NAMES: readonly string[] = defs.map((d) => d.name);

/** Case-insensitive lookup, because `<object>vendor</object>` is accepted by the real gateway. */
export function findObject(name: string | undefined): ObjectDef | undefined {
  return name === undefined ? undefined : OBJECTS.get(name.trim().toUpperCase());
}
