import type { ObjectDef } from './objects.ts';
import { Problems, type RuleContext, type RuleOutcome } from './rule-helpers.ts';
import { scalar, type FieldObject } from './xml-node.ts';

const REQUIRE_FLAGS = ['REQUIREDEPT', 'REQUIRELOC', 'REQUIREPROJECT', 'REQUIRECUSTOMER', 'REQUIREVENDOR', 'REQUIRECLASS'];

/** Accounts, journals, dimensions, vendors and customers: key, name, STATUS and a few typed fields. */
export function masterDataRule(def: ObjectDef, rec: FieldObject, ctx: RuleContext): RuleOutcome {
  const p = new Problems();
  const fields: FieldObject = { ...rec };
  if (def.idField) {
    const id = p.required(rec, def.idField);
    if (id !== undefined && id.length > 100) p.add(def.idField, 'Value too long', `${def.idField} must be at most 100 characters.`);
    if (id !== undefined) fields[def.idField] = id;
  }
  if (def.nameField) p.required(rec, def.nameField);
  const status = p.oneOf(rec, 'STATUS', ['active', 'inactive'], 'active');
  if (status) fields.STATUS = status;

  switch (def.name) {
    case 'GLACCOUNT': {
      const type = p.oneOf(rec, 'ACCOUNTTYPE', ['balancesheet', 'incomestatement']);
      if (!scalar(rec, 'ACCOUNTTYPE')) p.required(rec, 'ACCOUNTTYPE');
      const normal = p.oneOf(rec, 'NORMALBALANCE', ['debit', 'credit']);
      if (!scalar(rec, 'NORMALBALANCE')) p.required(rec, 'NORMALBALANCE');
      if (type) fields.ACCOUNTTYPE = type;
      if (normal) fields.NORMALBALANCE = normal;
      for (const flag of REQUIRE_FLAGS) {
        const v = p.oneOf(rec, flag, ['true', 'false'], 'false');
        if (v) fields[flag] = v;
      }
      break;
    }
    case 'PROJECT':
      p.required(rec, 'PROJECTCATEGORY');
      p.reference(ctx, 'CUSTOMERID', scalar(rec, 'CUSTOMERID')?.trim(), 'CUSTOMER', 'Customer');
      break;
    case 'LOCATION':
      // The entity flag belongs to the company setup; API-created locations are plain locations.
      fields.ISENTITY = scalar(rec, 'ISENTITY') === 'true' ? 'true' : 'false';
      break;
    default:
      break;
  }
  return p.outcome(fields);
}
