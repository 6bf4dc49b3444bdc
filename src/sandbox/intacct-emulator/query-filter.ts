import type { Predicate } from './predicate.ts';
import { child, type XNode } from './xml-node.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** Converts query's `<filter>` XML (equalto, in, between, nested and/or …) into a predicate. */

export type FilterParse = Result<Predicate, string>;

const CMP: Record<string, '=' | '!=' | '<' | '<=' | '>' | '>='> = {
  equalto: '=',
  notequalto: '!=',
  lessthan: '<',
  lessthanorequalto: '<=',
  greaterthan: '>',
  greaterthanorequalto: '>=',
};

class FilterError extends Error {}

function fieldOf(node: XNode): string {
  const f = child(node, 'field')?.text;
  if (!f) throw new FilterError(`<${node.name}> needs a <field>`);
  return f.toUpperCase();
}

function valuesOf(node: XNode): string[] {
  return node.children.filter((c) => c.name === 'value').map((c) => c.text);
}

function convert(node: XNode): Predicate {
  const op = CMP[node.name];
  if (op) {
    const values = valuesOf(node);
    if (values.length !== 1) throw new FilterError(`<${node.name}> needs exactly one <value>`);
    return { kind: 'cmp', field: fieldOf(node), op, value: values[0]! };
  }
  switch (node.name) {
    case 'and':
    case 'or': {
      if (node.children.length < 2) throw new FilterError(`<${node.name}> needs at least two conditions`);
      return { kind: node.name, items: node.children.map(convert) };
    }
    case 'isnull':
    case 'isnotnull':
      return { kind: 'null', field: fieldOf(node), negate: node.name === 'isnotnull' };
    case 'in':
    case 'notin': {
      const values = valuesOf(node);
      if (values.length === 0) throw new FilterError(`<${node.name}> needs at least one <value>`);
      return { kind: 'in', field: fieldOf(node), values, negate: node.name === 'notin' };
    }
    case 'like':
    case 'notlike': {
      const values = valuesOf(node);
      if (values.length !== 1) throw new FilterError(`<${node.name}> needs exactly one <value>`);
      return { kind: 'like', field: fieldOf(node), pattern: values[0]!, negate: node.name === 'notlike' };
    }
    case 'between': {
      const values = valuesOf(node);
      if (values.length !== 2) throw new FilterError('<between> needs exactly two <value> elements');
      const field = fieldOf(node);
      return {
        kind: 'and',
        items: [
          { kind: 'cmp', field, op: '>=', value: values[0]! },
          { kind: 'cmp', field, op: '<=', value: values[1]! },
        ],
      };
    }
    default:
      throw new FilterError(`unknown filter operator <${node.name}>`);
  }
}

/** `<filter>` holds exactly one condition (use <and>/<or> to combine); absent filter selects everything. */
export function parseFilter(filter: XNode | undefined): FilterParse {
  if (!filter) return ok({ kind: 'true' });
  if (filter.children.length !== 1) return err('<filter> must contain exactly one condition; combine with <and>/<or>');
  try {
    return ok(convert(filter.children[0]!));
  } catch (error) {
    if (error instanceof FilterError) return err(error.message);
    throw error;
  }
}
