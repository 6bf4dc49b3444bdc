import type { ReportEntry } from './report.ts';
import type { AccountRule } from './tables.ts';

const BEFORE_ALL = '0000-00-00';
const AFTER_ALL = '9999-99-99';

function commonPattern(a: readonly string[], b: readonly string[]): string[] | undefined {
  const merged: string[] = [];
  for (let k = 0; k < a.length; k++) {
    const x = a[k] ?? '*';
    const y = b[k] ?? '*';
    if (x !== '*' && y !== '*' && x !== y) return undefined;
    merged.push(x === '*' ? y : x);
  }
  return merged;
}

function overlap(a: AccountRule, b: AccountRule): ReportEntry | undefined {
  const common = commonPattern(a.pattern, b.pattern);
  if (common === undefined) return undefined;
  const from = [a.effectiveFrom ?? BEFORE_ALL, b.effectiveFrom ?? BEFORE_ALL].sort()[1] ?? BEFORE_ALL;
  const to = [a.effectiveTo ?? AFTER_ALL, b.effectiveTo ?? AFTER_ALL].sort()[0] ?? AFTER_ALL;
  if (from > to) return undefined;
  const window =
    from === BEFORE_ALL && to === AFTER_ALL
      ? 'on every date'
      : `from ${from === BEFORE_ALL ? 'the start' : from} to ${to === AFTER_ALL ? 'open-ended' : to}`;
  return {
    code: 'rule_overlap',
    file: 'accounts.csv',
    line: b.line,
    relatedLines: [a.line],
    subject: `${a.source} / ${b.source}`,
    message: `accounts.csv:${a.line} and accounts.csv:${b.line} both apply to ${common.join('-')} ${window} at priority ${a.priority} with ${a.wildcards} * segment(s); the engine will refuse to pick one`,
    fix: `give one of lines ${a.line} and ${b.line} a higher priority, or narrow a pattern or the effective dates so they no longer intersect`,
  };
}

/**
 * Finds every pair of rules with equal priority and equal specificity whose patterns can match a common account and
 * whose date ranges intersect. Rules are bucketed so that only plausible pairs are compared.
 */
export function findOverlaps(rules: readonly AccountRule[], segmentCount: number): ReportEntry[] {
  const groups = new Map<string, AccountRule[]>();
  for (const rule of rules) {
    if (rule.pattern.length !== segmentCount) continue;
    const key = `${rule.priority}|${rule.wildcards}`;
    const group = groups.get(key);
    if (group) group.push(rule);
    else groups.set(key, [rule]);
  }
  const found: ReportEntry[] = [];
  for (const group of groups.values()) {
    const byFirst = new Map<string, AccountRule[]>();
    const anyFirst: AccountRule[] = [];
    for (const rule of group) {
      const first = rule.pattern[0] ?? '*';
      if (first === '*') anyFirst.push(rule);
      else {
        const list = byFirst.get(first);
        if (list) list.push(rule);
        else byFirst.set(first, [rule]);
      }
    }
    const pairs = (list: readonly AccountRule[], others?: readonly AccountRule[]) => {
      list.forEach((a, k) => {
        for (const b of others ?? list.slice(k + 1)) {
          const [early, late] = a.line < b.line ? [a, b] : [b, a];
          const entry = overlap(early, late);
          if (entry) found.push(entry);
        }
      });
    };
    for (const list of byFirst.values()) {
      pairs(list);
      pairs(list, anyFirst);
    }
    pairs(anyFirst);
  }
  return found.sort((x, y) => (x.line ?? 0) - (y.line ?? 0) || (x.relatedLines?.[0] ?? 0) - (y.relatedLines?.[0] ?? 0));
}
