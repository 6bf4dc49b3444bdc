import { Money, sumAmounts } from '../../domain/money.ts';
import { rowWriter, type RowWriter } from '../sage300-db/schema.ts';
import type { GenContext } from './sage300-context.ts';
import { periodEnd, periodText } from './sage300-calendar.ts';

export interface JournalLine {
  readonly acctId: string;
  /** Home-currency amount: debit positive, credit negative (GLJED/GLPOST TRANSAMT convention). */
  readonly amount: Money;
  readonly description: string;
  readonly reference: string;
}

export interface JournalEntry {
  readonly ledger: 'GL' | 'AP' | 'AR' | 'PO';
  readonly type: string;
  readonly period: number;
  readonly date: number;
  readonly description: string;
  readonly lines: readonly JournalLine[];
}

/** Per-period GL totals the truth object exposes. */
export interface LedgerResult {
  readonly batches: number;
  readonly entriesPerPeriod: Record<string, number>;
  /** acctId → period ('1'..'12') → net posted amount, exact with 3 decimals. */
  readonly netByAccountPeriod: Record<string, Record<string, string>>;
  readonly openingBalances: Record<string, string>;
  readonly trialBalance: Record<string, { debits: string; credits: string; activityDebits: string; activityCredits: string }>;
  readonly postingSequences: number;
}

/** Manual GL batches are split like a bookkeeper would; subledger batches hold one posting run. */
const MAX_ENTRIES_PER_GL_BATCH = 250;
const LEDGER_ORDER = ['GL', 'AP', 'AR', 'PO'] as const;
const HOME = 'USD';

/** Positional writers for the high-volume GL tables (one GLJED + one GLPOST row per journal line). */
interface GlWriters {
  readonly gljeh: RowWriter;
  readonly gljed: RowWriter;
  readonly glpost: RowWriter;
}

/** Columns every GLJED/GLPOST line shares: home currency at rate 1. */
const LINE_CONSTANTS = {
  SCURNDEC: '2',
  HCURNCODE: HOME,
  SCURNCODE: HOME,
  RATETYPE: 'SP',
  CONVRATE: '1',
  RATEOPER: '1',
  DATEMTCHCD: '1',
} as const;
const STAMP = ['AUDTDATE', 'AUDTTIME', 'AUDTUSER', 'AUDTORG'] as const;

/**
 * Collects balanced journal entries from every demo module, then writes them as posted GL batches
 * (GLBCTL/GLJEH/GLJED), the posted ledger (GLPOST) and the actuals fiscal set (GLAFS) — GLAFS is
 * accumulated from exactly the lines written to GLPOST, so the two always agree.
 */
export class DemoLedger {
  private readonly byPeriod = new Map<number, JournalEntry[]>();
  private readonly opening = new Map<string, Money>();

  constructor(private readonly ctx: GenContext) {}

  setOpeningBalances(balances: ReadonlyMap<string, Money>): void {
    if (!sumAmounts(balances.values()).isZero()) throw new Error('opening balances do not balance');
    for (const [acct, amount] of balances) this.opening.set(acct, amount);
  }

  add(entry: JournalEntry): void {
    if (entry.lines.length < 2) throw new Error(`entry '${entry.description}' needs two lines`);
    if (!sumAmounts(entry.lines.map((l) => l.amount)).isZero()) {
      throw new Error(`entry '${entry.description}' does not balance`);
    }
    let list = this.byPeriod.get(entry.period);
    if (!list) {
      list = [];
      this.byPeriod.set(entry.period, list);
    }
    list.push(entry);
  }

  write(accountIds: readonly string[]): LedgerResult {
    const net = new Map<string, Money[]>(); // acctId → 12 period nets
    const netFor = (acct: string): Money[] => {
      let arr = net.get(acct);
      if (!arr) {
        arr = Array.from({ length: 12 }, () => new Money(0));
        net.set(acct, arr);
      }
      return arr;
    };
    const entriesPerPeriod: Record<string, number> = {};
    const writers = this.writers();
    let batchNo = 0;
    let postingSeq = 0;
    for (let period = 1; period <= 12; period++) {
      const entries = this.byPeriod.get(period) ?? [];
      entriesPerPeriod[String(period)] = entries.length;
      for (const ledger of LEDGER_ORDER) {
        const mine = entries.filter((e) => e.ledger === ledger);
        const chunk = ledger === 'GL' ? MAX_ENTRIES_PER_GL_BATCH : Math.max(1, mine.length);
        for (let start = 0; start < mine.length; start += chunk) {
          batchNo++;
          postingSeq++;
          this.writeBatch(writers, batchNo, postingSeq, period, ledger, mine.slice(start, start + chunk), netFor);
        }
      }
    }
    for (const acct of accountIds) netFor(acct);
    this.writeFiscalSets(net);
    return summarizeLedger(net, this.opening, entriesPerPeriod, batchNo, postingSeq);
  }

  private writers(): GlWriters {
    const { ctx } = this;
    return {
      gljeh: rowWriter(
        ctx.db,
        'GLJEH',
        [
          'BATCHID',
          'BTCHENTRY',
          ...STAMP,
          'SRCELEDGER',
          'SRCETYPE',
          'FSCSPERD',
          'JRNLDESC',
          'JRNLDR',
          'JRNLCR',
          'DATEENTRY',
          'DETAILCNT',
          'DOCDATE',
        ],
        { FSCSYR: String(ctx.year), ENTEREDBY: ctx.user, ORIGCOMP: ctx.orgId },
      ),
      gljed: rowWriter(
        ctx.db,
        'GLJED',
        [
          'BATCHNBR',
          'JOURNALID',
          'TRANSNBR',
          ...STAMP,
          'ACCTID',
          'TRANSAMT',
          'SCURNAMT',
          'RATEDATE',
          'TRANSDESC',
          'TRANSREF',
          'TRANSDATE',
          'SRCELDGR',
          'SRCETYPE',
        ],
        { ...LINE_CONSTANTS, COMPANYID: ctx.orgId },
      ),
      glpost: rowWriter(
        ctx.db,
        'GLPOST',
        [
          'ACCTID',
          'TRANSAMT',
          'SCURNAMT',
          'RATEDATE',
          'FISCALPERD',
          'SRCELEDGER',
          'SRCETYPE',
          'POSTINGSEQ',
          'CNTDETAIL',
          ...STAMP,
          'JRNLDATE',
          'BATCHNBR',
          'ENTRYNBR',
          'TRANSNBR',
          'JNLDTLDESC',
          'JNLDTLREF',
          'RPTAMT',
        ],
        { ...LINE_CONSTANTS, COMPANYID: ctx.orgId, FISCALYR: String(ctx.year), SRCECURN: HOME },
      ),
    };
  }

  private writeBatch(
    writers: GlWriters,
    batchNo: number,
    seq: number,
    period: number,
    ledger: JournalEntry['ledger'],
    entries: readonly JournalEntry[],
    netFor: (acct: string) => Money[],
  ): void {
    const { ctx } = this;
    const batchId = String(batchNo).padStart(6, '0');
    const postDate = periodEnd(ctx.year, period);
    const stamp = ctx.stamp(postDate);
    const { AUDTDATE: audtDate, AUDTTIME: audtTime, AUDTUSER: audtUser, AUDTORG: audtOrg } = stamp;
    const perd = periodText(period);
    let debits = new Money(0);
    let credits = new Money(0);
    const detailCounter = new Map<string, number>();
    entries.forEach((entry, i) => {
      const entryNo = String(i + 1).padStart(5, '0');
      const dr = sumAmounts(entry.lines.filter((l) => l.amount.isPositive()).map((l) => l.amount));
      const cr = sumAmounts(entry.lines.filter((l) => l.amount.isNegative()).map((l) => l.amount));
      debits = debits.plus(dr);
      credits = credits.plus(cr);
      writers.gljeh([
        batchId,
        entryNo,
        audtDate,
        audtTime,
        audtUser,
        audtOrg,
        entry.ledger,
        entry.type,
        perd,
        entry.description,
        dr,
        cr.negated(),
        entry.date,
        entry.lines.length,
        entry.date,
      ]);
      entry.lines.forEach((line, j) => {
        const transNbr = (j + 1) * 20;
        writers.gljed([
          batchId,
          entryNo,
          String(transNbr).padStart(10, '0'),
          audtDate,
          audtTime,
          audtUser,
          audtOrg,
          line.acctId,
          line.amount,
          line.amount,
          entry.date,
          line.description,
          line.reference,
          entry.date,
          entry.ledger,
          entry.type,
        ]);
        const counterKey = `${line.acctId}|${entry.ledger}${entry.type}`;
        const cnt = (detailCounter.get(counterKey) ?? 0) + 1;
        detailCounter.set(counterKey, cnt);
        writers.glpost([
          line.acctId,
          line.amount,
          line.amount,
          entry.date,
          perd,
          entry.ledger,
          entry.type,
          seq,
          cnt,
          audtDate,
          audtTime,
          audtUser,
          audtOrg,
          entry.date,
          batchId,
          entryNo,
          transNbr,
          line.description,
          line.reference,
          line.amount,
        ]);
        const arr = netFor(line.acctId);
        arr[period - 1] = (arr[period - 1] ?? new Money(0)).plus(line.amount);
      });
    });
    ctx.insert('GLBCTL', {
      BATCHID: batchId,
      ...stamp,
      ACTIVESW: 1,
      BTCHDESC:
        ledger === 'GL' ? `Journal entries ${ctx.year}-${periodText(period)}` : `${ledger} postings ${ctx.year}-${periodText(period)}`,
      SRCELEDGR: ledger,
      DATECREAT: postDate,
      DATEEDIT: postDate,
      BATCHTYPE: ledger === 'GL' ? '1' : '2',
      BATCHSTAT: '4',
      POSTNGSEQ: seq,
      DEBITTOT: debits,
      CREDITTOT: credits.negated(),
      ENTRYCNT: entries.length,
      NEXTENTRY: entries.length + 1,
      ORIGSTATUS: '1',
      SWPRINTED: 1,
    });
  }

  private writeFiscalSets(net: Map<string, Money[]>): void {
    const { ctx } = this;
    const stamp = ctx.stamp(periodEnd(ctx.year, 12));
    for (const [acct, periods] of [...net].sort(([a], [b]) => a.localeCompare(b))) {
      const row: Record<string, string | Money | number> = {
        ACCTID: acct,
        FSCSYR: String(ctx.year),
        FSCSDSG: 'A',
        FSCSCURN: HOME,
        CURNTYPE: 'F',
        SCURNDEC: '2',
        OPENBAL: this.opening.get(acct) ?? new Money(0),
        ACTIVITYSW: 1,
      };
      periods.forEach((amount, i) => (row[`NETPERD${i + 1}`] = amount));
      ctx.insert('GLAFS', { ...row, ...stamp });
    }
  }
}

/**
 * The truth figures of a ledger from its per-account period nets and opening balances: what DemoLedger returns, and
 * what a section written after it (sage300-fx.ts) recomputes once it has added its own postings.
 */
export function summarizeLedger(
  net: ReadonlyMap<string, readonly Money[]>,
  opening: ReadonlyMap<string, Money>,
  entriesPerPeriod: Record<string, number>,
  batches: number,
  postingSequences: number,
): LedgerResult {
  const netByAccountPeriod: Record<string, Record<string, string>> = {};
  const openingBalances: Record<string, string> = {};
  const trialBalance: LedgerResult['trialBalance'] = {};
  const running = new Map<string, Money>();
  for (const [acct, periods] of net) {
    netByAccountPeriod[acct] = Object.fromEntries(periods.map((m, i) => [String(i + 1), m.toFixed(3)]));
    const open = opening.get(acct) ?? new Money(0);
    openingBalances[acct] = open.toFixed(3);
    running.set(acct, open);
  }
  for (let p = 1; p <= 12; p++) {
    let debits = new Money(0);
    let credits = new Money(0);
    let activityDebits = new Money(0);
    let activityCredits = new Money(0);
    for (const [acct, periods] of net) {
      const activity = periods[p - 1] ?? new Money(0);
      if (activity.isPositive()) activityDebits = activityDebits.plus(activity);
      else activityCredits = activityCredits.minus(activity);
      const balance = (running.get(acct) ?? new Money(0)).plus(activity);
      running.set(acct, balance);
      if (balance.isPositive()) debits = debits.plus(balance);
      else credits = credits.minus(balance);
    }
    trialBalance[String(p)] = {
      debits: debits.toFixed(3),
      credits: credits.toFixed(3),
      activityDebits: activityDebits.toFixed(3),
      activityCredits: activityCredits.toFixed(3),
    };
  }
  return { batches, entriesPerPeriod, netByAccountPeriod, openingBalances, trialBalance, postingSequences };
}
