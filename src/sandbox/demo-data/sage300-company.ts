import type Database from 'better-sqlite3';
import { Money, sumAmounts } from '../../domain/money.ts';
import { SAGE300_TABLES, withBulkLoad } from '../sage300-db/schema.ts';
import { createPrng } from './sage300-prng.ts';
import { createContext, type GenContext } from './sage300-context.ts';
import { buildChart, writeChart, type DemoChart } from './sage300-chart.ts';
import { writeCompany, writeCustomers, writeVendors, type DemoCustomer, type DemoVendor } from './sage300-parties.ts';
import { DemoLedger } from './sage300-ledger.ts';
import { ApBook, type ApKind } from './sage300-ap.ts';
import { ArBook, type ArKind } from './sage300-ar.ts';
import { writePurchaseOrders } from './sage300-po.ts';
import { planProjects } from './sage300-pm.ts';
import { addManualJournals } from './sage300-journals.ts';
import { addDays, periodEnd, periodStart } from './sage300-calendar.ts';
import { writeDocTraps } from './sage300-doc-traps.ts';
import { writeArAttachments } from './sage300-ar-attachments.ts';
import { addFxTraps } from './sage300-fx.ts';
import { writeFxArTraps } from './sage300-fx-ar.ts';
import { writeFxApTraps } from './sage300-fx-ap.ts';
import type { Sage300Truth } from './sage300-truth.ts';
import { writeConsolePlants } from './sage300-console-plants.ts';

export type { Sage300Truth } from './sage300-truth.ts';

export interface Sage300CompanyOptions {
  seed?: number;
  /** Volume multiplier (default 1). Scale 100 puts > 10,000 journal entries in every period. */
  scale?: number;
  companyId?: string;
  fiscalYear?: number;
  /** The multi-currency traps (sage300-fx.ts); default true. false gives the single-currency company of before. */
  multiCurrency?: boolean;
}

/** Manual GL entries per period at scale 1; subledgers add roughly another 40. */
const MANUAL_JE_PER_PERIOD = 70;
const COMPANY_NAME = 'Sample Company Inc.';

/**
 * Fills an empty company database with a deterministic demo company: chart, vendors, customers,
 * a fully posted fiscal year of GL/AP/AR/PO/PM activity, and returns the figures tests compare to.
 * Runs in one bulk-load transaction (`withBulkLoad`), so a failure leaves the database empty.
 */
export function generateSage300Company(db: Database.Database, options: Sage300CompanyOptions = {}): Sage300Truth {
  const seed = options.seed ?? 300;
  const scale = options.scale ?? 1;
  const orgId = options.companyId ?? 'SAMINC';
  const year = options.fiscalYear ?? 2026;
  if (!(scale > 0)) throw new Error('scale must be positive');
  const existing = db.prepare('SELECT (SELECT COUNT(*) FROM CSCOM) + (SELECT COUNT(*) FROM GLAMF) AS n').get() as { n: number };
  if (existing.n > 0) throw new Error('generateSage300Company needs an empty company database');
  return withBulkLoad(db, () => generate(createContext(db, createPrng(seed), orgId, year, scale), seed, options.multiCurrency ?? true));
}

function generate(ctx: GenContext, seed: number, multiCurrency: boolean): Sage300Truth {
  const chart = buildChart();
  writeCompany(ctx, COMPANY_NAME);
  writeChart(ctx, chart);
  const vendors = writeVendors(ctx);
  const customers = writeCustomers(ctx);
  const ledger = new DemoLedger(ctx);
  ledger.setOpeningBalances(openingBalances(chart));
  const ap = new ApBook(ctx, ledger, chart);
  const ar = new ArBook(ctx, ledger, chart);
  addApActivity(ctx, chart, vendors, ap);
  addArActivity(ctx, chart, customers, ar);
  const purchaseOrders = writePurchaseOrders(ctx, chart, vendors, ledger, ap);
  const pm = planProjects(ctx, chart, customers, vendors, ap, ar);
  addManualJournals(ctx, chart, ledger, ctx.scaled(MANUAL_JE_PER_PERIOD));
  const ledgerResult = ledger.write(chart.all.map((a) => a.acctId));
  ap.write();
  ar.write();
  const projects = pm.write();
  const renamed = customers.filter((c) => c.active)[2] ?? customers[0];
  if (!renamed) throw new Error('no customers generated');
  const docTraps = writeDocTraps(ctx, chart, vendors, customers, renamed.id);
  // After everything else, drawing nothing from the generator: no other record changes.
  const hostile = writeConsolePlants(ctx);
  vendors.push(hostile);
  const gl = multiCurrency ? addFxTraps(ctx, chart, ledgerResult) : ledgerResult;
  const invoiceWithAttachments = writeArAttachments(ctx, docTraps.taxedInvoice); // After everything, no PRNG draw.
  if (multiCurrency) customers.push(writeFxArTraps(ctx, chart));
  if (multiCurrency) vendors.push(writeFxApTraps(ctx, chart));

  const counts: Record<string, number> = {};
  for (const table of SAGE300_TABLES) {
    counts[table] = (ctx.db.prepare(`SELECT COUNT(*) AS n FROM "${table}"`).get() as { n: number }).n;
  }
  const ids = (list: readonly (DemoVendor | DemoCustomer)[], pred: (p: DemoVendor | DemoCustomer) => boolean): string[] =>
    list.filter(pred).map((p) => p.id);
  const apOpen = withTrapBill(ap.openByVendor(), docTraps.billWithAttachments);
  const arOpen = ar.openByCustomer();
  const milestones = projects.flatMap((p) => p.milestones);
  return {
    companyId: ctx.orgId,
    companyName: COMPANY_NAME,
    fiscalYear: ctx.year,
    seed,
    scale: ctx.scale,
    counts,
    accounts: {
      total: chart.all.length,
      formattedById: Object.fromEntries(chart.all.map((a) => [a.acctId, a.formatted])),
      inactive: chart.inactive.map((a) => a.acctId),
    },
    gl: {
      batches: gl.batches,
      postingSequences: gl.postingSequences,
      entriesPerPeriod: gl.entriesPerPeriod,
      netByAccountPeriod: gl.netByAccountPeriod,
      openingBalances: gl.openingBalances,
      trialBalance: gl.trialBalance,
    },
    traps: {
      unmappedAccounts: chart.unmappedTraps.map((a) => ({ acctId: a.acctId, formatted: a.formatted })),
      renamedCustomer: { customerId: renamed.id, sageName: renamed.name },
      // Every 17th vendor from the 4th on: a few per 50, spread over the id range, all active.
      // The hostile-named vendor too, so the first vendor sync plans to create it and its name reaches every preview.
      vendorsMissingInIntacct: [...vendors.filter((v, i) => i % 17 === 3 && v.active && v !== hostile).map((v) => v.id), hostile.id],
    },
    vendors: { active: ids(vendors, (v) => v.active), inactive: ids(vendors, (v) => !v.active), onHold: ids(vendors, (v) => v.onHold) },
    customers: {
      active: ids(customers, (c) => c.active),
      inactive: ids(customers, (c) => !c.active),
      onHold: ids(customers, (c) => c.onHold),
    },
    docTraps: { ...docTraps, invoiceWithAttachments },
    ap: {
      documents: ap.documents.length + 1,
      creditNotes: ap.documents.filter((d) => d.kind === 'CR').map((d) => d.docNo),
      debitNotes: ap.documents.filter((d) => d.kind === 'DB').map((d) => d.docNo),
      openByVendor: apOpen,
      openTotal: sumAmounts(Object.values(apOpen).map((v) => new Money(v))).toFixed(3),
    },
    ar: {
      documents: ar.documents.length + 1,
      receipts: ar.receipts.length,
      creditNotes: ar.documents.filter((d) => d.kind === 'CR').map((d) => d.docNo),
      debitNotes: ar.documents.filter((d) => d.kind === 'DB').map((d) => d.docNo),
      openByCustomer: arOpen,
      openTotal: sumAmounts(Object.values(arOpen).map((v) => new Money(v))).toFixed(3),
    },
    purchaseOrders,
    projects,
    milestonesReached: milestones.filter((m) => m.reached),
    milestonesPending: milestones.filter((m) => !m.reached),
  };
}

/** Open AP per vendor with the doc-trap bill (left open) added, in vendor order. */
function withTrapBill(open: Record<string, string>, bill: { vendorId: string; total: string }): Record<string, string> {
  const all = { ...open, [bill.vendorId]: new Money(open[bill.vendorId] ?? '0').plus(bill.total).toFixed(3) };
  return Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b)));
}

/** Balance brought forward from the prior year; AP/AR control start at zero so they tie to 2026 documents. */
function openingBalances(chart: DemoChart): Map<string, Money> {
  const pairs: readonly (readonly [string, string])[] = [
    ['1000', '250000'],
    ['1010', '40000'],
    ['1300', '12000'],
    ['1500', '180000'],
    ['1590', '-45000'],
    ['2100', '-18000'],
    ['2500', '-100000'],
    ['3000', '-150000'],
    ['3100', '-50000'],
    ['3900', '-119000'],
  ];
  return new Map(pairs.map(([natural, amount]) => [chart.bs(natural).acctId, new Money(amount)]));
}

function kindFor(period: number, index: number): ApKind & ArKind {
  if (index === 0 && period % 3 === 1) return 'CR';
  if (index === 1 && period % 4 === 2) return 'DB';
  return 'IN';
}

/** Settles older documents: most in full 20–40 days later, some by half, the rest stay open. */
function settle(ctx: GenContext, date: number, total: Money, pay: (date: number, amount: Money) => void): void {
  const when = addDays(date, ctx.rng.int(20, 40));
  const roll = ctx.rng.next();
  if (when > periodEnd(ctx.year, 12)) return;
  if (roll < 0.65) pay(when, total);
  else if (roll < 0.75) pay(when, total.div(2).toDecimalPlaces(2, Money.ROUND_DOWN));
}

function addApActivity(ctx: GenContext, chart: DemoChart, vendors: readonly DemoVendor[], ap: ApBook): void {
  const { rng } = ctx;
  const active = vendors.filter((v) => v.active);
  for (let period = 1; period <= 12; period++) {
    const n = ctx.scaled(14);
    for (let i = 0; i < n; i++) {
      const kind = kindFor(period, i);
      const vendor = rng.pick(active);
      const date = addDays(periodStart(ctx.year, period), rng.int(0, 27));
      const lines = Array.from({ length: kind === 'IN' ? rng.int(1, 3) : 1 }, () => {
        const account = rng.pick(chart.expenses);
        return {
          account,
          amount: rng.amount(kind === 'IN' ? 50 : 20, kind === 'IN' ? 4000 : 500),
          description: account.description.slice(0, 60),
        };
      });
      const description =
        kind === 'CR' ? 'Credit for returned goods' : kind === 'DB' ? 'Additional freight charge' : `Invoice ${vendor.name}`.slice(0, 60);
      const doc = ap.addDocument({ vendor, kind, date, lines, description });
      if (kind !== 'CR') settle(ctx, date, doc.total, (d, amount) => ap.pay(doc, d, amount));
    }
  }
}

function addArActivity(ctx: GenContext, chart: DemoChart, customers: readonly DemoCustomer[], ar: ArBook): void {
  const { rng } = ctx;
  const active = customers.filter((c) => c.active);
  const sales = chart.revenue.filter((a) => a.natural !== '4200');
  for (let period = 1; period <= 12; period++) {
    const n = ctx.scaled(12);
    for (let i = 0; i < n; i++) {
      const kind = kindFor(period + 1, i);
      const customer = rng.pick(active);
      const date = addDays(periodStart(ctx.year, period), rng.int(0, 27));
      const lines = Array.from({ length: kind === 'IN' ? rng.int(1, 2) : 1 }, () => {
        const account = rng.pick(sales);
        return {
          account,
          amount: rng.amount(kind === 'IN' ? 200 : 50, kind === 'IN' ? 8000 : 900),
          description: account.description.slice(0, 60),
          item: account.natural === '4000' ? 'PROD-100' : 'SVC-200',
        };
      });
      const description =
        kind === 'CR' ? 'Credit for pricing error' : kind === 'DB' ? 'Late delivery surcharge' : `Invoice ${customer.name}`.slice(0, 60);
      const doc = ar.addDocument({ customer, kind, date, lines, description });
      if (kind !== 'CR') settle(ctx, date, doc.total, (d, amount) => ar.receive(doc, d, amount));
    }
  }
}
