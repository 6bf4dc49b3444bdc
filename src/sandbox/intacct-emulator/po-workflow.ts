/**
 * Purchasing workflow rules (reference §7.7): converting a transaction into the next one of its workflow
 * (`create_potransaction` with `<createdfrom>`, e.g. a PO Receiver from a Purchase Order) and changing a transaction's
 * state with `update_potransaction` (`<state>Pending</state>` releases a draft, `<state>Closed</state>` closes it).
 *
 * Choices made here (UNCONFIRMED against the real service):
 * - a line converts the source line named by `<sourcelinekey>`, taken as the source line's zero-based `LINE_NO`
 *   (the real key is the source entry's RECORDNO, which the emulator does not give lines); without it, the first
 *   source line with the same `itemid` and quantity left is used;
 * - the converted quantity is kept on the source line as `QTY_CONVERTED`; the source's STATE becomes
 *   `Partially Converted` or `Converted` (Intacct's document state names), and a converted quantity may not exceed
 *   what is left on the line;
 * - only `Pending` and `Partially Converted` transactions can be converted; `Closed`/`Converted` ones cannot;
 * - `update_potransaction` supports only `<state>` here; any other child is answered "not emulated".
 */
import { Money } from '../../domain/money.ts';
import { err, ERR, requestError } from './errors.ts';
import { failure, type FunctionContext, type FunctionHandler, type FunctionResult } from './function-types.ts';
import { createPoTransactionFunction } from './legacy-functions.ts';
import { submitIfApprovalsEnabled } from './po-approval.ts';
import { Problems } from './rule-helpers.ts';
import type { StoredRecord } from './store.ts';
import { lines, scalar, toFieldObject, type FieldObject } from './xml-node.ts';

const CONVERTIBLE = new Set(['Pending', 'Partially Converted']);

function sourceLines(doc: StoredRecord): FieldObject[] {
  return lines(doc.data, 'PODOCUMENTENTRIES', 'PODOCUMENTENTRY');
}

const qty = (v: string | undefined): Money => new Money(v && v.trim() !== '' ? v : '0');
const left = (line: FieldObject): Money => qty(scalar(line, 'QUANTITY')).minus(qty(scalar(line, 'QTY_CONVERTED')));

/** A transaction by DOCID (`Purchase Order-PO0001`) or RECORDNO. */
function findDocument(ctx: FunctionContext, key: string): StoredRecord | undefined {
  return ctx.store.getById('PODOCUMENT', key) ?? (/^\d+$/.test(key) ? ctx.store.get('PODOCUMENT', Number(key)) : undefined);
}

/** Checks every converted line against the source; returns the quantity per source line, or the problems. */
function planConversion(p: Problems, source: StoredRecord, items: FieldObject[]): Map<number, Money> {
  const srcLines = sourceLines(source);
  const taken = new Map<number, Money>();
  items.forEach((item, i) => {
    const prefix = `potransitems.potransitem[${i + 1}].`;
    const amount = p.amount(item, 'quantity', { positive: true, label: `${prefix}quantity` });
    if (!amount) return;
    const keyText = scalar(item, 'sourcelinekey')?.trim();
    const itemId = scalar(item, 'itemid')?.trim() ?? '';
    const remaining = (n: number): Money => left(srcLines[n]!).minus(taken.get(n) ?? new Money(0));
    let index: number;
    if (keyText) {
      index = /^\d+$/.test(keyText) ? Number(keyText) : -1;
      if (index < 0 || index >= srcLines.length) {
        p.add(
          `${prefix}sourcelinekey`,
          'Invalid reference',
          `Source transaction ${scalar(source.data, 'DOCID') ?? ''} has no line ${keyText}.`,
        );
        return;
      }
    } else {
      index = srcLines.findIndex((l, n) => scalar(l, 'ITEMID') === itemId && remaining(n).gt(0));
      if (index < 0) {
        p.add(
          `${prefix}itemid`,
          'Invalid reference',
          `Item ${itemId} has no quantity left to convert on ${scalar(source.data, 'DOCID') ?? ''}.`,
        );
        return;
      }
    }
    const line = srcLines[index]!;
    if (itemId !== '' && scalar(line, 'ITEMID') !== itemId) {
      p.add(`${prefix}itemid`, 'Invalid value', `Item ${itemId} does not match item ${scalar(line, 'ITEMID') ?? ''} on the source line.`);
      return;
    }
    if (amount.greaterThan(remaining(index))) {
      p.add(
        `${prefix}quantity`,
        'Invalid value',
        `Quantity ${amount.toString()} exceeds the ${remaining(index).toString()} left to convert on line ${index} of ${scalar(source.data, 'DOCID') ?? ''}.`,
        'Convert at most the quantity left.',
      );
      return;
    }
    taken.set(index, (taken.get(index) ?? new Money(0)).plus(amount));
  });
  return taken;
}

/** Writes the converted quantities onto the source lines and moves the source to its new state. */
function applyConversion(ctx: FunctionContext, source: StoredRecord, taken: Map<number, Money>): void {
  const srcLines = sourceLines(source);
  srcLines.forEach((line, n) => {
    const add = taken.get(n);
    if (add) line.QTY_CONVERTED = qty(scalar(line, 'QTY_CONVERTED')).plus(add).toString();
  });
  source.data.PODOCUMENTENTRIES = { PODOCUMENTENTRY: srcLines };
  const done = srcLines.every((l) => left(l).lte(0));
  source.data.STATE = done ? 'Converted' : 'Partially Converted';
  ctx.store.update('PODOCUMENT', source);
}

/** `create_potransaction`: a plain create, or with `<createdfrom>` a conversion that updates its source. */
export const createPoTransactionWorkflow: FunctionHandler = (node, ctx) => {
  const rec = toFieldObject(node);
  const from = scalar(rec, 'createdfrom')?.trim();
  if (!from) {
    const created = createPoTransactionFunction(node, ctx);
    submitIfApprovalsEnabled(ctx, created, scalar(rec, 'transactiontype')?.trim() ?? '');
    return created;
  }
  const p = new Problems();
  const source = findDocument(ctx, from);
  if (!source) {
    p.add('createdfrom', 'Invalid reference', `Transaction '${from}' does not exist.`, 'Name the source transaction by its DOCID.');
  } else {
    const state = scalar(source.data, 'STATE') ?? '';
    if (!CONVERTIBLE.has(state)) p.add('createdfrom', 'Invalid state', `Transaction '${from}' is ${state} and cannot be converted.`);
    const vendor = scalar(rec, 'vendorid')?.trim();
    if (vendor && vendor !== scalar(source.data, 'VENDORID'))
      p.add('vendorid', 'Invalid value', `Vendor ${vendor} does not match vendor ${scalar(source.data, 'VENDORID') ?? ''} on '${from}'.`);
  }
  const taken = source ? planConversion(p, source, lines(rec, 'potransitems', 'potransitem')) : new Map<number, Money>();
  if (p.errors.length > 0) return failure([...p.errors, err(ERR.business, '', 'Could not create Purchasing Transaction record!')]);
  const created = createPoTransactionFunction(node, ctx);
  if (created.status !== 'success' || !source) return created;
  applyConversion(ctx, source, taken);
  const fresh = ctx.store.get('PODOCUMENT', Number(created.key));
  if (fresh) {
    fresh.data.CREATEDFROM = scalar(source.data, 'DOCID') ?? from;
    ctx.store.update('PODOCUMENT', fresh);
  }
  return created;
};

/** Allowed `update_potransaction` state changes: from → to. */
const TRANSITIONS: Readonly<Record<string, readonly string[]>> = {
  Draft: ['Pending', 'Closed'],
  Pending: ['Closed'],
  'Partially Converted': ['Closed'],
};

/** `update_potransaction key="<DOCID>"` with `<state>`: releases a draft or closes an open transaction. */
export const updatePoTransactionFunction: FunctionHandler = (node, ctx): FunctionResult => {
  const key = node.attrs.key?.trim() ?? '';
  if (key === '') return failure([requestError('update_potransaction needs the key attribute (the DOCID).')]);
  const rec = toFieldObject(node);
  const others = Object.keys(rec).filter((k) => k !== 'state');
  if (others.length > 0)
    return failure([err(ERR.unsupported, '', `update_potransaction: only <state> is emulated; got <${others.join('>, <')}>.`)]);
  const doc = findDocument(ctx, key);
  const p = new Problems();
  if (!doc) {
    p.add('key', 'Invalid reference', `Transaction '${key}' does not exist.`);
  } else {
    const target = p.oneOf(rec, 'state', ['Pending', 'Closed']);
    if (!target) p.add('state', 'Required field missing', 'state is required.', 'Send <state>Pending</state> or <state>Closed</state>.');
    const current = scalar(doc.data, 'STATE') ?? '';
    if (target && current !== target && !(TRANSITIONS[current] ?? []).includes(target))
      p.add('state', 'Invalid state', `Transaction '${key}' is ${current} and cannot become ${target}.`);
    if (target && p.errors.length === 0 && current !== target) {
      doc.data.STATE = target;
      ctx.store.update('PODOCUMENT', doc);
    }
  }
  if (p.errors.length > 0 || !doc) return failure([...p.errors, err(ERR.business, '', 'Could not update Purchasing Transaction record!')]);
  return { status: 'success', key: String(doc.recordNo) };
};
