import type { GlLedgerPlan } from '../gl/source-ledgers.ts';
import type { MappingEngine } from '../mapping/index.ts';
import type { IntacctBatchHeader, IntacctTrialBalancePort, Sage300TrialBalancePort } from '../ports/reconcile-ports.ts';
import type { StateStore } from '../state/index.ts';
import { computeVariances, type LineTarget } from './compute-variances.ts';
import { currencyActivity } from './currency-activity.ts';
import type { ReconciliationReport, SyncStatus } from './reconcile-model.ts';

/** What a reconciliation reads: both trial balances, the sync state and the mapping rules. */
export interface ReconcileDeps {
  readonly sage300: Sage300TrialBalancePort;
  readonly intacct: IntacctTrialBalancePort;
  readonly store: StateStore;
  readonly engine: MappingEngine;
  /** The company's GL source-ledger plan: ledgers whose documents another pipeline replicates are not journal entries. */
  readonly ledgers?: GlLedgerPlan;
}

/** A request the caller can correct (period that does not exist in the Sage 300 calendar). */
export class ReconcileInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReconcileInputError';
  }
}

const OBJECT = 'GLBATCH';
const PENDING = new Set(['planned', 'approved', 'sending', 'unknown', 'failed']);

/** The sync state of a Sage 300 entry: cross-reference first, then an open exception, then the outbox. */
function glSyncStatus(store: StateStore, company: string): (sourceKey: string) => SyncStatus {
  const open = new Map<string, { id: number; class: string; message: string }>();
  for (const e of store.exceptions.list({ pipeline: 'gl' })) {
    if (e.status !== 'resolved' && e.company === company) open.set(e.sourceKey, { id: e.id, class: e.class, message: e.message });
  }
  return (sourceKey) => {
    const x = store.xrefs.bySource(OBJECT, 'sage300', sourceKey, 'intacct');
    if (x) return { kind: 'synced', recordNo: x.targetRecordNo ?? x.targetKey };
    const ex = open.get(sourceKey);
    if (ex) return { kind: 'exception', ...ex };
    const o = store.outbox.bySource('sage300', sourceKey).find((v) => PENDING.has(v.state));
    if (o) return { kind: 'outbox', state: o.state, idempotencyKey: o.idempotencyKey };
    return { kind: 'not_synced' };
  };
}

/**
 * Reconciles one Sage 300 fiscal period against the Intacct entity over the same dates: reads both sides,
 * groups them by mapped Intacct account and dimensions, and explains each variance.
 */
export async function reconcileTrialBalance(
  deps: ReconcileDeps,
  req: { company: string; year: number; period: number; now: string },
): Promise<ReconciliationReport> {
  const range = await deps.sage300.periodRange(req.year, req.period);
  if (!range)
    throw new ReconcileInputError(
      `fiscal period ${req.year}-${String(req.period).padStart(2, '0')} is not in the Sage 300 fiscal calendar (CSFSC)`,
    );
  const [sage, batches, lines, tb] = await Promise.all([
    deps.sage300.periodLines(req.year, req.period),
    deps.intacct.batches(range.start, range.end),
    deps.intacct.lines(range.start, range.end),
    deps.intacct.trialBalance(range.start, range.end),
  ]);
  const lookup = glSyncStatus(deps.store, req.company);
  // One state-store lookup per entry, not per line.
  const statuses = new Map<string, SyncStatus>();
  const status = (key: string): SyncStatus => {
    let s = statuses.get(key);
    if (!s) statuses.set(key, (s = lookup(key)));
    return s;
  };
  const inRange = new Set(batches.map((b) => b.recordNo));
  // Synced entries whose Intacct record is not dated in this period: read their headers to show where they went.
  const away = new Set<string>();
  for (const l of sage.lines) {
    const s = status(`${req.company}:${l.batch}:${l.entry}`);
    if (s.kind === 'synced' && s.recordNo !== null && !inRange.has(s.recordNo)) away.add(s.recordNo);
  }
  const elsewhere = new Map<string, IntacctBatchHeader>();
  if (away.size > 0) for (const h of await deps.intacct.batchesByRecordNo([...away])) elsewhere.set(h.recordNo, h);

  const target = (l: (typeof sage.lines)[number]): LineTarget => {
    if (l.account === null) return { ok: false, reason: `account ${l.accountId} is not in GLAMF` };
    const r = deps.engine.resolveAccount(l.account, l.date);
    if (!r.ok) return { ok: false, reason: r.error.message };
    return {
      ok: true,
      account: r.value.targetAccount,
      department: r.value.dimensions.DEPARTMENT ?? '',
      location: r.value.dimensions.LOCATION ?? '',
    };
  };
  const report = computeVariances({
    company: req.company,
    year: req.year,
    period: req.period,
    start: range.start,
    end: range.end,
    generatedAt: req.now,
    sageLines: sage.lines,
    sageRowErrors: sage.rowErrors,
    target,
    syncStatus: status,
    intacctBatches: batches,
    intacctLines: lines,
    intacctTrialBalance: tb,
    elsewhere,
    leftOutLedgers: new Map((deps.ledgers?.leftOut ?? []).map((l) => [l.ledger, l.reason])),
  });
  return {
    ...report,
    currencyActivity: currencyActivity({ company: req.company, sageLines: sage.lines, target, syncStatus: status, intacctLines: lines }),
  };
}
