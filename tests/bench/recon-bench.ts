import { createMappingEngine, MAPPING_FILE_COLUMNS, parseMappings } from '../../src/core/mapping/index.ts';
import type { GlSourceLine } from '../../src/core/ports/gl-ports.ts';
import type {
  IntacctBatchHeader,
  IntacctEntryLine,
  IntacctTrialBalancePort,
  Sage300TrialBalancePort,
} from '../../src/core/ports/reconcile-ports.ts';
import { reconcileTrialBalance } from '../../src/core/reconcile/index.ts';
import { createStateStore, STATE_MIGRATIONS } from '../../src/core/state/index.ts';
import { Money, formatAmount } from '../../src/domain/money.ts';
import { openStateDb } from '../../src/platform/state-db.ts';

const SEGMENTS = { segmentNames: ['account', 'department', 'region'] };
const DEPTS = ['ADM', 'SLS', 'OPS', 'ENG'];
const REGIONS = ['EA', 'WE', 'CE'];
/** Lines per generated entry: every account gets one debit and one credit line per period. */
const LINES_PER_ENTRY = 10;

interface Company {
  sage: Sage300TrialBalancePort;
  intacct: IntacctTrialBalancePort;
  entries: number;
  lines: number;
}

const iso = (y: number, p: number, d: number): string => `${y}-${String(p).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const lastDay = (y: number, p: number): number => new Date(Date.UTC(y, p, 0)).getUTCDate();

/**
 * A synthetic ledger fed through the reconciliation's ports (building a full 5,000-account Sage 300 database and
 * Intacct company would measure the generators, not the reconciliation): `accounts` formatted accounts, each with
 * one debit and one credit line per period; 1 % of entries unsynced, one direct Intacct entry per period, and
 * 0.2 % of accounts unmapped. Amounts are exact decimals.
 */
function buildCompany(accounts: number, periods: number, store: ReturnType<typeof createStateStore>): Company {
  const year = 2026;
  const names = Array.from({ length: accounts }, (_, i) => `${String(10000 + i)}-${DEPTS[i % 4]}-${REGIONS[i % 3]}`);
  const sageByPeriod = new Map<number, GlSourceLine[]>();
  const intacctByPeriod = new Map<number, { batches: IntacctBatchHeader[]; lines: IntacctEntryLine[] }>();
  let recordNo = 0;
  let entries = 0;
  let totalLines = 0;
  const indexOf = new Map(names.map((n, i) => [n, i]));
  const unmapped = (name: string) => (indexOf.get(name) ?? 0) % 500 === 499;
  for (let p = 1; p <= periods; p++) {
    const sage: GlSourceLine[] = [];
    const batches: IntacctBatchHeader[] = [];
    const lines: IntacctEntryLine[] = [];
    const order = [...names.keys()];
    for (let e = 0; e * (LINES_PER_ENTRY / 2) < accounts; e++) {
      const date = iso(year, p, 1 + (e % 28));
      const entryNo = String(e + 1).padStart(5, '0');
      const members = order.slice(e * (LINES_PER_ENTRY / 2), (e + 1) * (LINES_PER_ENTRY / 2));
      // Each account is debited in its own entry and credited in the next one's pair, so every entry balances.
      const entryLines: GlSourceLine[] = [];
      members.forEach((a) => {
        const amount = new Money((a * 37 + p * 101) % 99_991).div(100).plus('0.004');
        const counter = (a + 1) % accounts;
        for (const [acct, signed] of [
          [a, amount],
          [counter, amount.negated()],
        ] as const) {
          entryLines.push({
            batch: String(p).padStart(6, '0'),
            entry: entryNo,
            line: entryLines.length + 1,
            postingSeq: p * 100_000 + e,
            account: names[acct]!,
            accountId: names[acct]!.replace(/-/g, ''),
            date,
            fiscalYear: String(year),
            fiscalPeriod: String(p).padStart(2, '0'),
            amount: signed.toFixed(3),
            currency: 'USD',
            description: '',
            reference: `JE${entryNo}`,
            sourceLedger: 'GL',
            sourceType: 'JE',
          });
        }
      });
      sage.push(...entryLines);
      totalLines += entryLines.length;
      entries++;
      const sourceKey = `BENCH:${String(p).padStart(6, '0')}:${entryNo}`;
      if (e % 100 === 7 || entryLines.some((l) => unmapped(l.account!))) continue; // unsynced / unmapped: never reached Intacct
      const rn = String(++recordNo);
      store.xrefs.link({
        objectType: 'GLBATCH',
        sourceSystem: 'sage300',
        sourceKey,
        targetSystem: 'intacct',
        targetKey: `S300:${sourceKey}`,
        targetRecordNo: rn,
      });
      batches.push({ recordNo: rn, journal: 'S300GL', date, reference: `S300:${sourceKey}`, title: '', state: 'Posted' });
      for (const l of entryLines) {
        const [acct, dept, loc] = l.account!.split('-') as [string, string, string];
        lines.push({ batchRecordNo: rn, account: acct, department: dept, location: loc, amount: formatAmount(new Money(l.amount), 2) });
      }
    }
    const direct = String(++recordNo);
    batches.push({ recordNo: direct, journal: 'GJ', date: iso(year, p, 15), reference: `ADJ-${p}`, title: 'direct', state: 'Posted' });
    lines.push(
      { batchRecordNo: direct, account: '10000', department: 'ADM', location: 'EA', amount: '12.34' },
      { batchRecordNo: direct, account: '10001', department: 'SLS', location: 'WE', amount: '-12.34' },
    );
    sageByPeriod.set(p, sage);
    intacctByPeriod.set(p, { batches, lines });
  }
  const periodOf = (start: string): number => Number(start.slice(5, 7));
  return {
    entries,
    lines: totalLines,
    sage: {
      periodRange: (y, p) =>
        Promise.resolve(p >= 1 && p <= periods ? { year: y, period: p, start: iso(y, p, 1), end: iso(y, p, lastDay(y, p)) } : null),
      periodLines: (_y, p) => Promise.resolve({ lines: sageByPeriod.get(p) ?? [], rowErrors: [] }),
    },
    intacct: {
      trialBalance: (start) => {
        const by = new Map<string, Money>();
        for (const l of intacctByPeriod.get(periodOf(start))?.lines ?? [])
          by.set(l.account, (by.get(l.account) ?? new Money(0)).plus(l.amount));
        return Promise.resolve(
          [...by].map(([account, net]) => ({
            account,
            debits: net.isNegative() ? '0' : net.toFixed(2),
            credits: net.isNegative() ? net.negated().toFixed(2) : '0',
          })),
        );
      },
      batches: (start) => Promise.resolve(intacctByPeriod.get(periodOf(start))?.batches ?? []),
      lines: (start) => Promise.resolve(intacctByPeriod.get(periodOf(start))?.lines ?? []),
      batchesByRecordNo: () => Promise.resolve([]),
    },
  };
}

/** Reconciles `periods` periods of a synthetic `accounts`-account ledger through the real core use case. */
export async function benchReconcile(opts: { accounts: number; periods: number }) {
  const db = openStateDb(':memory:', { migrations: STATE_MIGRATIONS });
  const store = createStateStore(db, { clock: { now: () => Date.now() } });
  const cols = MAPPING_FILE_COLUMNS as Record<string, readonly string[]>;
  const files = Object.fromEntries(Object.entries(cols).map(([f, c]) => [f, `${c.join(',')}\n`]));
  // One rule per natural account (as a real chart has), with department and region dimensions; every 500th has none.
  for (let i = 0; i < opts.accounts; i++)
    if (i % 500 !== 499) files['accounts.csv'] += `10,${10000 + i}-*-*,${10000 + i},=department,=region,,,,,\n`;
  for (const d of DEPTS) files['dimensions.csv'] += `department,${d},DEPARTMENT,${d}\n`;
  for (const r of REGIONS) files['dimensions.csv'] += `region,${r},LOCATION,${r}\n`;
  const loaded = parseMappings(files, SEGMENTS);
  if (!loaded.ok) throw new Error(loaded.error.map((e) => e.message).join('; '));
  const built0 = performance.now();
  const company = buildCompany(opts.accounts, opts.periods, store);
  const buildMs = performance.now() - built0;
  const engine = createMappingEngine(loaded.value, SEGMENTS);

  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 5);
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  let variances = 0;
  let explainedEntries = 0;
  let unexplained = new Money(0);
  try {
    for (let p = 1; p <= opts.periods; p++) {
      const r = await reconcileTrialBalance(
        { sage300: company.sage, intacct: company.intacct, store, engine },
        { company: 'BENCH', year: 2026, period: p, now: new Date().toISOString() },
      );
      variances += r.totals.variances;
      explainedEntries += r.entries.length;
      unexplained = unexplained.plus(r.totals.unexplained);
    }
  } finally {
    clearInterval(sampler);
    db.close();
  }
  const wallMs = performance.now() - t0;
  const m = process.memoryUsage();
  return {
    name: 'reconcile trial balance (synthetic ledger through the core use case and its ports)',
    accounts: opts.accounts,
    periods: opts.periods,
    sageEntries: company.entries,
    sageLines: company.lines,
    inputBuildMs: Math.round(buildMs),
    wallMs: Math.round(wallMs),
    msPerPeriod: Math.round(wallMs / opts.periods),
    linesPerSecond: Math.round(company.lines / (wallMs / 1000)),
    peakRssMb: Math.round(Math.max(peakRss, m.rss) / 1e6),
    rssBeforeMb: Math.round(rssBefore / 1e6),
    peakHeapUsedMb: Math.round(Math.max(peakHeap, m.heapUsed) / 1e6),
    variances,
    explainedEntries,
    unexplained: unexplained.toFixed(2),
  };
}
