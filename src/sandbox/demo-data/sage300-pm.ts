import { Money } from '../../domain/money.ts';
import type { GenContext } from './sage300-context.ts';
import type { DemoChart } from './sage300-chart.ts';
import type { DemoCustomer, DemoVendor } from './sage300-parties.ts';
import type { ApBook, ApDocument } from './sage300-ap.ts';
import type { ArBook, ArDocument } from './sage300-ar.ts';
import { addDays, periodEnd, periodOf, sageDate } from './sage300-calendar.ts';

export interface DemoMilestone {
  readonly contract: string;
  readonly project: string;
  readonly workId: string;
  readonly line: number;
  readonly description: string;
  readonly billDate: number;
  readonly amount: string;
  readonly reached: boolean;
  /** AR invoice that billed the milestone; '' while not reached. */
  readonly invoice: string;
}

export interface DemoProject {
  readonly contract: string;
  readonly project: string;
  readonly customerId: string;
  readonly status: number;
  readonly contractAmount: string;
  readonly costTotal: string;
  readonly billedTotal: string;
  readonly milestones: readonly DemoMilestone[];
}

const CATEGORIES = ['LABOR', 'MATERIAL', 'SUBCON'] as const;
const MILESTONES = ['Design approved', 'Build complete', 'Installation', 'Final acceptance'] as const;

interface Plan {
  contract: string;
  project: string;
  customer: DemoCustomer;
  ctUniq: number;
  start: number;
  status: number;
  amount: Money;
  costDocs: ApDocument[];
  milestones: { description: string; date: number; amount: Money; invoice?: ArDocument }[];
}

/**
 * Fixed-price projects: monthly job-costed AP invoices (Dr WIP) and milestone billings raised as
 * AR invoices. Milestones are billing-worksheet lines (PMBWD); contract k reaches k mod 5 of its
 * four milestones so every demo set has projects with none, some and all milestones reached.
 * Call `plan` before the AP/AR books are written and `write` after (PMTRAN needs their batch numbers).
 */
export function planProjects(
  ctx: GenContext,
  chart: DemoChart,
  customers: readonly DemoCustomer[],
  vendors: readonly DemoVendor[],
  ap: ApBook,
  ar: ArBook,
): { write(): DemoProject[] } {
  const { rng } = ctx;
  const activeCustomers = customers.filter((c) => c.active);
  const subcontractors = vendors.filter((v) => v.active && !v.onHold);
  const wip = chart.bs('1400');
  const revenue = chart.revenue.find((a) => a.natural === '4200') ?? chart.revenue[0];
  if (!revenue) throw new Error('chart has no revenue account');
  const plans: Plan[] = [];
  const count = ctx.scaled(5);
  for (let k = 0; k < count; k++) {
    const contract = `CT${String(k + 1).padStart(4, '0')}`;
    const startPeriod = 1 + (k % 3);
    const reached = k % 5;
    const amount = new Money(rng.int(40, 120) * 1000);
    const quarter = amount.div(4).toDecimalPlaces(2, Money.ROUND_DOWN);
    const plan: Plan = {
      contract,
      project: 'PRJ-A',
      customer: rng.pick(activeCustomers),
      ctUniq: 100 + k,
      start: sageDate(ctx.year, startPeriod, 1),
      status: reached === 4 ? 60 : 30,
      amount,
      costDocs: [],
      milestones: [],
    };
    MILESTONES.forEach((description, m) => {
      const milestoneAmount = m === 3 ? amount.minus(quarter.times(3)) : quarter;
      // Reached milestones fall inside the fiscal year; pending ones are planned after their predecessors.
      const date =
        m < reached ? periodEnd(ctx.year, Math.min(12, startPeriod + 2 * m + 1)) : addDays(periodEnd(ctx.year, 12), 30 * (m - reached + 1));
      plan.milestones.push({ description, date, amount: milestoneAmount });
    });
    const lastCostPeriod = reached === 4 ? Math.min(12, startPeriod + 7) : 12;
    for (let p = startPeriod; p <= lastCostPeriod; p++) {
      const lines = CATEGORIES.slice(0, rng.int(1, 3)).map((category) => ({
        account: wip,
        amount: rng.amount(500, 6000),
        description: `${contract} ${category.toLowerCase()}`,
        job: { contract, project: plan.project, category },
      }));
      plan.costDocs.push(
        ap.addDocument({
          vendor: rng.pick(subcontractors),
          kind: 'IN',
          date: addDays(sageDate(ctx.year, p, 1), rng.int(0, 25)),
          lines,
          description: `Job costs ${contract}`,
        }),
      );
    }
    for (const ms of plan.milestones) {
      if (ms.date > periodEnd(ctx.year, 12)) continue;
      ms.invoice = ar.addDocument({
        customer: plan.customer,
        kind: 'IN',
        date: ms.date,
        description: `${contract} milestone: ${ms.description}`,
        lines: [
          {
            account: revenue,
            amount: ms.amount,
            description: ms.description,
            item: 'MILESTONE',
            job: { contract, project: plan.project, category: 'BILLING' },
          },
        ],
      });
    }
    plans.push(plan);
  }
  return {
    write: () => {
      const counter = { transNum: 0, worksheetSeq: 0 };
      return plans.map((plan) => writeProject(ctx, plan, chart, counter));
    },
  };
}

function writeProject(ctx: GenContext, plan: Plan, chart: DemoChart, counter: { transNum: number; worksheetSeq: number }): DemoProject {
  const { contract, project, customer } = plan;
  const stamp = ctx.stamp(plan.start);
  const end = periodEnd(ctx.year, 12);
  ctx.insert('PMCONTS', {
    CTUNIQ: plan.ctUniq,
    ...stamp,
    CONTRACT: contract,
    FMTCONTNO: `${contract.slice(0, 2)}-${contract.slice(2)}`,
    DESC: `Fixed-price installation for ${customer.name}`.slice(0, 60),
    CONTBRKID: 'CT',
    CUSTOMER: customer.id,
    MANAGER: 'PMGR01',
    STARTDATE: plan.start,
    ORJENDDATE: end,
    CURENDDATE: end,
    STATUS: plan.status,
    PROJTYPE: 2,
    REVREC: 4,
    BILLTYPE: 2,
    IDACCTSET: 'USA',
    CUSTCCY: 'USD',
    CONTSTYLE: 1,
  });
  ctx.insert('PMPROJS', {
    CTUNIQ: plan.ctUniq,
    PLINENUM: 1,
    ...stamp,
    CONTRACT: contract,
    PROJECT: project,
    DESC: `${contract} main project`,
    PROJTYPE: 2,
    REVREC: 4,
    PROJSTAT: plan.status,
    CLOSEBILL: plan.status === 60 ? 1 : 0,
    BILLTYPE: 2,
    CUSTOMER: customer.id,
    WIPACCT: chart.bs('1400').formatted,
    REVACCT: '4200-SLS-EA',
    BILLACCT: chart.bs('1200').formatted,
    COGSACCT: '5000-OPS-EA',
    INVTYPE: 1,
    COSTCCY: 'USD',
    REVCCY: 'USD',
    STARTDATE: plan.start,
    CURENDDATE: end,
  });
  let cost = new Money(0);
  for (const doc of plan.costDocs) {
    for (const line of doc.lines) {
      if (!line.job) continue;
      cost = cost.plus(line.amount);
      counter.transNum++;
      ctx.insert('PMTRAN', {
        CONTRACT: contract,
        PROJECT: project,
        CATEGORY: line.job.category,
        RESOURCE: '',
        TRANSNUM: counter.transNum,
        ...ctx.stamp(doc.date),
        TRANSDATE: doc.date,
        FISCALYEAR: String(ctx.year),
        FISCALPER: periodOf(doc.date),
        IDCUST: customer.id,
        VENDORID: doc.vendor.id,
        DOCNUM: doc.docNo,
        DOCDATE: doc.date,
        MODULE: 'AP',
        DOCTYPE: 1,
        TRANSTYPE: 1,
        COSTREV: 1,
        CNTBTCH: doc.batch,
        CNTENT: doc.item,
        CNTLINE: line.cntLine ?? 0,
        POSTSEQ: doc.batch,
        QUANTITY: '1',
        EXTAMTSR: line.amount,
        EXTAMTHM: line.amount,
        BILLED: 1,
        BILLTYPE: 2,
        DESC: line.description,
      });
    }
  }
  const workId = `BW${contract}`;
  const worksheetSeq = ++counter.worksheetSeq;
  ctx.insert('PMBWH', {
    SEQ: worksheetSeq,
    WORKID: workId,
    ...stamp,
    DESC: `Milestone billing ${contract}`,
    RUNDATE: plan.start,
    POSTABLE: 1,
    POSTINAR: 1,
  });
  let billed = new Money(0);
  const milestones = plan.milestones.map((ms, i): DemoMilestone => {
    const reached = ms.invoice !== undefined;
    if (reached) billed = billed.plus(ms.amount);
    const pct = ms.amount.div(plan.amount).times(100);
    ctx.insert('PMBWD', {
      SEQ: worksheetSeq,
      LINENUM: i + 1,
      WORKID: workId,
      ...ctx.stamp(reached ? ms.date : plan.start),
      CONTRACT: contract,
      PROJECT: project,
      CATEGORY: 'BILLING',
      TEXTDESC: ms.description,
      TRANSDATE: ms.date,
      BILLPER: pct,
      BILAMTHM: ms.amount,
      STATUS: reached ? 2 : 1,
      DOCTYPE: 1,
      DOCNUM: ms.invoice?.docNo ?? '',
    });
    if (reached && ms.invoice) {
      counter.transNum++;
      ctx.insert('PMTRAN', {
        CONTRACT: contract,
        PROJECT: project,
        CATEGORY: 'BILLING',
        RESOURCE: '',
        TRANSNUM: counter.transNum,
        ...ctx.stamp(ms.date),
        TRANSDATE: ms.date,
        FISCALYEAR: String(ctx.year),
        FISCALPER: periodOf(ms.date),
        IDCUST: customer.id,
        DOCNUM: ms.invoice.docNo,
        DOCDATE: ms.date,
        MODULE: 'AR',
        DOCTYPE: 1,
        TRANSTYPE: 1,
        COSTREV: 2,
        CNTBTCH: ms.invoice.batch,
        CNTENT: ms.invoice.item,
        CNTLINE: 20,
        POSTSEQ: ms.invoice.batch,
        QUANTITY: '1',
        EXTAMTSR: ms.amount,
        EXTAMTHM: ms.amount,
        BILLED: 4,
        BILLTYPE: 2,
        DESC: ms.description,
      });
    }
    return {
      contract,
      project,
      workId,
      line: i + 1,
      description: ms.description,
      billDate: ms.date,
      amount: ms.amount.toFixed(3),
      reached,
      invoice: ms.invoice?.docNo ?? '',
    };
  });
  return {
    contract,
    project,
    customerId: customer.id,
    status: plan.status,
    contractAmount: plan.amount.toFixed(3),
    costTotal: cost.toFixed(3),
    billedTotal: billed.toFixed(3),
    milestones,
  };
}
