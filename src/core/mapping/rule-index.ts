import { dayAfter } from './fields.ts';
import type { AccountRule } from './tables.ts';

const BEFORE_ALL = '0000-00-00';
const AFTER_ALL = '9999-99-99';

interface IndexedRule {
  readonly rule: AccountRule;
  readonly from: string;
  readonly to: string;
}

/** Rules that could apply to one account on one date, ranked by the README precedence. */
export interface RuleMatch {
  /** The winning rule, or every rule tied for first place (an overlap); empty when none applies. */
  readonly winners: readonly AccountRule[];
  /** A rule whose pattern matches but whose dates exclude the posting date (for the error message). */
  readonly datedOut?: AccountRule;
}

/** Account rules indexed by their first segment, with the dates at which the set of applicable rules changes. */
export interface RuleIndex {
  /** Ranks the rules for an account already split into segments, on an ISO date. */
  match(segments: readonly string[], date: string): RuleMatch;
  /** Sorted dates where a rule starts or stops applying; results are constant between two of them. */
  readonly breakpoints: readonly string[];
  /** Which interval between breakpoints an ISO date falls in (0 = before the first). */
  bucketOf(date: string): number;
}

/** Higher priority first, then fewer `*` segments: the README precedence. */
function compareRank(a: AccountRule, b: AccountRule): number {
  return b.priority - a.priority || a.wildcards - b.wildcards;
}

const sameRank = (a: AccountRule, b: AccountRule): boolean => a.priority === b.priority && a.wildcards === b.wildcards;

function patternMatches(pattern: readonly string[], segments: readonly string[]): boolean {
  for (let k = 0; k < pattern.length; k++) {
    const p = pattern[k];
    if (p !== '*' && p !== segments[k]) return false;
  }
  return true;
}

/** Builds the index; rules whose segment count differs from the structure never match (validation reports them). */
export function createRuleIndex(rules: readonly AccountRule[], segmentCount: number): RuleIndex {
  const byFirst = new Map<string, IndexedRule[]>();
  const anyFirst: IndexedRule[] = [];
  const breakpoints = new Set<string>();
  for (const rule of [...rules].sort(compareRank)) {
    if (rule.pattern.length !== segmentCount) continue;
    const indexed = { rule, from: rule.effectiveFrom ?? BEFORE_ALL, to: rule.effectiveTo ?? AFTER_ALL };
    if (rule.effectiveFrom !== undefined) breakpoints.add(rule.effectiveFrom);
    if (rule.effectiveTo !== undefined) breakpoints.add(dayAfter(rule.effectiveTo));
    const first = rule.pattern[0] ?? '*';
    if (first === '*') anyFirst.push(indexed);
    else {
      const list = byFirst.get(first);
      if (list) list.push(indexed);
      else byFirst.set(first, [indexed]);
    }
  }
  const sortedBreakpoints = [...breakpoints].sort();
  const none: readonly IndexedRule[] = [];

  function match(segments: readonly string[], date: string): RuleMatch {
    let winners: AccountRule[] = [];
    let datedOut: AccountRule | undefined;
    for (const list of [byFirst.get(segments[0] ?? '') ?? none, anyFirst]) {
      for (const { rule, from, to } of list) {
        // Lists are in rank order: nothing further down can beat or tie the current winner.
        const best = winners[0];
        if (best !== undefined && compareRank(rule, best) > 0) break;
        if (!patternMatches(rule.pattern, segments)) continue;
        if (date < from || date > to) {
          datedOut ??= rule;
          continue;
        }
        if (best === undefined || !sameRank(rule, best)) winners = [rule];
        else winners.push(rule);
      }
    }
    winners.sort((a, b) => a.line - b.line);
    return datedOut === undefined ? { winners } : { winners, datedOut };
  }

  function bucketOf(date: string): number {
    let lo = 0;
    let hi = sortedBreakpoints.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sortedBreakpoints[mid] ?? '') <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  return { match, breakpoints: sortedBreakpoints, bucketOf };
}
