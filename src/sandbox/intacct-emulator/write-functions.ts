import { apBillRule } from './ap-bill-rules.ts';
import { AR_PAYMENT_UPDATE_ERROR, arPaymentRule, reverseArPayment } from './ar-payment-rules.ts';
import { AP_PAYMENT_UPDATE_ERROR, apPaymentRule, reverseApPayment } from './ap-payment-rules.ts';
import { err, ERR, requestError, type ErrorEntry } from './errors.ts';
import { failure, type FunctionContext, type FunctionHandler, type FunctionResult } from './function-types.ts';
import { deleteGlBatchLines, glBatchRule } from './gl-batch-rules.ts';
import { masterDataRule } from './master-data-rules.ts';
import { findObject, type ObjectDef } from './objects.ts';
import { auditStamps } from './record-stamps.ts';
import type { RuleOutcome, RuleSuccess } from './rule-helpers.ts';
import type { StoredRecord } from './store.ts';
import { childText, scalar, toFieldObject, type FieldObject, type XNode } from './xml-node.ts';
import { err as fail, ok, type Ok, type Result } from '../../domain/result.ts';

const MAX_RECORDS = 100;

function ruleFor(def: ObjectDef, rec: FieldObject, ctx: FunctionContext, existing?: StoredRecord): RuleOutcome {
  switch (def.name) {
    case 'GLBATCH':
      return glBatchRule(rec, ctx, existing);
    case 'APBILL':
      return apBillRule(rec, ctx);
    case 'ARPYMT':
      return arPaymentRule(rec, ctx);
    case 'APPYMT':
      return apPaymentRule(rec, ctx);
    default:
      return masterDataRule(def, rec, ctx);
  }
}

/** The trailing generic error the real gateway appends after the specific ones. */
const trailer = (verb: string, def: ObjectDef): ErrorEntry => err(ERR.business, '', `Could not ${verb} ${def.label} record.`);

export function duplicateError(def: ObjectDef, id: string): ErrorEntry {
  return err(
    ERR.business,
    `Duplicate ${def.idField ?? 'key'}`,
    `Another ${def.label} with the given value(s) '${id}' already exists.`,
    'Use a unique value instead.',
  );
}

/** MEGAENTITY* fields: which entity owns a record created in an entity session. */
function entityFields(ctx: FunctionContext): FieldObject {
  if (!ctx.entityId) return {};
  const loc = ctx.store.getById('LOCATION', ctx.entityId);
  return {
    MEGAENTITYKEY: loc ? String(loc.recordNo) : '',
    MEGAENTITYID: ctx.entityId,
    MEGAENTITYNAME: loc ? (scalar(loc.data, 'NAME') ?? '') : '',
  };
}

/** Validates and inserts one record; shared by generic create and the legacy functions' duplicate checks. */
export function insertRecord(def: ObjectDef, outcome: Ok<RuleSuccess>, ctx: FunctionContext): StoredRecord {
  const id = def.idField ? scalar(outcome.value.fields, def.idField) : undefined;
  const rec = ctx.store.insert(def.name, id, {
    ...outcome.value.fields,
    ...auditStamps(ctx, true, def.businessWhenCreated),
    ...entityFields(ctx),
  });
  outcome.value.after?.(rec);
  return rec;
}

function summary(def: ObjectDef, rec: StoredRecord): FieldObject {
  const out: FieldObject = { RECORDNO: String(rec.recordNo) };
  if (def.idField) out[def.idField] = scalar(rec.data, def.idField) ?? '';
  return out;
}

type Prepared = Result<{ def: ObjectDef; node: XNode }, ErrorEntry[]>;

function objectElements(node: XNode, verb: string): Prepared[] | ErrorEntry {
  if (node.children.length === 0) return requestError(`<${verb}> needs at least one object element such as <VENDOR>.`);
  if (node.children.length > MAX_RECORDS)
    return requestError(`<${verb}> accepts at most ${MAX_RECORDS} records; got ${node.children.length}.`);
  return node.children.map((c): Prepared => {
    const def = findObject(c.name);
    if (!def || def.name !== c.name) {
      return fail([requestError(`Unknown object <${c.name}> in <${verb}>.`, 'Use an uppercase object name such as VENDOR or GLBATCH.')]);
    }
    if (!def.generic) {
      const hint = def.legacyCreate ? `Use ${def.legacyCreate} instead.` : 'It is maintained through its parent record.';
      return fail([requestError(`${def.name} cannot be written with <${verb}>.`, hint)]);
    }
    return ok({ def, node: c });
  });
}

/** Records are written in order; the dispatcher's savepoint undoes earlier records when a later one fails. */
function writeAll(
  node: XNode,
  ctx: FunctionContext,
  verb: 'create' | 'update',
  one: (def: ObjectDef, n: XNode) => StoredRecord | ErrorEntry[],
): FunctionResult {
  const emptyData = { '@_listtype': 'objects', '@_count': '0' };
  const prepared = objectElements(node, verb);
  if (!Array.isArray(prepared)) return failure([prepared], emptyData);
  const written = new Map<string, FieldObject[]>();
  let count = 0;
  for (const p of prepared) {
    if (!p.ok) return failure(p.error, emptyData);
    const outcome = one(p.value.def, p.value.node);
    if (Array.isArray(outcome)) return failure([...outcome, trailer(verb, p.value.def)], emptyData);
    const tag = p.value.def.name.toLowerCase();
    written.set(tag, [...(written.get(tag) ?? []), summary(p.value.def, outcome)]);
    count++;
  }
  return { status: 'success', data: { '@_listtype': 'objects', '@_count': String(count), ...Object.fromEntries(written) } };
}

export const createFunction: FunctionHandler = (node, ctx) =>
  writeAll(node, ctx, 'create', (def, n) => {
    const rec = toFieldObject(n);
    delete rec.RECORDNO;
    const id = def.idField ? scalar(rec, def.idField)?.trim() : undefined;
    if (id && ctx.store.getById(def.name, id)) return [duplicateError(def, id)];
    const outcome = ruleFor(def, rec, ctx);
    if (!outcome.ok) return outcome.error;
    return insertRecord(def, outcome, ctx);
  });

/** Update keys on RECORDNO or on the object's ID field; fields not sent keep their values. */
export const updateFunction: FunctionHandler = (node, ctx) =>
  writeAll(node, ctx, 'update', (def, n) => {
    const patch = toFieldObject(n);
    const recordNo = scalar(patch, 'RECORDNO')?.trim();
    const id = def.idField ? scalar(patch, def.idField)?.trim() : undefined;
    const existing = recordNo
      ? /^\d+$/.test(recordNo)
        ? ctx.store.get(def.name, Number(recordNo))
        : undefined
      : id
        ? ctx.store.getById(def.name, id)
        : undefined;
    if (!recordNo && !id) {
      return [
        err(
          ERR.business,
          'RECORDNO: Required field missing',
          `Provide RECORDNO${def.idField ? ` or ${def.idField}` : ''} to identify the ${def.label} to update.`,
        ),
      ];
    }
    if (!existing) {
      return [err(ERR.business, 'Record not found', `Cannot find ${def.label} with key '${recordNo ?? id ?? ''}' to update.`)];
    }
    if (def.name === 'ARPYMT') return [AR_PAYMENT_UPDATE_ERROR];
    if (def.name === 'APPYMT') return [AP_PAYMENT_UPDATE_ERROR];
    if (def.idField && id && recordNo && id !== existing.id) {
      return [
        err(
          ERR.business,
          `${def.idField}: Cannot change`,
          `${def.idField} cannot be changed by update (record ${recordNo} has '${existing.id ?? ''}').`,
        ),
      ];
    }
    const merged: FieldObject = { ...existing.data, ...patch, RECORDNO: String(existing.recordNo) };
    const outcome = ruleFor(def, merged, ctx, existing);
    if (!outcome.ok) return outcome.error;
    const updated: StoredRecord = {
      recordNo: existing.recordNo,
      id: existing.id,
      data: { ...outcome.value.fields, ...auditStamps(ctx, false) },
    };
    ctx.store.update(def.name, updated);
    outcome.value.after?.(updated);
    return updated;
  });

const DELETABLE = new Set([
  'GLACCOUNT',
  'GLJOURNAL',
  'DEPARTMENT',
  'LOCATION',
  'CLASS',
  'PROJECT',
  'VENDOR',
  'CUSTOMER',
  'GLBATCH',
  'APBILL',
  'ARINVOICE',
  'ARPYMT',
  'APPYMT',
  'PODOCUMENT',
]);

/** `<delete><object/><keys>1,2</keys></delete>`: keys are RECORDNOs; all or none are deleted. */
export const deleteFunction: FunctionHandler = (node, ctx) => {
  const def = findObject(childText(node, 'object'));
  if (!def || !DELETABLE.has(def.name)) return failure([requestError(`<object> '${childText(node, 'object') ?? ''}' cannot be deleted.`)]);
  const keys = (childText(node, 'keys') ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0) return failure([requestError('<keys> must list at least one RECORDNO.')]);
  if (keys.length > MAX_RECORDS) return failure([requestError(`<keys> accepts at most ${MAX_RECORDS} keys; got ${keys.length}.`)]);
  for (const key of keys) {
    const rec = /^\d+$/.test(key) ? ctx.store.get(def.name, Number(key)) : undefined;
    if (!rec) {
      return failure([
        err(ERR.business, 'Record not found', `Cannot find ${def.label.toLowerCase()} with key '${key}' to delete.`),
        trailer('delete', def),
      ]);
    }
    if (def.name === 'ARINVOICE' && scalar(rec.data, 'TOTALPAID') !== '0.00') {
      return failure([
        err(ERR.business, 'Invoice has payments', `Invoice ${key} has payments applied; delete the payments first.`),
        trailer('delete', def),
      ]);
    }
    if (def.name === 'GLBATCH') deleteGlBatchLines(ctx, rec);
    if (def.name === 'ARPYMT') reverseArPayment(ctx, rec);
    if (def.name === 'APPYMT') reverseApPayment(ctx, rec);
    ctx.store.delete(def.name, rec.recordNo);
  }
  return { status: 'success' };
};
