/** The built-in demo company: deterministic master data, seeded only into an empty database. */
import type { IntacctCompanySeed } from './types.ts';

type Row = Record<string, string>;

const account = (ACCOUNTNO: string, TITLE: string, ACCOUNTTYPE: string, NORMALBALANCE: string, extra: Row = {}): Row => ({
  ACCOUNTNO,
  TITLE,
  ACCOUNTTYPE,
  NORMALBALANCE,
  CLOSINGTYPE: ACCOUNTTYPE === 'incomestatement' ? 'closing account' : 'non-closing account',
  STATUS: 'active',
  REQUIREDEPT: 'false',
  REQUIRELOC: 'false',
  REQUIREPROJECT: 'false',
  REQUIRECUSTOMER: 'false',
  REQUIREVENDOR: 'false',
  REQUIRECLASS: 'false',
  ...extra,
});

const SEED_GLACCOUNTS: Row[] = [
  account('1000', 'Cash - Operating', 'balancesheet', 'debit'),
  account('1010', 'Cash - Payroll', 'balancesheet', 'debit'),
  account('1100', 'Accounts Receivable', 'balancesheet', 'debit'),
  account('1200', 'Inventory', 'balancesheet', 'debit'),
  account('1300', 'Prepaid Expenses', 'balancesheet', 'debit'),
  account('1500', 'Fixed Assets', 'balancesheet', 'debit'),
  account('2000', 'Accounts Payable', 'balancesheet', 'credit'),
  account('2100', 'Accrued Liabilities', 'balancesheet', 'credit'),
  account('2200', 'Sales Tax Payable', 'balancesheet', 'credit'),
  account('3000', 'Common Stock', 'balancesheet', 'credit'),
  account('3100', 'Retained Earnings', 'balancesheet', 'credit'),
  account('4000', 'Product Revenue', 'incomestatement', 'credit'),
  account('4100', 'Service Revenue', 'incomestatement', 'credit'),
  account('5000', 'Cost of Goods Sold', 'incomestatement', 'debit'),
  account('6000', 'Salaries and Wages', 'incomestatement', 'debit', { REQUIREDEPT: 'true' }),
  account('6100', 'Rent', 'incomestatement', 'debit'),
  account('6200', 'Utilities', 'incomestatement', 'debit'),
  account('6300', 'Office Supplies', 'incomestatement', 'debit'),
  account('6400', 'Travel', 'incomestatement', 'debit'),
  account('6500', 'Professional Fees', 'incomestatement', 'debit'),
  account('6900', 'Miscellaneous Expense', 'incomestatement', 'debit'),
  account('6999', 'Old Suspense (inactive)', 'incomestatement', 'debit', { STATUS: 'inactive' }),
];

const SEED_GLJOURNALS: Row[] = [
  { SYMBOL: 'GJ', TITLE: 'General Journal', STATUS: 'active' },
  { SYMBOL: 'APJ', TITLE: 'Accounts Payable Journal', STATUS: 'active' },
  { SYMBOL: 'ARJ', TITLE: 'Accounts Receivable Journal', STATUS: 'active' },
];

const SEED_DEPARTMENTS: Row[] = [
  { DEPARTMENTID: 'ADM', TITLE: 'Administration', STATUS: 'active' },
  { DEPARTMENTID: 'SAL', TITLE: 'Sales', STATUS: 'active' },
  { DEPARTMENTID: 'OPS', TITLE: 'Operations', STATUS: 'active' },
  { DEPARTMENTID: 'ENG', TITLE: 'Engineering', STATUS: 'active' },
  { DEPARTMENTID: 'OLD', TITLE: 'Discontinued', STATUS: 'inactive' },
];

/** Location 100 is the company's single entity; 200 and 300 are plain locations under it. */
const SEED_LOCATIONS: Row[] = [
  { LOCATIONID: '100', NAME: 'US Headquarters', STATUS: 'active', ISENTITY: 'true', PARENTID: '' },
  { LOCATIONID: '200', NAME: 'East Warehouse', STATUS: 'active', ISENTITY: 'false', PARENTID: '100' },
  { LOCATIONID: '300', NAME: 'West Office', STATUS: 'active', ISENTITY: 'false', PARENTID: '100' },
];

const SEED_CLASSES: Row[] = [
  { CLASSID: 'RETAIL', NAME: 'Retail', STATUS: 'active' },
  { CLASSID: 'WHOLESALE', NAME: 'Wholesale', STATUS: 'active' },
  { CLASSID: 'ONLINE', NAME: 'Online', STATUS: 'active' },
];

const SEED_CUSTOMERS: Row[] = [
  { CUSTOMERID: 'C100', NAME: 'Northwind Traders', STATUS: 'active', TERMNAME: 'N30' },
  { CUSTOMERID: 'C200', NAME: 'Contoso Retail', STATUS: 'active', TERMNAME: 'N30' },
  { CUSTOMERID: 'C300', NAME: 'Fabrikam Stores', STATUS: 'active', TERMNAME: 'N45' },
  { CUSTOMERID: 'C400', NAME: "Jane's Deli", STATUS: 'active', TERMNAME: 'Due on receipt' },
  { CUSTOMERID: 'C900', NAME: 'Dormant Customer', STATUS: 'inactive', TERMNAME: 'N30' },
];

const SEED_PROJECTS: Row[] = [
  { PROJECTID: 'P100', NAME: 'ERP Rollout', PROJECTCATEGORY: 'Contract', CUSTOMERID: 'C100', STATUS: 'active' },
  { PROJECTID: 'P200', NAME: 'Internal Tooling', PROJECTCATEGORY: 'Internal Non-billable', CUSTOMERID: '', STATUS: 'active' },
];

const SEED_VENDORS: Row[] = [
  { VENDORID: 'V100', NAME: 'Acme Supplies', STATUS: 'active', TAXID: '12-3456789', TERMNAME: 'N30' },
  { VENDORID: 'V200', NAME: 'Globex Logistics', STATUS: 'active', TAXID: '98-7654321', TERMNAME: 'N30' },
  { VENDORID: 'V300', NAME: 'Initech Software', STATUS: 'active', TAXID: '', TERMNAME: 'N45' },
  { VENDORID: 'V400', NAME: 'Umbrella Facilities', STATUS: 'active', TAXID: '', TERMNAME: 'N15' },
  { VENDORID: 'V900', NAME: 'Closed Vendor Inc', STATUS: 'inactive', TAXID: '', TERMNAME: 'N30' },
];

const SEED_ITEMS: Row[] = [
  { ITEMID: 'SUP-1', NAME: 'Copy paper', STATUS: 'active' },
  { ITEMID: 'SUP-2', NAME: 'Toner', STATUS: 'active' },
  { ITEMID: 'WIDGET', NAME: 'Widget', STATUS: 'active' },
  { ITEMID: 'W', NAME: 'Widget, short id', STATUS: 'active' },
  { ITEMID: 'OLD-1', NAME: 'Discontinued item', STATUS: 'inactive' },
];

const SEED_TAX_DETAILS: Row[] = [
  { DETAILID: 'Exempt', TAXRATE: '0', STATUS: 'active' },
  { DETAILID: 'Sales Tax 8.25', TAXRATE: '8.25', STATUS: 'active' },
];

/** Fiscal year = calendar year; all of 2026 is open, every other period is closed. */
const SEED_OPEN_PERIODS: string[] = Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`);

/** The small company a fresh emulator holds when no other company is given. */
export const BUILT_IN_COMPANY: IntacctCompanySeed = {
  GLACCOUNT: SEED_GLACCOUNTS,
  GLJOURNAL: SEED_GLJOURNALS,
  DEPARTMENT: SEED_DEPARTMENTS,
  LOCATION: SEED_LOCATIONS,
  CLASS: SEED_CLASSES,
  CUSTOMER: SEED_CUSTOMERS,
  PROJECT: SEED_PROJECTS,
  VENDOR: SEED_VENDORS,
  ITEM: SEED_ITEMS,
  TAXDETAIL: SEED_TAX_DETAILS,
  SUPDOCFOLDER: [{ FOLDERNAME: 'Sage 300', DESCRIPTION: 'Supporting documents referenced from Sage 300' }],
  openPeriods: SEED_OPEN_PERIODS,
};
