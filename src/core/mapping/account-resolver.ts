import { createCodeLookups, type CodeLookups } from './lookups.ts';
import type { MappingError } from './mapping-error.ts';
import { fail, ok, type Outcome } from './outcome.ts';
import { createRuleIndex, type RuleMatch } from './rule-index.ts';
import { normaliseSegmentNames } from './structure.ts';
import {
  LINE_DIMENSION_COLUMNS,
  type AccountRule,
  type DimensionRow,
  type IntacctDimension,
  type LineDimension,
  type MappingTables,
} from './tables.ts';

/** Where a Sage 300 account goes in Intacct on one posting date, and the accounts.csv rule that said so. */
interface AccountResolution {
  readonly targetAccount: string;
  readonly dimensions: Readonly<Partial<Record<LineDimension, string>>>;
  readonly rule: { readonly file: 'accounts.csv'; readonly line: number };
  /** Lines of dimensions.csv that translated `=segment` values (empty when none did), for the audit trail. */
  readonly dimensionLines: readonly number[];
}

/** The company's account structure, needed to split formatted accounts and resolve `=segment`. */
export interface MappingEngineOptions {
  /** Segment names in structure order, e.g. ['account', 'department', 'region'] (lowercased). */
  readonly segmentNames: readonly string[];
  /** Separator in the formatted accounts passed to resolveAccount (GL01.ABRKDELM); patterns always use '-'. */
  readonly delimiter?: string;
}

/** Resolves accounts and ids through the mapping tables; never guesses. */
export interface MappingEngine extends CodeLookups {
  readonly tables: MappingTables;
  readonly segmentNames: readonly string[];
  /** Separator of the formatted accounts this engine accepts. */
  readonly delimiter: string;
  /** Dates at which the set of applicable account rules changes (for validation across time). */
  readonly breakpoints: readonly string[];
  /** Maps a formatted Sage 300 account (GLAMF.ACCTFMTTD) on an ISO posting date to an Intacct account + dimensions. */
  resolveAccount(formattedAccount: string, postingDate: string): Outcome<AccountResolution, MappingError>;
  /** The rules that win for an account on a date (one, several on a tie, none); undefined for a malformed account. */
  matchRules(formattedAccount: string, postingDate: string): RuleMatch | undefined;
  /** The dimensions.csv row translating a segment value into a dimension, if any. */
  dimensionRow(segment: string, sourceValue: string, dimension: IntacctDimension): DimensionRow | undefined;
}

type Resolved = Outcome<AccountResolution, MappingError>;

interface CompiledDimension {
  readonly field: LineDimension;
  readonly dimension: IntacctDimension;
  readonly literal?: string;
  readonly segment?: string;
  /** Position of `segment` in the structure; -1 when the structure has no such segment. */
  readonly index: number;
}

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
/** Bounds memory when callers pass many distinct (bad) accounts; the chart itself is far smaller. */
const MAX_CACHED_ACCOUNTS = 50_000;
const dimKey = (segment: string, value: string, dimension: string): string => `${segment}\u0000${value}\u0000${dimension}`;

function freezeOk(value: AccountResolution): Resolved {
  Object.freeze(value.dimensions);
  Object.freeze(value.rule);
  Object.freeze(value.dimensionLines);
  return Object.freeze(ok(Object.freeze(value)));
}

/**
 * Builds the mapping engine over loaded tables. Resolution is indexed by first segment and cached per
 * (account, interval between effective-date breakpoints), so a repeated account costs a map lookup. Failures are not
 * cached: their messages name the line's posting date.
 */
export function createMappingEngine(tables: MappingTables, options: MappingEngineOptions): MappingEngine {
  const segmentNames = normaliseSegmentNames(options.segmentNames);
  const delimiter = options.delimiter ?? '-';
  const shape = segmentNames.join(delimiter);
  const index = createRuleIndex(tables.accounts, segmentNames.length);
  const dimensionRows = new Map(tables.dimensions.map((r) => [dimKey(r.segment, r.sourceValue, r.dimension), r]));
  const compiled = new Map<AccountRule, CompiledDimension[]>(
    tables.accounts.map((rule) => [
      rule,
      LINE_DIMENSION_COLUMNS.flatMap(({ field, dimension }): CompiledDimension[] => {
        const source = rule.dimensions[field];
        if (source === undefined) return [];
        return source.kind === 'literal'
          ? [{ field, dimension, literal: source.value, index: -1 }]
          : [{ field, dimension, segment: source.segment, index: segmentNames.indexOf(source.segment) }];
      }),
    ]),
  );
  const cache = new Map<string, Resolved[]>();

  const split = (account: string): string[] | undefined => {
    const segments = account.split(delimiter);
    return segments.length === segmentNames.length && !segments.includes('') ? segments : undefined;
  };

  function translate(rule: AccountRule, account: string, segments: readonly string[]): Resolved {
    const dimensions: Partial<Record<LineDimension, string>> = {};
    const dimensionLines: number[] = [];
    for (const d of compiled.get(rule) ?? []) {
      if (d.literal !== undefined) {
        dimensions[d.field] = d.literal;
        continue;
      }
      const segment = d.segment ?? '';
      const value = segments[d.index];
      const row = value === undefined ? undefined : dimensionRows.get(dimKey(segment, value, d.dimension));
      if (row === undefined) {
        const unknownSegment = value === undefined;
        return fail({
          code: 'dimension_missing',
          subject: account,
          file: unknownSegment ? 'accounts.csv' : 'dimensions.csv',
          lines: [rule.line],
          segment,
          ...(value === undefined ? {} : { value }),
          message: unknownSegment
            ? `accounts.csv:${rule.line} takes ${d.dimension} from =${segment}, which is not a segment of the account structure (${segmentNames.join(', ')})`
            : `accounts.csv:${rule.line} translates the ${segment} segment of ${account} through dimensions.csv, which has no row for ${segment} ${value} → ${d.dimension}`,
          fix: unknownSegment
            ? `change =${segment} on accounts.csv:${rule.line} to one of ${segmentNames.map((n) => `=${n}`).join(', ')}`
            : `add the row "${segment},${value},${d.dimension},<Intacct ${d.dimension} id>" to dimensions.csv`,
        });
      }
      dimensions[d.field] = row.targetValue;
      dimensionLines.push(row.line);
    }
    return freezeOk({ targetAccount: rule.targetAccount, dimensions, rule: { file: 'accounts.csv', line: rule.line }, dimensionLines });
  }

  function resolveUncached(account: string, date: string): Resolved {
    const segments = split(account);
    if (segments === undefined) {
      return fail({
        code: 'bad_account_format',
        subject: account,
        message: `"${account}" is not a formatted account of the structure ${shape} (${segmentNames.length} segments separated by "${delimiter}")`,
        fix: `pass the formatted Sage 300 account (GLAMF.ACCTFMTTD, e.g. ${segmentNames.map((n) => n.toUpperCase()).join(delimiter)}), not the unformatted ACCTID`,
      });
    }
    const { winners, datedOut } = index.match(segments, date);
    const [winner, ...others] = winners;
    if (winner === undefined) {
      const dated =
        datedOut === undefined
          ? ''
          : ` (accounts.csv:${datedOut.line} matches it but applies only ${datedOut.effectiveFrom ?? 'always'} to ${datedOut.effectiveTo ?? 'open-ended'})`;
      return fail({
        code: 'mapping_missing',
        subject: account,
        file: 'accounts.csv',
        ...(datedOut === undefined ? {} : { lines: [datedOut.line] }),
        message: `no rule in accounts.csv maps Sage 300 account ${account} on ${date}${dated}`,
        fix: `add a row to accounts.csv for ${account}, e.g. "10,${segments.join('-')},<Intacct ACCOUNTNO>,,,,,,,"${datedOut === undefined ? '' : `, or widen the dates of accounts.csv:${datedOut.line}`}`,
      });
    }
    if (others.length > 0) {
      const lines = winners.map((r) => r.line);
      return fail({
        code: 'mapping_ambiguous',
        subject: account,
        file: 'accounts.csv',
        lines,
        message: `accounts.csv lines ${lines.join(', ')} all map ${account} on ${date} at priority ${winner.priority} with ${winner.wildcards} * segment(s)`,
        fix: 'give one rule a higher priority, or narrow a pattern or its effective dates so only one applies',
      });
    }
    return translate(winner, account, segments);
  }

  function resolveAccount(formattedAccount: string, postingDate: string): Resolved {
    const account = formattedAccount.endsWith(' ') ? formattedAccount.trimEnd() : formattedAccount;
    if (!ISO_DATE.test(postingDate)) {
      return fail({
        code: 'bad_posting_date',
        subject: postingDate,
        message: `posting date "${postingDate}" is not an ISO date YYYY-MM-DD`,
        fix: 'pass the posting date as YYYY-MM-DD',
      });
    }
    const bucket = index.bucketOf(postingDate);
    let perBucket = cache.get(account);
    const hit = perBucket?.[bucket];
    if (hit !== undefined) return hit;
    const result = resolveUncached(account, postingDate);
    // A failure names the posting date in its message, so it is never served to a line of another date.
    if (!result.ok) return result;
    if (perBucket === undefined) {
      if (cache.size >= MAX_CACHED_ACCOUNTS) cache.clear();
      perBucket = [];
      cache.set(account, perBucket);
    }
    perBucket[bucket] = result;
    return result;
  }

  return {
    ...createCodeLookups(tables),
    tables,
    segmentNames,
    delimiter,
    breakpoints: index.breakpoints,
    resolveAccount,
    matchRules(formattedAccount, postingDate) {
      const segments = split(formattedAccount.trimEnd());
      return segments === undefined ? undefined : index.match(segments, postingDate);
    },
    dimensionRow: (segment, sourceValue, dimension) => dimensionRows.get(dimKey(segment, sourceValue, dimension)),
  };
}
