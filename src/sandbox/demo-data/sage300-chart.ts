import type { GenContext } from './sage300-context.ts';

/** One GL account of the demo chart, in both Sage forms (reference §2.1 formatted vs unformatted). */
export interface DemoAccount {
  /** Unformatted: segments concatenated (`6000ADMEA`) — GLAMF.ACCTID, GLJED/GLPOST/GLAFS key. */
  readonly acctId: string;
  /** Formatted with '-' (`6000-ADM-EA`) — GLAMF.ACCTFMTTD, used on AP/AR/PO distribution lines. */
  readonly formatted: string;
  readonly natural: string;
  readonly dept: string;
  readonly region: string;
  readonly description: string;
  /** B balance sheet, I income statement, R retained earnings. */
  readonly type: 'B' | 'I' | 'R';
  readonly normal: 'D' | 'C';
  readonly active: boolean;
  readonly group: string;
}

const DEPTS: Record<string, string> = { '000': 'Company', ADM: 'Administration', SLS: 'Sales', OPS: 'Operations', ENG: 'Engineering' };
const REGIONS: Record<string, string> = { '00': 'Company', EA: 'East', WE: 'West', CE: 'Central' };

type Nat = readonly [natural: string, description: string, type: 'B' | 'I' | 'R', normal: 'D' | 'C', group: string];

const BALANCE_SHEET: readonly Nat[] = [
  ['1000', 'Cash - Operating', 'B', 'D', 'CASH'],
  ['1010', 'Cash - Payroll', 'B', 'D', 'CASH'],
  ['1200', 'Accounts Receivable', 'B', 'D', 'AR'],
  ['1300', 'Prepaid Expenses', 'B', 'D', 'PREPD'],
  ['1400', 'Work in Progress', 'B', 'D', 'INVENT'],
  ['1500', 'Equipment', 'B', 'D', 'FIXED'],
  ['1590', 'Accumulated Depreciation', 'B', 'C', 'ACCDEP'],
  ['1950', 'Intercompany Clearing', 'B', 'D', 'OTHAST'],
  ['2000', 'Accounts Payable', 'B', 'C', 'AP'],
  ['2050', 'PO Receipts Clearing', 'B', 'C', 'AP'],
  ['2100', 'Accrued Liabilities', 'B', 'C', 'ACCLIA'],
  ['2150', 'Accrued Payroll', 'B', 'C', 'ACCLIA'],
  ['2200', 'Sales Tax Payable', 'B', 'C', 'ACCLIA'],
  ['2500', 'Long-term Loan', 'B', 'C', 'LTLIA'],
  ['3000', 'Common Stock', 'B', 'C', 'EQUITY'],
  ['3100', 'Additional Paid-in Capital', 'B', 'C', 'EQUITY'],
  ['3900', 'Retained Earnings', 'R', 'C', 'EQUITY'],
];

const REVENUE: readonly Nat[] = [
  ['4000', 'Product Sales', 'I', 'C', 'REV'],
  ['4100', 'Service Revenue', 'I', 'C', 'REV'],
  ['4200', 'Project Revenue', 'I', 'C', 'REV'],
];
const COST_OF_SALES: readonly Nat[] = [
  ['5000', 'Cost of Goods Sold', 'I', 'D', 'COS'],
  ['5100', 'Freight In', 'I', 'D', 'COS'],
];
const EXPENSES: readonly Nat[] = [
  ['6000', 'Salaries and Wages', 'I', 'D', 'OPEX'],
  ['6100', 'Employee Benefits', 'I', 'D', 'OPEX'],
  ['6200', 'Rent', 'I', 'D', 'OPEX'],
  ['6300', 'Utilities', 'I', 'D', 'OPEX'],
  ['6400', 'Travel and Entertainment', 'I', 'D', 'OPEX'],
  ['6500', 'Office Supplies', 'I', 'D', 'OPEX'],
  ['6600', 'Professional Fees', 'I', 'D', 'OPEX'],
  ['6700', 'Depreciation Expense', 'I', 'D', 'OPEX'],
  ['6800', 'Software Subscriptions', 'I', 'D', 'OPEX'],
  ['6900', 'Bank Charges', 'I', 'D', 'OPEX'],
];

function account(nat: Nat, dept: string, region: string, active = true): DemoAccount {
  const [natural, base, type, normal, group] = nat;
  const description = dept === '000' ? base : `${base} - ${DEPTS[dept] ?? dept} ${REGIONS[region] ?? region}`;
  return {
    acctId: `${natural}${dept}${region}`,
    formatted: `${natural}-${dept}-${region}`,
    natural,
    dept,
    region,
    description,
    type,
    normal,
    active,
    group,
  };
}

/** The demo chart plus the named accounts the generators post to. */
export interface DemoChart {
  readonly all: readonly DemoAccount[];
  readonly byId: ReadonlyMap<string, DemoAccount>;
  /** Active income-statement expense accounts usable on AP/PO lines and manual journals. */
  readonly expenses: readonly DemoAccount[];
  readonly revenue: readonly DemoAccount[];
  readonly costOfSales: readonly DemoAccount[];
  /** Accounts deliberately left out of the Intacct mapping; each gets activity every period. */
  readonly unmappedTraps: readonly DemoAccount[];
  readonly inactive: readonly DemoAccount[];
  bs(natural: string): DemoAccount;
}

export function buildChart(): DemoChart {
  const bsAccounts = BALANCE_SHEET.map((n) => account(n, '000', '00'));
  const revenue = REVENUE.flatMap((n) => ['EA', 'WE', 'CE'].map((r) => account(n, 'SLS', r)));
  const costOfSales = COST_OF_SALES.flatMap((n) => ['EA', 'WE', 'CE'].map((r) => account(n, 'OPS', r)));
  const combos: readonly (readonly [string, string])[] = [
    ['ADM', 'EA'],
    ['SLS', 'EA'],
    ['OPS', 'EA'],
    ['ENG', 'EA'],
    ['SLS', 'WE'],
    ['OPS', 'WE'],
  ];
  const expenses = EXPENSES.flatMap((n) => combos.map(([d, r]) => account(n, d, r)));
  const unmappedTraps = [
    account(['6990', 'Miscellaneous Suspense', 'I', 'D', 'OPEX'], 'ADM', 'EA'),
    account(['6980', 'Freight Clearing Variance', 'I', 'D', 'OPEX'], 'OPS', 'WE'),
    bsAccounts.find((a) => a.natural === '1950') ?? account(['1950', 'Intercompany Clearing', 'B', 'D', 'OTHAST'], '000', '00'),
  ];
  const inactive = [account(['6950', 'Telex and Telegrams', 'I', 'D', 'OPEX'], 'ADM', 'EA', false)];
  const all = [...bsAccounts, ...revenue, ...costOfSales, ...expenses, ...unmappedTraps.slice(0, 2), ...inactive];
  const byId = new Map(all.map((a) => [a.acctId, a]));
  return {
    all,
    byId,
    expenses,
    revenue,
    costOfSales,
    unmappedTraps,
    inactive,
    bs(natural) {
      const found = bsAccounts.find((a) => a.natural === natural);
      if (!found) throw new Error(`no balance sheet account ${natural}`);
      return found;
    },
  };
}

/** Writes the segment definitions, structure code, segment values, source codes and GLAMF. */
export function writeChart(ctx: GenContext, chart: DemoChart): void {
  const segs = [
    ['000001', 'Account', 4, 1],
    ['000002', 'Department', 3, 6],
    ['000003', 'Region', 2, 10],
  ] as const;
  for (const [id, desc, len] of segs) {
    ctx.insert('GLABK', {
      ACCTBLKID: id,
      ABLKDESC: desc,
      ABLKLEN: len,
      CLOSESW: id === '000001' ? 1 : 0,
      ...ctx.stamp((ctx.year - 1) * 10000 + 1201),
    });
  }
  const structure: Record<string, string | number> = { ACCTBRKID: 'ADR', ABRKDESC: 'Account-Department-Region' };
  segs.forEach(([id, , len, start], i) => {
    structure[`ABRKID${i + 1}`] = id;
    // ABRKSTRT is CHAR(2) in Sage (AOM GL0023), ABRKLEN a DECIMAL.
    structure[`ABRKSTRT${i + 1}`] = String(start);
    structure[`ABRKLEN${i + 1}`] = len;
  });
  ctx.insert('GLABRX', { ...structure, ...ctx.stamp((ctx.year - 1) * 10000 + 1201) });
  const segValues = new Map<string, string>();
  for (const a of chart.all) {
    segValues.set(`000001|${a.natural}`, a.description.split(' - ')[0] ?? a.description);
    segValues.set(`000002|${a.dept}`, DEPTS[a.dept] ?? a.dept);
    segValues.set(`000003|${a.region}`, REGIONS[a.region] ?? a.region);
  }
  for (const [key, desc] of [...segValues].sort(([a], [b]) => a.localeCompare(b))) {
    const [idSeg = '', val = ''] = key.split('|');
    const closing = idSeg === '000001' && Number(val) >= 4000 ? chart.bs('3900').acctId : '';
    ctx.insert('GLASV', { IDSEG: idSeg, SEGVAL: val, SEGVALDESC: desc, ACCTRETERN: closing, ...ctx.stampInYear() });
  }
  const sources: readonly (readonly [string, string, string])[] = [
    ['GL', 'JE', 'G/L Journal Entry'],
    ['AP', 'IN', 'A/P Invoice'],
    ['AP', 'DB', 'A/P Debit Note'],
    ['AP', 'CR', 'A/P Credit Note'],
    ['AP', 'PY', 'A/P Check'],
    ['AR', 'IN', 'A/R Invoice'],
    ['AR', 'DB', 'A/R Debit Note'],
    ['AR', 'CR', 'A/R Credit Note'],
    ['AR', 'CA', 'A/R Receipt'],
    ['PO', 'RC', 'P/O Receipt'],
  ];
  for (const [ledger, type, desc] of sources) {
    ctx.insert('GLSRCE', { SRCELEDGER: ledger, SRCETYPE: type, SRCEDESC: desc, ...ctx.stamp((ctx.year - 1) * 10000 + 1201) });
  }
  for (const a of chart.all) {
    ctx.insert('GLAMF', {
      ACCTID: a.acctId,
      ACCTFMTTD: a.formatted,
      ACCTDESC: a.description,
      ACCTTYPE: a.type,
      ACCTBAL: a.normal === 'D' ? '1' : '2',
      ACTIVESW: a.active ? 1 : 0,
      CONSLDSW: 0,
      ACCTGRPCOD: a.group,
      CTRLACCTSW: a.group === 'AP' || a.group === 'AR' ? 1 : 0,
      ABRKID: 'ADR',
      ACSEGVAL01: a.natural,
      ACSEGVAL02: a.dept,
      ACSEGVAL03: a.region,
      ACCTSEGVAL: a.natural,
      POSTOSEGID: '000001',
      CREATEDATE: (ctx.year - 1) * 10000 + 101,
      ...(a.active ? ctx.stampInYear() : ctx.stamp(ctx.year * 10000 + 315)),
    });
  }
}
