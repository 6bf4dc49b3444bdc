import { parseAmount, type Money } from '../../domain/money.ts';
import type { IntacctBehaviours } from './behaviours.ts';
import type { CurrencySettings } from './currency-settings.ts';
import { parseUsDate, type DateParts } from './dates.ts';
import { fieldError, type ErrorEntry } from './errors.ts';
import type { EmulatorStore, StoredRecord } from './store.ts';
import { scalar, type FieldObject } from './xml-node.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** What a record rule may look at: state, the acting user/entity and the clock. */
export interface RuleContext {
  store: EmulatorStore;
  now: Date;
  userId: string;
  /** Entity (location id) of the session; '' at top level. */
  entityId: string;
  /** The company's currencies and rate tables; the built-in company's when absent. */
  currency?: CurrencySettings;
  /** Switches for UNCONFIRMED behaviours the rules depend on; the defaults when absent. */
  behaviours?: IntacctBehaviours;
}

/**
 * A record that passed its rules: the fields to store, plus an optional hook that writes dependent rows
 * (journal lines, invoice balances) once the record has its RECORDNO.
 */
export type RuleSuccess = { fields: FieldObject; after?: (rec: StoredRecord) => void };
/** Outcome of validating a record: what to store, or every field error at once. */
export type RuleOutcome = Result<RuleSuccess, ErrorEntry[]>;

/** Collects field errors so a client sees every problem of a record at once. */
export class Problems {
  readonly errors: ErrorEntry[] = [];

  add(field: string, description: string, description2: string, correction = ''): void {
    this.errors.push(fieldError(field, description, description2, correction));
  }

  /** `label` is the field path shown to the client (e.g. `APBILLITEMS.APBILLITEM[2].ACCOUNTNO`). */
  required(rec: FieldObject, field: string, label = field): string | undefined {
    const v = scalar(rec, field)?.trim();
    if (!v) {
      this.add(label, 'Required field missing', `${label} is required.`, `Provide a value for ${label}.`);
      return undefined;
    }
    return v;
  }

  oneOf(rec: FieldObject, field: string, allowed: readonly string[], fallback?: string): string | undefined {
    const v = scalar(rec, field)?.trim();
    if (!v) return fallback;
    const match = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    if (match === undefined) {
      this.add(field, 'Invalid value', `'${v}' is not a valid value for ${field}.`, `Use one of: ${allowed.join(', ')}.`);
      return undefined;
    }
    return match;
  }

  date(rec: FieldObject, field: string, required: boolean): DateParts | undefined {
    const v = scalar(rec, field)?.trim();
    if (!v) {
      if (required) this.add(field, 'Required field missing', `${field} is required.`, 'Use the format mm/dd/yyyy.');
      return undefined;
    }
    const d = parseUsDate(v);
    if (!d) this.add(field, 'Invalid date', `'${v}' is not a valid date for ${field}.`, 'Use the format mm/dd/yyyy.');
    return d;
  }

  amount(rec: FieldObject, field: string, opts: { positive?: boolean; required?: boolean; label?: string } = {}): Money | undefined {
    const label = opts.label ?? field;
    const v = scalar(rec, field)?.trim();
    if (!v) {
      if (opts.required ?? true) this.add(label, 'Required field missing', `${label} is required.`);
      return undefined;
    }
    const m = parseAmount(v);
    if (!m) {
      this.add(label, 'Invalid amount', `'${v}' is not a valid amount for ${label}.`, 'Send a plain decimal such as 1234.50.');
      return undefined;
    }
    if (opts.positive && !m.greaterThan(0)) {
      this.add(label, 'Invalid amount', `${label} must be greater than zero (got ${v}).`);
      return undefined;
    }
    return m;
  }

  /** A reference to another record by its ID field must exist and be active. */
  reference(ctx: RuleContext, field: string, value: string | undefined, object: string, label: string): Readonly<StoredRecord> | undefined {
    if (value === undefined || value === '') return undefined;
    const target = ctx.store.lookupById(object, value);
    if (!target) {
      this.add(
        field,
        'Invalid reference',
        `${label} '${value}' referenced by ${field} does not exist.`,
        `Create ${label} '${value}' first or fix ${field}.`,
      );
      return undefined;
    }
    if (scalar(target.data, 'STATUS') === 'inactive') {
      this.add(
        field,
        'Inactive reference',
        `${label} '${value}' referenced by ${field} is inactive.`,
        `Reactivate ${label} '${value}' or use another one.`,
      );
      return undefined;
    }
    return target;
  }

  outcome(fields: FieldObject, after?: (rec: StoredRecord) => void): RuleOutcome {
    if (this.errors.length > 0) return err(this.errors);
    return ok(after ? { fields, after } : { fields });
  }
}

/** A dimension field on a line, the object it references and the GLACCOUNT flag that makes it mandatory. */
export interface DimensionSpec {
  field: string;
  object: string;
  label: string;
  require: string;
}

/** Dimension fields as they appear on GL lines (no ID suffix on DEPARTMENT/LOCATION) and their target objects. */
export const GL_DIMENSIONS: readonly DimensionSpec[] = [
  { field: 'DEPARTMENT', object: 'DEPARTMENT', label: 'Department', require: 'REQUIREDEPT' },
  { field: 'LOCATION', object: 'LOCATION', label: 'Location', require: 'REQUIRELOC' },
  { field: 'CLASSID', object: 'CLASS', label: 'Class', require: 'REQUIRECLASS' },
  { field: 'PROJECTID', object: 'PROJECT', label: 'Project', require: 'REQUIREPROJECT' },
  { field: 'CUSTOMERID', object: 'CUSTOMER', label: 'Customer', require: 'REQUIRECUSTOMER' },
  { field: 'VENDORID', object: 'VENDOR', label: 'Vendor', require: 'REQUIREVENDOR' },
];

/** Subledger lines (APBILLITEM) spell every dimension with an ID suffix. */
export const LINE_DIMENSIONS: readonly DimensionSpec[] = [
  { field: 'DEPARTMENTID', object: 'DEPARTMENT', label: 'Department', require: 'REQUIREDEPT' },
  { field: 'LOCATIONID', object: 'LOCATION', label: 'Location', require: 'REQUIRELOC' },
  { field: 'CLASSID', object: 'CLASS', label: 'Class', require: 'REQUIRECLASS' },
  { field: 'PROJECTID', object: 'PROJECT', label: 'Project', require: 'REQUIREPROJECT' },
  { field: 'CUSTOMERID', object: 'CUSTOMER', label: 'Customer', require: 'REQUIRECUSTOMER' },
  { field: 'VENDORID', object: 'VENDOR', label: 'Vendor', require: 'REQUIREVENDOR' },
];

/** Checks a line's account and dimensions, including the account's REQUIRE* flags. */
export function checkLineDimensions(
  p: Problems,
  ctx: RuleContext,
  line: FieldObject,
  prefix: string,
  accountField: string,
  dims: readonly DimensionSpec[],
): Readonly<StoredRecord> | undefined {
  const accountNo = p.required(line, accountField, `${prefix}${accountField}`);
  const account = p.reference(ctx, `${prefix}${accountField}`, accountNo, 'GLACCOUNT', 'GL account');
  for (const dim of dims) {
    const value = scalar(line, dim.field)?.trim();
    p.reference(ctx, `${prefix}${dim.field}`, value, dim.object, dim.label);
    if (account && !value && scalar(account.data, dim.require) === 'true') {
      p.add(
        `${prefix}${dim.field}`,
        'Required dimension missing',
        `GL account ${accountNo ?? ''} requires a ${dim.label.toLowerCase()}; ${prefix}${dim.field} is empty.`,
        `Provide ${dim.field} on this line.`,
      );
    }
  }
  return account;
}
