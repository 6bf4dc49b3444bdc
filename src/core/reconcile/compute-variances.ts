import { formatAmount, Money } from '../../domain/money.ts';
import type { GlSourceLine } from '../ports/gl-ports.ts';
import { PROJECT_ENTRY_REFERENCE_PREFIX, syncReferencePrefix } from '../sync/sync-references.ts';
import type { IntacctBatchHeader, IntacctEntryLine, IntacctTbAccount } from '../ports/reconcile-ports.ts';
import type {
  CauseKind,
  CauseRecord,
  EntryCause,
  ReconciliationReport,
  SyncStatus,
  UnmappedAccount,
  VarianceRow,
} from './reconcile-model.ts';

/** Where a Sage 300 line lands in Intacct: account and the dimensions the comparison groups by. */
export type LineTarget =
  | { readonly ok: true; readonly account: string; readonly department: string; readonly location: string }
  | { readonly ok: false; readonly reason: string };

/** Everything the comparison needs, already read; the function itself does no I/O. */
export interface VarianceInputs {
  readonly company: string;
  readonly year: number;
  readonly period: number;
  readonly start: string;
  readonly end: string;
  readonly generatedAt: string;
  readonly sageLines: readonly GlSourceLine[];
  readonly sageRowErrors: readonly { key: string; message: string }[];
  /** Mapping of one Sage 300 line (account on its date). */
  target(line: GlSourceLine): LineTarget;
  /** Sync state of a Sage 300 entry (`company:batch:entry`). */
  syncStatus(sourceKey: string): SyncStatus;
  readonly intacctBatches: readonly IntacctBatchHeader[];
  readonly intacctLines: readonly IntacctEntryLine[];
  readonly intacctTrialBalance: readonly IntacctTbAccount[];
  /** Headers of synced entries dated outside the range, by RECORDNO. */
  readonly elsewhere: ReadonlyMap<string, IntacctBatchHeader>;
  /** Source ledgers the GL sync leaves out (another pipeline replicates their documents), with the reason. */
  readonly leftOutLedgers?: ReadonlyMap<string, string>;
}

/** The order entries are listed in: what needs a person's eye first, the many not-yet-synced entries last. */
const CAUSE_ORDER: readonly CauseKind[] = ['unexplained', 'direct_intacct', 'period_mismatch', 'not_synced'];

const zero = (): Money => new Money(0);
const fmt = (m: Money): string => formatAmount(m, 2);
const rowKey = (a: string, d: string, l: string): string => `${a}\u0000${d}\u0000${l}`;

interface Row {
  account: string;
  department: string;
  location: string;
  sage: Money;
  intacct: Money;
  causes: Map<CauseKind, Money>;
  records: CauseRecord[];
}

/** The amount the sync would send for a Sage 300 line: rounded half-up to Intacct's 2 decimals, per line. */
export function postedAmount(amount: string): Money {
  const a = new Money(amount);
  const r = new Money(formatAmount(a.abs(), 2));
  return a.isNegative() ? r.negated() : r;
}

function statusText(s: SyncStatus): string {
  switch (s.kind) {
    case 'synced':
      return `synced as Intacct RECORDNO ${s.recordNo ?? '?'}`;
    case 'outbox':
      return `in the outbox (${s.state}, key ${s.idempotencyKey})`;
    case 'exception':
      return `in the exceptions queue (#${s.id}, ${s.class}): ${s.message}`;
    default:
      return 'not synced yet (no GLBATCH cross-reference)';
  }
}

/**
 * Compares the period activity of both sides per mapped Intacct account + department + location and explains
 * each difference by the entries behind it; what the causes do not cover is reported as unexplained.
 */
export function computeVariances(input: VarianceInputs): ReconciliationReport {
  const rows = new Map<string, Row>();
  const row = (account: string, department: string, location: string): Row => {
    const k = rowKey(account, department, location);
    let r = rows.get(k);
    if (!r) rows.set(k, (r = { account, department, location, sage: zero(), intacct: zero(), causes: new Map(), records: [] }));
    return r;
  };
  const addCause = (r: Row, cause: CauseKind, rec: Omit<CauseRecord, 'cause' | 'amount'>, amount: Money): void => {
    r.causes.set(cause, (r.causes.get(cause) ?? zero()).plus(amount));
    const same = r.records.find((x) => x.cause === cause && x.ref === rec.ref);
    if (same) r.records[r.records.indexOf(same)] = { ...same, amount: fmt(new Money(same.amount).plus(amount)) };
    else r.records.push({ cause, ...rec, amount: fmt(amount) });
  };

  const inRange = new Map(input.intacctBatches.map((b) => [b.recordNo, b]));
  const entries: EntryCause[] = [];
  const unmapped = new Map<string, { net: Money; debits: Money; lines: number; entries: Set<string>; reason: string }>();
  let sageDebits = zero();
  let unmappedDebits = zero();

  // Sage 300 side, entry by entry so each line's cause is the state of its entry.
  const byEntry = new Map<string, GlSourceLine[]>();
  for (const l of input.sageLines) {
    const key = `${input.company}:${l.batch}:${l.entry}`;
    const list = byEntry.get(key);
    if (list) list.push(l);
    else byEntry.set(key, [l]);
  }
  for (const [sourceKey, lines] of byEntry) {
    const status = input.syncStatus(sourceKey);
    let cause: CauseKind | null = null;
    let detail = statusText(status);
    if (status.kind !== 'synced') cause = 'not_synced';
    else if (status.recordNo === null || !inRange.has(status.recordNo)) {
      const there = status.recordNo === null ? undefined : input.elsewhere.get(status.recordNo);
      cause = there ? 'period_mismatch' : 'unexplained';
      detail = there
        ? `Sage 300 fiscal period ${input.year}-${String(input.period).padStart(2, '0')}, but Intacct RECORDNO ${there.recordNo} is dated ${there.date} (outside ${input.start}..${input.end})`
        : `synced, but Intacct RECORDNO ${status.recordNo ?? '?'} was not found`;
    }
    const ledger = lines[0]!.sourceLedger;
    const leftOut = input.leftOutLedgers?.get(ledger);
    // Another pipeline's document: its Sage 300 GL batch is never a journal entry, and the document is in Intacct its own way.
    if (status.kind === 'not_synced' && leftOut !== undefined && lines.every((l) => l.sourceLedger === ledger))
      detail = `not a journal entry: source ledger ${ledger} is left out of the GL sync, ${leftOut}`;
    let entryDebits = zero();
    for (const l of lines) {
      const amount = postedAmount(l.amount);
      if (amount.isZero()) continue;
      if (amount.isPositive()) {
        sageDebits = sageDebits.plus(amount);
        entryDebits = entryDebits.plus(amount);
      }
      const t = input.target(l);
      if (!t.ok) {
        const name = l.account ?? l.accountId;
        const u = unmapped.get(name) ?? { net: zero(), debits: zero(), lines: 0, entries: new Set<string>(), reason: t.reason };
        u.net = u.net.plus(amount);
        if (amount.isPositive()) u.debits = u.debits.plus(amount);
        u.lines++;
        u.entries.add(sourceKey);
        unmapped.set(name, u);
        if (amount.isPositive()) unmappedDebits = unmappedDebits.plus(amount);
        continue;
      }
      const r = row(t.account, t.department, t.location);
      r.sage = r.sage.plus(amount);
      if (cause) addCause(r, cause, { system: 'sage300', ref: sourceKey, date: l.date, detail }, amount);
    }
    if (cause)
      entries.push({
        cause,
        system: 'sage300',
        ref: sourceKey,
        date: lines[0]!.date,
        reference: lines[0]!.reference,
        debits: fmt(entryDebits),
        detail,
      });
  }

  // Intacct side: lines of entries made directly in Intacct, or synced from another Sage 300 period.
  const sageKeys = new Set(byEntry.keys());
  const batchCause = new Map<string, { cause: CauseKind; detail: string } | null>();
  for (const b of input.intacctBatches) {
    const prefix = syncReferencePrefix(b.reference);
    if (prefix === undefined)
      batchCause.set(b.recordNo, {
        cause: 'direct_intacct',
        detail: `made directly in Intacct (journal ${b.journal}, reference "${b.reference}", ${b.title})`,
      });
    // sync_projects' tagging entries move amounts onto a project on the same account and dimensions: ours, netting to zero.
    else if (prefix === PROJECT_ENTRY_REFERENCE_PREFIX) batchCause.set(b.recordNo, null);
    else if (!sageKeys.has(b.reference.slice(prefix.length))) {
      const fromCompany = b.reference.startsWith(`${prefix}${input.company}:`);
      batchCause.set(
        b.recordNo,
        fromCompany
          ? {
              cause: 'period_mismatch',
              detail: `synced from ${b.reference}, which Sage 300 posted in another fiscal period; dated ${b.date} in Intacct`,
            }
          : { cause: 'unexplained', detail: `synced from another Sage 300 company (${b.reference})` },
      );
    } else batchCause.set(b.recordNo, null);
  }
  const intacctDebitsByBatch = new Map<string, Money>();
  let intacctDebits = zero();
  for (const l of input.intacctLines) {
    const amount = new Money(l.amount);
    const r = row(l.account, l.department, l.location);
    r.intacct = r.intacct.plus(amount);
    if (amount.isPositive()) {
      intacctDebits = intacctDebits.plus(amount);
      intacctDebitsByBatch.set(l.batchRecordNo, (intacctDebitsByBatch.get(l.batchRecordNo) ?? zero()).plus(amount));
    }
    const c = batchCause.get(l.batchRecordNo);
    const b = inRange.get(l.batchRecordNo);
    if (c && b) addCause(r, c.cause, { system: 'intacct', ref: b.recordNo, date: b.date, detail: c.detail }, amount.negated());
  }
  for (const b of input.intacctBatches) {
    const c = batchCause.get(b.recordNo);
    if (c)
      entries.push({
        cause: c.cause,
        system: 'intacct',
        ref: b.recordNo,
        date: b.date,
        reference: b.reference,
        debits: fmt(intacctDebitsByBatch.get(b.recordNo) ?? zero()),
        detail: c.detail,
      });
  }

  return assemble(input, rows, unmapped, entries, { sageDebits, unmappedDebits, intacctDebits });
}

function assemble(
  input: VarianceInputs,
  rows: Map<string, Row>,
  unmapped: Map<string, { net: Money; debits: Money; lines: number; entries: Set<string>; reason: string }>,
  entries: EntryCause[],
  sums: { sageDebits: Money; unmappedDebits: Money; intacctDebits: Money },
): ReconciliationReport {
  const totals = { abs: zero(), not_synced: zero(), direct_intacct: zero(), period_mismatch: zero(), unexplained: zero() };
  const variances: VarianceRow[] = [];
  const sorted = [...rows.values()].sort(
    (a, b) => a.account.localeCompare(b.account) || a.department.localeCompare(b.department) || a.location.localeCompare(b.location),
  );
  for (const r of sorted) {
    const variance = r.sage.minus(r.intacct);
    if (variance.isZero() && r.records.length === 0) continue;
    const part = (c: CauseKind): Money => r.causes.get(c) ?? zero();
    const explained = part('not_synced').plus(part('direct_intacct')).plus(part('period_mismatch'));
    const unexplained = variance.minus(explained);
    if (variance.isZero() && unexplained.isZero()) continue; // causes that cancel out inside a row leave nothing to explain
    totals.abs = totals.abs.plus(variance.abs());
    totals.unexplained = totals.unexplained.plus(unexplained.abs());
    variances.push({
      account: r.account,
      department: r.department,
      location: r.location,
      sage300: fmt(r.sage),
      intacct: fmt(r.intacct),
      variance: fmt(variance),
      notSynced: fmt(part('not_synced')),
      directIntacct: fmt(part('direct_intacct')),
      periodMismatch: fmt(part('period_mismatch')),
      unexplained: fmt(unexplained),
      records: r.records,
    });
  }
  // The rare causes first: a capped list must still show what was made directly in Intacct or dated elsewhere.
  entries.sort((a, b) => CAUSE_ORDER.indexOf(a.cause) - CAUSE_ORDER.indexOf(b.cause));
  // Signed effects of a balanced entry cancel out across rows, so cause totals are the entries' debit totals.
  for (const e of entries) if (e.cause !== 'unexplained') totals[e.cause] = totals[e.cause].plus(new Money(e.debits));
  const byLines = new Map<string, Money>();
  for (const l of input.intacctLines) byLines.set(l.account, (byLines.get(l.account) ?? zero()).plus(new Money(l.amount)));
  const tbMismatches: { account: string; lines: string; trialBalance: string }[] = [];
  const tbAccounts = new Set<string>();
  for (const t of input.intacctTrialBalance) {
    tbAccounts.add(t.account);
    const tb = new Money(t.debits).minus(new Money(t.credits));
    const lines = byLines.get(t.account) ?? zero();
    if (!tb.equals(lines)) tbMismatches.push({ account: t.account, lines: fmt(lines), trialBalance: fmt(tb) });
  }
  for (const [account, lines] of byLines)
    if (!tbAccounts.has(account) && !lines.isZero()) tbMismatches.push({ account, lines: fmt(lines), trialBalance: '0.00' });
  const unmappedList: UnmappedAccount[] = [...unmapped.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([account, u]) => ({
      account,
      net: fmt(u.net),
      debits: fmt(u.debits),
      lines: u.lines,
      entries: [...u.entries].sort(),
      reason: u.reason,
    }));
  return {
    company: input.company,
    period: `${input.year}-${String(input.period).padStart(2, '0')}`,
    fiscalYear: input.year,
    fiscalPeriod: input.period,
    start: input.start,
    end: input.end,
    basis: 'period_activity',
    generatedAt: input.generatedAt,
    reconciled: variances.length === 0 && unmappedList.length === 0,
    totals: {
      rowsCompared: rows.size,
      variances: variances.length,
      sage300Debits: fmt(sums.sageDebits),
      sage300UnmappedDebits: fmt(sums.unmappedDebits),
      intacctDebits: fmt(sums.intacctDebits),
      absoluteVariance: fmt(totals.abs),
      notSynced: fmt(totals.not_synced),
      directIntacct: fmt(totals.direct_intacct),
      periodMismatch: fmt(totals.period_mismatch),
      unexplained: fmt(totals.unexplained),
    },
    variances,
    unmapped: unmappedList,
    entries,
    controls: { intacctTrialBalanceMismatches: tbMismatches, sage300RowErrors: input.sageRowErrors },
  };
}
