import { err, ERR } from './errors.ts';
import { failure, type FunctionHandler } from './function-types.ts';
import { OBJECTS, type ObjectDef } from './objects.ts';
import { Problems } from './rule-helpers.ts';
import { duplicateError, insertRecord } from './write-functions.ts';
import { lines, scalar, toFieldObject, type FieldObject } from './xml-node.ts';

const def = (name: string): ObjectDef => OBJECTS.get(name)!;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/**
 * create_supdoc (api.xsd 3.0: supdocid, supdocname?, supdocfoldername?, supdocdescription?, attachments?): an
 * attachment record a transaction names in SUPDOCID. The id is unique; a folder, when named, must exist (attachments
 * live in folders created beforehand, developer.sage.com company-config attachment); each attached file needs a
 * name, a type and base64 data. A record with no files is valid in the schema (attachments is optional).
 */
export const createSupdocFunction: FunctionHandler = (node, ctx) => {
  const rec = toFieldObject(node);
  const p = new Problems();
  const id = p.required(rec, 'supdocid');
  const folder = scalar(rec, 'supdocfoldername')?.trim();
  if (folder && !ctx.store.lookupById('SUPDOCFOLDER', folder))
    p.add('supdocfoldername', 'Invalid reference', `Attachment folder '${folder}' does not exist.`, 'Create the folder first.');
  const files = lines(rec, 'attachments', 'attachment').map((file, i) => {
    const label = `attachments.attachment[${i + 1}].`;
    const name = p.required(file, 'attachmentname', `${label}attachmentname`);
    p.required(file, 'attachmenttype', `${label}attachmenttype`);
    const data = p.required(file, 'attachmentdata', `${label}attachmentdata`);
    if (data !== undefined && !BASE64.test(data)) p.add(`${label}attachmentdata`, 'Invalid value', 'attachmentdata must be base64.');
    return {
      NAME: name ?? '',
      TYPE: scalar(file, 'attachmenttype') ?? '',
      SIZE: String(Math.floor(((data ?? '').replace(/\s/g, '').length * 3) / 4)),
    };
  });
  if (id && ctx.store.getById('SUPDOC', id))
    return failure([duplicateError(def('SUPDOC'), id), err(ERR.business, '', 'Could not create Attachment record!')]);
  const fields: FieldObject = {
    SUPDOCID: id ?? '',
    SUPDOCNAME: scalar(rec, 'supdocname') ?? '',
    FOLDERNAME: folder ?? '',
    DESCRIPTION: scalar(rec, 'supdocdescription') ?? '',
    FILES: { FILE: files },
  };
  const outcome = p.outcome(fields);
  if (!outcome.ok) return failure([...outcome.error, err(ERR.business, '', 'Could not create Attachment record!')]);
  const stored = insertRecord(def('SUPDOC'), outcome, ctx);
  return { status: 'success', key: String(stored.recordNo) };
};
