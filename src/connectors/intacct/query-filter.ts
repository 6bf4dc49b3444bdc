/** `query` function children: filter tree, orderby and options, in DTD order. */
import type { QueryFilter, QuerySpec } from './types.ts';
import { el, leaf, type XmlNode } from './xml-tree.ts';

const NO_VALUE = new Set(['isnull', 'isnotnull']);
const MULTI_VALUE = new Set(['in', 'notin', 'between']);

function filterNode(filter: QueryFilter): XmlNode {
  if ('and' in filter) return el('and', filter.and.map(filterNode));
  if ('or' in filter) return el('or', filter.or.map(filterNode));
  const values = filter.value === undefined ? [] : Array.isArray(filter.value) ? filter.value : [filter.value];
  if (NO_VALUE.has(filter.op)) {
    if (values.length > 0) throw new TypeError(`query filter ${filter.op} on ${filter.field} takes no value`);
  } else if (filter.op === 'between') {
    if (values.length !== 2) throw new TypeError(`query filter between on ${filter.field} needs exactly two values`);
  } else if (MULTI_VALUE.has(filter.op)) {
    if (values.length === 0) throw new TypeError(`query filter ${filter.op} on ${filter.field} needs at least one value`);
  } else if (values.length !== 1) {
    throw new TypeError(`query filter ${filter.op} on ${filter.field} needs exactly one value`);
  }
  return el(filter.op, [leaf('field', filter.field), ...values.map((v) => leaf('value', v))]);
}

/** Children of `<query>` in the order the SDK writes them: select, object, filter, orderby, options, pagesize, offset. */
export function queryChildren(spec: QuerySpec, pageSize: number, offset: number): XmlNode[] {
  if (spec.select.length === 0) throw new TypeError('query: select at least one field (Intacct does not return all fields)');
  const nodes: XmlNode[] = [
    el(
      'select',
      spec.select.map((f) => leaf('field', f)),
    ),
    leaf('object', spec.object),
  ];
  if (spec.filter) nodes.push(el('filter', [filterNode(spec.filter)]));
  if (spec.orderBy && spec.orderBy.length > 0) {
    nodes.push(
      el(
        'orderby',
        spec.orderBy.map((o) => el('order', [leaf('field', o.field), ...(o.descending ? [el('descending')] : [])])),
      ),
    );
  }
  if (spec.caseInsensitive !== undefined) {
    nodes.push(el('options', [leaf('caseinsensitive', String(spec.caseInsensitive))]));
  }
  nodes.push(leaf('pagesize', String(pageSize)), leaf('offset', String(offset)));
  return nodes;
}
