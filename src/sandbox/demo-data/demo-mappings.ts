import { formatCsv } from '../../platform/csv-writer.ts';
import { buildChart } from './sage300-chart.ts';
import { DEMO_TERMS, type IntacctDemoTruth } from './intacct-company.ts';
import { TRAP_TAX_DETAIL, TRAP_TAX_GROUP } from './sage300-doc-traps.ts';
import { DEMO_RATE_TYPES } from './sage300-fx.ts';
import type { IntacctCompanySeed } from '../intacct-emulator/index.ts';

/** File name → CSV text of the demo mapping set (see mappings/README.md for the column contract). */
export type MappingFiles = Record<string, string>;

const csv = (header: string[], rows: string[][]): string => formatCsv([header, ...rows]);

/**
 * The demo mappings: everything the demo companies need except the deliberate traps (unmapped accounts, and the
 * vendors/customers missing from Intacct, which the first sync must create and cross-reference itself).
 */
export function buildDemoMappings(intacct: IntacctCompanySeed, truth: IntacctDemoTruth): MappingFiles {
  const chart = buildChart();
  const trapNaturals = new Set(chart.unmappedTraps.map((a) => a.natural));
  const intacctAccounts = new Set(intacct.GLACCOUNT.map((a) => a.ACCOUNTNO));
  const accountRules: string[][] = [];
  const naturals = new Map<string, { bs: boolean }>();
  for (const a of chart.all) if (!trapNaturals.has(a.natural)) naturals.set(a.natural, { bs: a.type !== 'I' });
  for (const [natural, { bs }] of [...naturals].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (!intacctAccounts.has(natural)) continue;
    if (bs) {
      accountRules.push(['10', `${natural}-000-00`, natural, '', '', '', '', '', '', 'balance sheet, company-level']);
    } else if (natural === '6800') {
      // Shows effective dating: before 2026 software was booked to professional fees.
      accountRules.push([
        '10',
        '6800-*-*',
        '6600',
        '=department',
        '=region',
        '',
        '',
        '2020-01-01',
        '2025-12-31',
        'before the 2026 chart change',
      ]);
      accountRules.push(['10', '6800-*-*', '6800', '=department', '=region', '', '', '2026-01-01', '', 'software subscriptions']);
    } else {
      accountRules.push(['10', `${natural}-*-*`, natural, '=department', '=region', '', '', '', '', '']);
    }
  }
  // Shows precedence: project revenue also carries the PROJECT class.
  accountRules.push([
    '20',
    '4200-SLS-EA',
    '4200',
    '=department',
    '=region',
    'PROJECT',
    '',
    '',
    '',
    'East project revenue is classed; wins over the priority-10 4200 rule',
  ]);

  const dims: string[][] = [
    ...truth.departments.map((d) => ['department', d, 'DEPARTMENT', d]),
    ...truth.locations.map((r) => ['region', r, 'LOCATION', r]),
  ];
  const vendors = intacct.VENDOR.filter((v) => !truth.vendorsOnlyInIntacct.includes(v.VENDORID!)).map((v) => [v.VENDORID!, v.VENDORID!]);
  const customers = intacct.CUSTOMER.map((c) => [c.CUSTOMERID!, c.CUSTOMERID!]);
  return {
    'accounts.csv': csv(
      [
        'priority',
        'source_account',
        'target_account',
        'department',
        'location',
        'class',
        'project',
        'effective_from',
        'effective_to',
        'comment',
      ],
      accountRules,
    ),
    'dimensions.csv': csv(['segment', 'source_value', 'dimension', 'target_value'], dims),
    'vendors.csv': csv(['s300_vendor_id', 'intacct_vendor_id'], vendors),
    'customers.csv': csv(['s300_customer_id', 'intacct_customer_id'], customers),
    'tax-codes.csv': csv(
      ['s300_tax_group', 'intacct_tax_detail_id', 'comment'],
      [
        ['EXEMPT', 'Exempt', 'no tax charged'],
        [TRAP_TAX_GROUP, TRAP_TAX_DETAIL, 'state sales tax'],
      ],
    ),
    'payment-terms.csv': csv(['s300_terms_code', 'intacct_term_name'], Object.entries(DEMO_TERMS)),
    // Same ids on both sides in the demo; the new item on the doc-trap PO has no row on purpose.
    'items.csv': csv(
      ['s300_item', 'intacct_item_id', 'comment'],
      (intacct.ITEM ?? []).map((i) => [i.ITEMID!, i.ITEMID!, '']),
    ),
    'rate-types.csv': csv(
      ['s300_rate_type', 'intacct_rate_type'],
      DEMO_RATE_TYPES.map((r) => [...r]),
    ),
  };
}
