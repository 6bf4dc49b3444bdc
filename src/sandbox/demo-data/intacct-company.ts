import type Database from 'better-sqlite3';
import { FX_INTACCT_CURRENCY } from './sage300-fx.ts';
import type { IntacctCompanySeed } from '../intacct-emulator/index.ts';
import { directIntacctEntries } from './recon-plants.ts';
import { buildChart } from './sage300-chart.ts';
import { TRAP_TAX_DETAIL, TRAP_UNMAPPED_ITEM } from './sage300-doc-traps.ts';
import type { Sage300Truth } from './sage300-truth.ts';

type Row = Record<string, string>;

/** What the Intacct demo company deliberately does differently from Sage 300, for tests to check against. */
export interface IntacctDemoTruth {
  entityId: string;
  locations: string[];
  departments: string[];
  /** Natural accounts the Intacct chart lacks (the unmapped Sage 300 traps). */
  accountsMissing: string[];
  vendorsOnlyInIntacct: string[];
  vendorsMissing: string[];
  /** Vendors present on both sides whose terms differ (Intacct value shown). */
  vendorsDiffering: Record<string, { termName: string }>;
  customersMissing: string[];
  renamedCustomer: { customerId: string; sageName: string; intacctName: string };
  projectsMissing: string[];
  projectsDiffering: Record<string, { name: string }>;
  closedPeriods: string[];
  openPeriods: string[];
}

export const DEMO_ENTITY_ID = 'US01';
export const DEMO_SYNC_JOURNAL = 'S300GL';

/** Sage 300 terms codes and the Intacct term names they map to (also written to mappings/payment-terms.csv). */
export const DEMO_TERMS: Record<string, string> = { NET30: 'N30', NET15: 'N15', NET45: 'N45', '2N30': '2% 10 Net 30' };

const REGION_NAMES: Record<string, string> = { EA: 'East', WE: 'West', CE: 'Central' };
const DEPT_NAMES: Record<string, string> = { ADM: 'Administration', SLS: 'Sales', OPS: 'Operations', ENG: 'Engineering' };

const trim = (v: unknown): string => (typeof v === 'string' ? v.trimEnd() : typeof v === 'number' ? String(v) : '');

function accounts(): { rows: Row[]; missing: string[] } {
  const chart = buildChart();
  const trapNaturals = new Set(chart.unmappedTraps.filter((a) => a.natural !== '1950').map((a) => a.natural));
  const seen = new Map<string, Row>();
  for (const a of chart.all) {
    if (trapNaturals.has(a.natural) || seen.has(a.natural)) continue;
    const title = a.description.split(' - ')[0] ?? a.description;
    seen.set(a.natural, {
      ACCOUNTNO: a.natural,
      TITLE: title,
      ACCOUNTTYPE: a.type === 'I' ? 'incomestatement' : 'balancesheet',
      NORMALBALANCE: a.normal === 'D' ? 'debit' : 'credit',
      CLOSINGTYPE: a.type === 'I' ? 'closed to account' : 'non-closing account',
      STATUS: a.active ? 'active' : 'inactive',
    });
  }
  return { rows: [...seen.values()].sort((x, y) => (x.ACCOUNTNO! < y.ACCOUNTNO! ? -1 : 1)), missing: [...trapNaturals].sort() };
}

/**
 * Builds the Intacct company that matches a generated Sage 300 company: same chart (natural accounts), departments
 * and regions as dimensions, most vendors/customers/projects present, and the planted differences the pipelines
 * must handle (missing records, an Intacct-only vendor, a renamed customer, differing terms, 2026-01 closed,
 * journal entries made directly in Intacct in 2026-03).
 */
export function buildIntacctDemoCompany(
  s300: Database.Database,
  truth: Sage300Truth,
): { company: IntacctCompanySeed; truth: IntacctDemoTruth } {
  const { rows: glAccounts, missing: accountsMissing } = accounts();
  const year = truth.fiscalYear;

  const vendorsMissing = new Set(truth.traps.vendorsMissingInIntacct);
  const vendorRows = s300
    .prepare('SELECT VENDORID, VENDNAME, SWACTV, TERMSCODE, TAXNBR, EMAIL1 FROM APVEN ORDER BY VENDORID')
    .all() as Record<string, unknown>[];
  const vendors: Row[] = [];
  const vendorsDiffering: Record<string, { termName: string }> = {};
  vendorRows.forEach((v, i) => {
    const id = trim(v.VENDORID);
    if (vendorsMissing.has(id)) return;
    let termName = DEMO_TERMS[trim(v.TERMSCODE)] ?? 'N30';
    if (i % 9 === 4) {
      termName = termName === 'N45' ? 'N30' : 'N45';
      vendorsDiffering[id] = { termName };
    }
    vendors.push({
      VENDORID: id,
      NAME: trim(v.VENDNAME),
      STATUS: Number(v.SWACTV) === 1 ? 'active' : 'inactive',
      TERMNAME: termName,
      TAXID: trim(v.TAXNBR),
      EMAIL1: trim(v.EMAIL1),
    });
  });
  const onlyInIntacct = {
    VENDORID: 'V90001',
    NAME: 'Cloud Ledger Advisory LLC',
    STATUS: 'active',
    TERMNAME: 'N30',
    TAXID: '88-1234567',
    EMAIL1: 'ap@cloudledger.example',
  };
  vendors.push(onlyInIntacct);

  const customerRows = s300.prepare('SELECT IDCUST, NAMECUST, SWACTV, CODETERM, AMTCRLIMT FROM ARCUS ORDER BY IDCUST').all() as Record<
    string,
    unknown
  >[];
  const customers: Row[] = [];
  const customersMissing: string[] = [];
  const renamed = truth.traps.renamedCustomer;
  const intacctName = `${renamed.sageName.replace(/\b(Inc|LLC|Ltd|Corp)\.?$/i, '').trim()} (Holdings)`;
  customerRows.forEach((c, i) => {
    const id = trim(c.IDCUST);
    if (i % 10 === 7 && id !== renamed.customerId) {
      customersMissing.push(id);
      return;
    }
    customers.push({
      CUSTOMERID: id,
      NAME: id === renamed.customerId ? intacctName : trim(c.NAMECUST),
      STATUS: Number(c.SWACTV) === 1 ? 'active' : 'inactive',
      TERMNAME: DEMO_TERMS[trim(c.CODETERM)] ?? 'N30',
      CREDITLIMIT: trim(c.AMTCRLIMT),
    });
  });

  const projectRows = s300.prepare('SELECT CONTRACT, PROJECT, "DESC", CUSTOMER FROM PMPROJS ORDER BY CONTRACT, PROJECT').all() as Record<
    string,
    unknown
  >[];
  const projects: Row[] = [];
  const projectsMissing: string[] = [];
  const projectsDiffering: Record<string, { name: string }> = {};
  const customerIds = new Set(customers.map((c) => c.CUSTOMERID));
  projectRows.forEach((p, i) => {
    const id = `${trim(p.CONTRACT)}-${trim(p.PROJECT)}`.replace(/-+$/, '');
    if (i % 3 === 2) {
      projectsMissing.push(id);
      return;
    }
    let name = trim(p.DESC);
    if (i === 0) {
      name = `${name} (renamed in Intacct)`;
      projectsDiffering[id] = { name };
    }
    const customer = trim(p.CUSTOMER);
    projects.push({
      PROJECTID: id,
      NAME: name,
      PROJECTCATEGORY: 'Contract',
      CUSTOMERID: customerIds.has(customer) ? customer : '',
      STATUS: 'active',
      LOCATIONID: DEMO_ENTITY_ID,
    });
  });

  const regions = Object.keys(REGION_NAMES);
  const locations: Row[] = [
    {
      LOCATIONID: DEMO_ENTITY_ID,
      NAME: `${truth.companyName} (Sage 300 ${truth.companyId})`,
      STATUS: 'active',
      ISENTITY: 'true',
      PARENTID: '',
    },
    ...regions.map((r) => ({
      LOCATIONID: r,
      NAME: `${REGION_NAMES[r]} region`,
      STATUS: 'active',
      ISENTITY: 'false',
      PARENTID: DEMO_ENTITY_ID,
    })),
  ];
  const departments: Row[] = Object.entries(DEPT_NAMES).map(([id, title]) => ({ DEPARTMENTID: id, TITLE: title, STATUS: 'active' }));
  const openPeriods = Array.from({ length: 11 }, (_, i) => `${year}-${String(i + 2).padStart(2, '0')}`);

  // The purchasing catalog holds every item the demo orders, under the same id, except the doc trap's new item.
  const items = (s300.prepare('SELECT DISTINCT RTRIM(ITEMNO) AS id FROM POPORL ORDER BY 1').all() as { id: string }[])
    .filter((r) => r.id !== '' && r.id !== TRAP_UNMAPPED_ITEM)
    .map((r) => ({ ITEMID: r.id, NAME: `Supply item ${r.id}`, STATUS: 'active' }));

  const company: IntacctCompanySeed = {
    GLACCOUNT: glAccounts,
    GLJOURNAL: [
      { SYMBOL: 'GJ', TITLE: 'General Journal', STATUS: 'active' },
      { SYMBOL: DEMO_SYNC_JOURNAL, TITLE: 'Sage 300 GL (synced)', STATUS: 'active' },
      { SYMBOL: 'APJ', TITLE: 'Accounts Payable Journal', STATUS: 'active' },
      { SYMBOL: 'ARJ', TITLE: 'Accounts Receivable Journal', STATUS: 'active' },
    ],
    DEPARTMENT: departments,
    LOCATION: locations,
    CLASS: [
      { CLASSID: 'PRODUCT', NAME: 'Product', STATUS: 'active' },
      { CLASSID: 'SERVICE', NAME: 'Service', STATUS: 'active' },
      { CLASSID: 'PROJECT', NAME: 'Project work', STATUS: 'active' },
    ],
    CUSTOMER: customers,
    PROJECT: projects,
    VENDOR: vendors,
    ITEM: items,
    TAXDETAIL: [
      { DETAILID: 'Exempt', TAXRATE: '0', STATUS: 'active' },
      { DETAILID: TRAP_TAX_DETAIL, TAXRATE: '8.25', STATUS: 'active' },
    ],
    SUPDOCFOLDER: [{ FOLDERNAME: 'Sage 300', DESCRIPTION: 'Supporting documents referenced from Sage 300' }],
    openPeriods,
    currency: FX_INTACCT_CURRENCY,
    // Booked by Intacct users, not synced: the reconciliation must attribute them (see recon-plants.ts).
    GLBATCH: directIntacctEntries(year),
  };
  return {
    company,
    truth: {
      entityId: DEMO_ENTITY_ID,
      locations: regions,
      departments: Object.keys(DEPT_NAMES),
      accountsMissing,
      vendorsOnlyInIntacct: [onlyInIntacct.VENDORID],
      vendorsMissing: [...vendorsMissing].sort(),
      vendorsDiffering,
      customersMissing,
      renamedCustomer: { customerId: renamed.customerId, sageName: renamed.sageName, intacctName },
      projectsMissing,
      projectsDiffering,
      closedPeriods: [`${year}-01`],
      openPeriods,
    },
  };
}
