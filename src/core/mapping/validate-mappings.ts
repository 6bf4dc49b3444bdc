import type { MappingEngine } from './account-resolver.ts';
import { isIsoDate } from './fields.ts';
import { findOverlaps } from './overlaps.ts';
import type { MappingReport, ReportEntry } from './report.ts';
import { checkStructure } from './structure.ts';
import { checkItems, type ItemValidationInput } from './validate-mappings-items.ts';
import { LINE_DIMENSION_COLUMNS, type AccountRule } from './tables.ts';

/** One record of an Intacct catalog: its id and whether it is active. */
export interface CatalogEntry {
  readonly id: string;
  readonly active: boolean;
}

/** Intacct dimensions whose catalogs validation checks values against. */
type CheckedDimension = 'DEPARTMENT' | 'LOCATION' | 'CLASS' | 'PROJECT';

/** What the tables are checked against: the Sage 300 chart, the Intacct catalogs, and the date of the check. */
export interface ValidationInput {
  /** Every GLAMF account, formatted (ACCTFMTTD, right-trimmed), with ACTIVESW. */
  readonly sage300Accounts: readonly { readonly formatted: string; readonly active: boolean }[];
  readonly intacct: {
    readonly accounts: readonly CatalogEntry[];
    readonly dimensions: Readonly<Record<CheckedDimension, readonly CatalogEntry[]>>;
  };
  /** ISO date the chart must resolve on. */
  readonly asOf: string;
  /** items.csv's check against the Intacct ITEM catalog and the open Sage 300 PO lines; left out, items are not checked. */
  readonly items?: ItemValidationInput;
}

const BEGINNING = '0001-01-01';
const FILE_ORDER: Record<string, number> = { 'accounts.csv': 0, 'dimensions.csv': 1, 'items.csv': 2 };

const byPlace = (a: ReportEntry, b: ReportEntry): number =>
  (FILE_ORDER[a.file ?? ''] ?? 9) - (FILE_ORDER[b.file ?? ''] ?? 9) ||
  (a.line ?? 0) - (b.line ?? 0) ||
  (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0);

function accountEntries(engine: MappingEngine, account: string, asOf: string): ReportEntry | undefined {
  const resolved = engine.resolveAccount(account, asOf);
  if (resolved.ok) return undefined;
  const e = resolved.error;
  const lines = e.lines ?? [];
  const line = lines[0];
  const where = {
    ...(e.file === undefined ? {} : { file: e.file }),
    ...(line === undefined ? {} : { line }),
    ...(lines.length > 1 ? { relatedLines: lines.slice(1) } : {}),
  };
  switch (e.code) {
    case 'mapping_missing':
      return {
        code: 'account_unmapped',
        file: 'accounts.csv',
        ...(line === undefined ? {} : { relatedLines: [line] }),
        subject: account,
        message: `active Sage 300 account ${account} has no rule in accounts.csv on ${asOf}${line === undefined ? '' : ` (accounts.csv:${line} matches it on other dates)`}`,
        fix: e.fix,
      };
    case 'mapping_ambiguous':
      return { code: 'account_ambiguous', ...where, subject: account, message: e.message, fix: e.fix };
    case 'dimension_missing':
      return { code: 'dimension_unmapped', ...where, file: e.file ?? 'dimensions.csv', subject: account, message: e.message, fix: e.fix };
    case 'bad_account_format':
    case 'bad_posting_date':
      return { code: 'account_bad_format', subject: account, message: e.message, fix: e.fix };
  }
}

/**
 * Checks the mapping tables against the Sage 300 chart and the Intacct catalogs: every active account resolves on
 * `asOf`, every target exists and is active, no two rules overlap, and rules that never win are flagged; with
 * `items`, items.csv against Intacct's items and the items open purchase orders use.
 */
export function validateMappings(engine: MappingEngine, input: ValidationInput): MappingReport {
  const { tables } = engine;
  const errors: ReportEntry[] = [];
  const warnings: ReportEntry[] = [];
  const { asOf } = input;
  // The CLI and tools parse asOf at their boundary; a malformed one here is a caller bug, not a mapping problem.
  if (!isIsoDate(asOf)) throw new TypeError(`validateMappings: asOf must be an ISO date YYYY-MM-DD, got "${asOf}"`);

  for (const e of checkStructure(tables, engine.segmentNames)) {
    errors.push({
      code: 'rule_structure',
      file: e.file as 'accounts.csv' | 'dimensions.csv',
      ...(e.line === undefined ? {} : { line: e.line }),
      subject: e.column ?? e.file,
      message: e.message,
      fix: e.fix,
    });
  }
  for (const entry of findOverlaps(tables.accounts, engine.segmentNames.length)) errors.push(entry);

  const accounts = input.sage300Accounts.map((a) => ({ formatted: a.formatted.trimEnd(), active: a.active }));
  for (const { formatted, active } of accounts) {
    if (!active) continue;
    const entry = accountEntries(engine, formatted, asOf);
    if (entry) errors.push(entry);
  }

  // Results only change at breakpoints, so these dates cover every interval; from asOf on, use is "live".
  const dates = [...new Set([BEGINNING, asOf, ...engine.breakpoints])].sort();
  const used = new Set<number>();
  const liveRules = new Set<number>();
  const liveDimensionRows = new Set<number>();
  for (const { formatted, active } of accounts) {
    let warnedLater = false;
    for (const date of dates) {
      const match = engine.matchRules(formatted, date);
      for (const r of match?.winners ?? []) used.add(r.line);
      if (!active || date < asOf) continue;
      const resolved = engine.resolveAccount(formatted, date);
      if (resolved.ok) {
        liveRules.add(resolved.value.rule.line);
        for (const l of resolved.value.dimensionLines) liveDimensionRows.add(l);
      } else if (!warnedLater && date > asOf && resolved.error.code === 'mapping_missing' && engine.resolveAccount(formatted, asOf).ok) {
        warnings.push({
          code: 'account_unmapped_later',
          file: 'accounts.csv',
          subject: formatted,
          message: `active Sage 300 account ${formatted} resolves on ${asOf} but not from ${date}: ${resolved.error.message}`,
          fix: resolved.error.fix,
        });
        warnedLater = true;
      }
    }
  }

  checkTargets(tables.accounts, input, liveRules, errors, warnings);
  checkDimensionRows(engine, input, liveDimensionRows, errors, warnings);
  for (const entry of unusedRules(engine, accounts, used)) warnings.push(entry);
  if (input.items) checkItems(tables.items, input.items, errors, warnings);

  errors.sort(byPlace);
  warnings.sort(byPlace);
  return { ok: errors.length === 0, asOf, errors, warnings };
}

type Sink = ReportEntry[];

function catalog(entries: readonly CatalogEntry[]): Map<string, boolean> {
  return new Map(entries.map((e) => [e.id, e.active]));
}

function checkTargets(
  rules: readonly AccountRule[],
  input: ValidationInput,
  liveRules: ReadonlySet<number>,
  errors: Sink,
  warnings: Sink,
): void {
  const intacctAccounts = catalog(input.intacct.accounts);
  const dims = Object.fromEntries(Object.entries(input.intacct.dimensions).map(([k, v]) => [k, catalog(v)]));
  for (const rule of rules) {
    const live = liveRules.has(rule.line);
    const inactiveSink = live ? errors : warnings;
    const why = live
      ? 'active Sage 300 accounts resolve through this rule'
      : 'no active Sage 300 account resolves through this rule today, so nothing posts there yet';
    const status = intacctAccounts.get(rule.targetAccount);
    if (status === undefined) {
      errors.push({
        code: 'target_account_missing',
        file: 'accounts.csv',
        line: rule.line,
        subject: rule.targetAccount,
        message: `accounts.csv:${rule.line} target_account ${rule.targetAccount} does not exist in Intacct`,
        fix: `correct target_account on line ${rule.line} or create GL account ${rule.targetAccount} in Intacct`,
      });
    } else if (!status) {
      inactiveSink.push({
        code: 'target_account_inactive',
        file: 'accounts.csv',
        line: rule.line,
        subject: rule.targetAccount,
        message: `accounts.csv:${rule.line} target_account ${rule.targetAccount} is inactive in Intacct (${why})`,
        fix: `activate GL account ${rule.targetAccount} in Intacct or point line ${rule.line} at an active account`,
      });
    }
    for (const { column, field, dimension } of LINE_DIMENSION_COLUMNS) {
      const source = rule.dimensions[field];
      if (source?.kind !== 'literal') continue;
      const active = dims[dimension]?.get(source.value);
      if (active === undefined) {
        errors.push({
          code: 'dimension_value_missing',
          file: 'accounts.csv',
          line: rule.line,
          subject: `${dimension} ${source.value}`,
          message: `accounts.csv:${rule.line} ${column} ${source.value} is not a ${dimension} in Intacct`,
          fix: `correct ${column} on line ${rule.line} or create ${dimension} ${source.value} in Intacct`,
        });
      } else if (!active) {
        inactiveSink.push({
          code: 'dimension_value_inactive',
          file: 'accounts.csv',
          line: rule.line,
          subject: `${dimension} ${source.value}`,
          message: `accounts.csv:${rule.line} ${column} ${source.value} is inactive in Intacct (${why})`,
          fix: `activate ${dimension} ${source.value} in Intacct or change ${column} on line ${rule.line}`,
        });
      }
    }
  }
}

function checkDimensionRows(engine: MappingEngine, input: ValidationInput, live: ReadonlySet<number>, errors: Sink, warnings: Sink): void {
  for (const row of engine.tables.dimensions) {
    const entries = (input.intacct.dimensions as Readonly<Record<string, readonly CatalogEntry[] | undefined>>)[row.dimension];
    if (entries === undefined) continue; // CUSTOMER, VENDOR, EMPLOYEE, ITEM: no catalog given to check against.
    const active = catalog(entries).get(row.targetValue);
    const subject = `${row.dimension} ${row.targetValue}`;
    if (active === undefined) {
      errors.push({
        code: 'dimension_value_missing',
        file: 'dimensions.csv',
        line: row.line,
        subject,
        message: `dimensions.csv:${row.line} target_value ${row.targetValue} is not a ${row.dimension} in Intacct`,
        fix: `correct target_value on line ${row.line} or create ${row.dimension} ${row.targetValue} in Intacct`,
      });
    } else if (!active) {
      const isLive = live.has(row.line);
      (isLive ? errors : warnings).push({
        code: 'dimension_value_inactive',
        file: 'dimensions.csv',
        line: row.line,
        subject,
        message: `dimensions.csv:${row.line} target_value ${row.targetValue} is inactive in Intacct${isLive ? ' and active Sage 300 accounts translate through it' : ''}`,
        fix: `activate ${row.dimension} ${row.targetValue} in Intacct or change line ${row.line}`,
      });
    }
  }
}

function unusedRules(engine: MappingEngine, accounts: readonly { formatted: string }[], used: ReadonlySet<number>): ReportEntry[] {
  // Split each account once and group by first segment: a 200,000-row accounts.csv of mostly unused rules would
  // otherwise re-split the whole chart for every rule.
  const all = accounts.map(({ formatted }) => ({ formatted, segments: formatted.split(engine.delimiter) }));
  const byFirst = new Map<string, (typeof all)[number][]>();
  for (const a of all) {
    const list = byFirst.get(a.segments[0] ?? '');
    if (list) list.push(a);
    else byFirst.set(a.segments[0] ?? '', [a]);
  }
  const found: ReportEntry[] = [];
  for (const rule of engine.tables.accounts) {
    if (used.has(rule.line) || rule.pattern.length !== engine.segmentNames.length) continue;
    const date = rule.effectiveFrom ?? BEGINNING;
    const first = rule.pattern[0] ?? '*';
    let takenBy: { account: string; line: number } | undefined;
    for (const { formatted, segments } of first === '*' ? all : (byFirst.get(first) ?? [])) {
      if (segments.length !== rule.pattern.length || !rule.pattern.every((p, k) => p === '*' || p === segments[k])) continue;
      const winner = engine.matchRules(formatted, date)?.winners[0];
      if (winner) takenBy = { account: formatted, line: winner.line };
      break;
    }
    found.push({
      code: 'rule_unused',
      file: 'accounts.csv',
      line: rule.line,
      subject: rule.source,
      message:
        takenBy === undefined
          ? `accounts.csv:${rule.line} (${rule.source}) matches no Sage 300 account`
          : `accounts.csv:${rule.line} (${rule.source}) never wins: every account it matches goes to a higher-ranked rule (e.g. ${takenBy.account} → accounts.csv:${takenBy.line})`,
      fix:
        takenBy === undefined
          ? `correct source_account on line ${rule.line} or delete the row`
          : `delete line ${rule.line} or change its priority if it is meant to apply`,
    });
  }
  return found;
}
