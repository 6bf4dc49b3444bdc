/**
 * Project-tagging entries: how actual costs and recognised revenue become project-tagged in Intacct without being
 * counted twice.
 *
 * The job-costed costs (Dr WIP) and the billed revenue already reach the Intacct GL untagged, once: as bills and
 * invoices, or as the AP and AR batches the GL sync posts when those pipelines are disabled (gl/source-ledgers.ts). Posting the PMTRAN costs again would double them. So
 * the treatment is a RECLASS per (project, fiscal period), in the configured journal:
 *   cost:    Dr <WIP account> with PROJECTID    /  Cr <same account, same dimensions> without PROJECTID
 *   revenue: Cr <revenue account> with PROJECTID / Dr <same account, same dimensions> without PROJECTID
 * Each entry nets to zero on every account, so the trial balance is unchanged in total and per account; only the
 * project dimension moves. A statistical journal was the alternative, but it would put the project figures in a
 * separate ledger that project profitability reports on real accounts do not read.
 * The account of a PMTRAN row is the project's WIP account (cost rows) or revenue account (revenue rows), the
 * accounts Sage 300 PM posts job-costed documents to; rows of category type "other" are not tagged.
 */
import { formatAmount, Money } from '../../domain/money.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { PmProjectRecord, PmTransactionRecord } from '../ports/project-ports.ts';
import { digestOf, type JsonValue } from '../state/canonical-json.ts';
import { intacctProjectId, projectEntrySourceKey } from './project-id.ts';
import type { ProjectEntryOptions, ProjectProblem } from './project-types.ts';
import { PROJECT_ENTRY_REFERENCE_PREFIX } from '../sync/sync-references.ts';

/** One tagging entry ready to plan. */
export interface TaggingEntry {
  readonly sourceKey: string;
  readonly projectId: string;
  /** Sage 300 contract of the project (its currency labels the approval volume). */
  readonly contract: string;
  readonly reference: string;
  readonly payload: JsonValue;
  readonly cost: Money;
  readonly revenue: Money;
  /** Digest of the entry lines only: what the cross-reference compares on a re-run (journal and state may change). */
  readonly contentHash: string;
}

export interface EntryProblem {
  readonly key: string;
  readonly record: JsonValue;
  readonly problem: ProjectProblem;
}

interface Group {
  project: PmProjectRecord;
  projectId: string;
  year: string;
  period: string;
  cost: Money;
  revenue: Money;
  lastDate: string;
  rows: number[];
}

const usDate = (iso: string): string => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;

/** Digest of a tagging payload's lines (the part that says what was tagged). */
export function taggingContentHash(payload: JsonValue): string {
  return digestOf((payload as { ENTRIES?: JsonValue }).ENTRIES ?? null);
}

/** Two lines on one account that move `amount` onto the project: `debitTagged` puts the debit on the tagged line. */
function pair(
  account: string,
  dims: Record<string, string>,
  projectId: string,
  amount: Money,
  debitTagged: boolean,
  text: string,
): Record<string, JsonValue>[] {
  const positive = !amount.isNegative();
  const taggedDebit = debitTagged === positive;
  const value = formatAmount(amount.abs(), 2);
  const base = { ACCOUNTNO: account, TRX_AMOUNT: value, ...dims };
  return [
    { ...base, TR_TYPE: taggedDebit ? '1' : '-1', PROJECTID: projectId, DESCRIPTION: `${text} to project ${projectId}`.slice(0, 100) },
    { ...base, TR_TYPE: taggedDebit ? '-1' : '1', DESCRIPTION: `${text} reclassed to project ${projectId}`.slice(0, 100) },
  ];
}

function dimsOf(d: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return {
    ...(d.LOCATION ? { LOCATION: d.LOCATION } : {}),
    ...(d.DEPARTMENT ? { DEPARTMENT: d.DEPARTMENT } : {}),
    ...(d.CLASSID ? { CLASSID: d.CLASSID } : {}),
  };
}

/**
 * Groups PMTRAN rows per (project, fiscal period) and builds one reclass entry each. A row of an unknown project, a
 * project not available in Intacct, or an account without a mapping becomes an exception; the rest are tagged.
 */
export function buildTaggingEntries(
  company: string,
  transactions: readonly PmTransactionRecord[],
  projects: ReadonlyMap<string, PmProjectRecord>,
  available: (projectId: string) => string | null,
  engine: MappingEngine,
  options: ProjectEntryOptions,
  /** AR document numbers whose revenue the milestone invoice already tags (see invoicesTaggedByProjects). */
  invoiceTagged: ReadonlySet<string> = new Set(),
): { entries: TaggingEntry[]; problems: EntryProblem[]; ignored: number } {
  const groups = new Map<string, Group>();
  const problems: EntryProblem[] = [];
  let ignored = 0;
  for (const t of transactions) {
    if (
      t.kind === 'other' ||
      new Money(t.amount).isZero() ||
      (t.kind === 'revenue' && t.module === 'AR' && invoiceTagged.has(t.documentNumber))
    ) {
      ignored++;
      continue;
    }
    const project = projects.get(`${t.contract}|${t.project}`);
    const rowKey = `${company}:PMTRAN:${t.transactionNumber}`;
    if (!project) {
      problems.push({
        key: rowKey,
        record: t as unknown as JsonValue,
        problem: {
          class: 'mapping',
          message: `PMTRAN ${t.transactionNumber} names contract ${t.contract} project ${t.project}, which is not a Sage 300 contract project`,
          fix: 'correct the transaction in Sage 300 PM (or restore the project), then run sync_projects again',
        },
      });
      continue;
    }
    if (t.date === null || t.fiscalYear === '' || t.fiscalPeriod === '') {
      problems.push({
        key: rowKey,
        record: t as unknown as JsonValue,
        problem: {
          class: 'validation',
          message: `PMTRAN ${t.transactionNumber} has no transaction date or fiscal period`,
          fix: 'correct the transaction in Sage 300 PM',
        },
      });
      continue;
    }
    const projectId = intacctProjectId(t.contract, t.project);
    const sourceKey = projectEntrySourceKey(company, projectId, t.fiscalYear, t.fiscalPeriod);
    let g = groups.get(sourceKey);
    if (!g) {
      g = {
        project,
        projectId,
        year: t.fiscalYear,
        period: t.fiscalPeriod.padStart(2, '0'),
        cost: new Money(0),
        revenue: new Money(0),
        lastDate: t.date,
        rows: [],
      };
      groups.set(sourceKey, g);
    }
    if (t.kind === 'cost') g.cost = g.cost.plus(t.amount);
    else g.revenue = g.revenue.plus(t.amount);
    if (t.date > g.lastDate) g.lastDate = t.date;
    g.rows.push(t.transactionNumber);
  }
  const entries: TaggingEntry[] = [];
  for (const [sourceKey, g] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const record = {
      projectId: g.projectId,
      fiscalYear: g.year,
      fiscalPeriod: g.period,
      cost: g.cost.toFixed(2),
      revenue: g.revenue.toFixed(2),
      transactions: g.rows,
    };
    const blocked = available(g.projectId);
    if (blocked) {
      problems.push({
        key: sourceKey,
        record,
        problem: {
          class: 'mapping',
          message: `project ${g.projectId} ${g.year}-${g.period} cannot be tagged: ${blocked}`,
          fix: 'resolve the exception of the project itself; the entry follows on the next run',
        },
      });
      continue;
    }
    const cost = new Money(formatAmount(g.cost, 2));
    const revenue = new Money(formatAmount(g.revenue, 2));
    const lines: Record<string, JsonValue>[] = [];
    const unmapped: string[] = [];
    const fixes = new Set<string>();
    for (const [amount, account, debitTagged, label] of [
      [cost, g.project.wipAccount, true, 'cost'],
      [revenue, g.project.revenueAccount, false, 'revenue'],
    ] as const) {
      if (amount.isZero()) continue;
      const resolved = engine.resolveAccount(account, g.lastDate);
      if (!resolved.ok) {
        unmapped.push(`${label} account ${account || '(none)'}: ${resolved.error.message}`);
        fixes.add(resolved.error.fix);
        continue;
      }
      lines.push(
        ...pair(
          resolved.value.targetAccount,
          dimsOf(resolved.value.dimensions),
          g.projectId,
          amount,
          debitTagged,
          `Sage 300 PM ${label} ${g.year}-${g.period}`,
        ),
      );
    }
    if (unmapped.length > 0) {
      problems.push({
        key: sourceKey,
        record,
        problem: {
          class: 'mapping',
          message: `project ${g.projectId} ${g.year}-${g.period} has unmapped accounts: ${unmapped.join('; ')}`,
          fix: [...fixes].join('; '),
        },
      });
      continue;
    }
    if (lines.length === 0) continue; // costs and revenue of the period net to zero: nothing to tag.
    const reference = `${PROJECT_ENTRY_REFERENCE_PREFIX}${sourceKey}`;
    const payload: JsonValue = {
      JOURNAL: options.journal,
      BATCH_DATE: usDate(g.lastDate),
      BATCH_TITLE: `Project tagging ${g.projectId} ${g.year}-${g.period} (Sage 300 PM reclass)`.slice(0, 100),
      REFERENCENO: reference,
      STATE: options.state,
      ENTRIES: { GLENTRY: lines },
    };
    entries.push({
      sourceKey,
      projectId: g.projectId,
      contract: g.project.contract,
      reference,
      payload,
      cost,
      revenue,
      contentHash: taggingContentHash(payload),
    });
  }
  return { entries, problems, ignored };
}
