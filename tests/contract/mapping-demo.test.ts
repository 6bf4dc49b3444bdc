import Database from 'better-sqlite3';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createMappingEngine,
  formatReport,
  loadMappings,
  validateMappings,
  type MappingEngine,
  type MappingReport,
  type MappingTables,
  type ValidationInput,
} from '../../src/core/mapping/index.ts';
import { buildIntacctDemoCompany } from '../../src/sandbox/demo-data/intacct-company.ts';
import { generateSage300Company, type Sage300Truth } from '../../src/sandbox/demo-data/sage300-company.ts';
import type { IntacctCompanySeed } from '../../src/sandbox/intacct-emulator/index.ts';
import { createSage300Schema } from '../../src/sandbox/sage300-db/schema.ts';

const MAPPINGS_DIR = fileURLToPath(new URL('../../mappings', import.meta.url));
const ACCOUNT_CODES = new Set(['account_unmapped', 'account_ambiguous', 'account_bad_format', 'dimension_unmapped']);

let s300: Database.Database;
let s300Truth: Sage300Truth;
let company: IntacctCompanySeed;
let tables: MappingTables;
let engine: MappingEngine;
let input: ValidationInput;
let report: MappingReport;

const isoDate = (yyyymmdd: number): string => {
  const s = String(yyyymmdd);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};

beforeAll(() => {
  s300 = new Database(':memory:');
  createSage300Schema(s300);
  s300Truth = generateSage300Company(s300, {});
  ({ company } = buildIntacctDemoCompany(s300, s300Truth));
  const loaded = loadMappings(MAPPINGS_DIR, { segmentNames: ['account', 'department', 'region'] });
  if (!loaded.ok) throw new Error(loaded.error.map((e) => e.message).join('\n'));
  tables = loaded.value;
  const segmentNames = (s300.prepare('SELECT RTRIM(ABLKDESC) d FROM GLABK ORDER BY ACCTBLKID').all() as { d: string }[]).map((r) => r.d);
  engine = createMappingEngine(tables, { segmentNames });
  const catalog = (rows: Record<string, string>[], id: string) => rows.map((r) => ({ id: r[id] ?? '', active: r.STATUS === 'active' }));
  input = {
    sage300Accounts: (s300.prepare('SELECT RTRIM(ACCTFMTTD) f, ACTIVESW FROM GLAMF').all() as { f: string; ACTIVESW: number }[]).map(
      (r) => ({ formatted: r.f, active: r.ACTIVESW === 1 }),
    ),
    intacct: {
      accounts: catalog(company.GLACCOUNT, 'ACCOUNTNO'),
      dimensions: {
        DEPARTMENT: catalog(company.DEPARTMENT, 'DEPARTMENTID'),
        LOCATION: catalog(company.LOCATION, 'LOCATIONID'),
        CLASS: catalog(company.CLASS, 'CLASSID'),
        PROJECT: catalog(company.PROJECT, 'PROJECTID'),
      },
    },
    asOf: `${s300Truth.fiscalYear}-06-30`,
  };
  report = validateMappings(engine, input);
});

describe('the committed demo mappings against the demo companies', () => {
  it('load without a single problem and take the segment names from GLABK', () => {
    expect(tables.accounts.length).toBeGreaterThan(30);
    expect(engine.segmentNames).toEqual(['account', 'department', 'region']);
  });

  it('leave exactly the planted trap accounts unresolved', () => {
    const unresolved = report.errors.filter((e) => ACCOUNT_CODES.has(e.code));
    expect(unresolved.map((e) => e.subject).sort()).toEqual(s300Truth.traps.unmappedAccounts.map((a) => a.formatted).sort());
    for (const e of unresolved) {
      expect(e.code).toBe('account_unmapped');
      expect(e.fix).toContain('add a row to accounts.csv');
    }
  });

  it('report no overlaps, no structure problem and no missing Intacct target', () => {
    expect(report.errors.filter((e) => !ACCOUNT_CODES.has(e.code))).toEqual([]);
  });

  it('warn only about the demo rule whose target is deliberately inactive', () => {
    const warnings = report.warnings.map((w) => `${w.code} ${w.file}:${w.line}`);
    // 6950 is inactive on both sides; the 4200 precedence pair is narrow enough that both rules win somewhere.
    expect(warnings).toEqual(['target_account_inactive accounts.csv:34']);
    expect(formatReport(report)).toContain('3 errors, 1 warning');
  });

  it('resolves every posted GL line of a mapped account, with dimensions from the account segments', () => {
    const traps = new Set(s300Truth.traps.unmappedAccounts.map((a) => a.formatted));
    const lines = s300.prepare('SELECT RTRIM(m.ACCTFMTTD) f, p.JRNLDATE d FROM GLPOST p JOIN GLAMF m ON m.ACCTID = p.ACCTID').all() as {
      f: string;
      d: number;
    }[];
    expect(lines.length).toBe(s300Truth.counts.GLPOST);
    const failures: string[] = [];
    let trapLines = 0;
    for (const { f, d } of lines) {
      const resolved = engine.resolveAccount(f, isoDate(d));
      if (traps.has(f)) {
        trapLines++;
        if (resolved.ok || resolved.error.code !== 'mapping_missing') failures.push(`${f} should be mapping_missing`);
        continue;
      }
      if (!resolved.ok) {
        failures.push(`${f} ${d}: ${resolved.error.message}`);
        continue;
      }
      const [natural, dept, region] = f.split('-');
      expect(resolved.value.targetAccount).toBe(natural === '6800' && d < 20260101 ? '6600' : natural);
      if (dept !== '000') expect(resolved.value.dimensions).toMatchObject({ DEPARTMENT: dept, LOCATION: region });
      else expect(resolved.value.dimensions).toEqual({});
      if (natural === '4200') expect(resolved.value.dimensions.CLASSID).toBe('PROJECT');
    }
    expect(failures).toEqual([]);
    expect(trapLines).toBeGreaterThan(0);
  });

  it('switches 6800 from 6600 to 6800 at the 2026 chart change', () => {
    const before = engine.resolveAccount('6800-ADM-EA', '2025-12-31');
    const after = engine.resolveAccount('6800-ADM-EA', '2026-01-01');
    expect(before.ok && before.value.targetAccount).toBe('6600');
    expect(after.ok && after.value.targetAccount).toBe('6800');
  });

  it('maps every demo vendor and customer that Intacct has, and the demo terms and tax group', () => {
    const vendors = s300.prepare('SELECT RTRIM(VENDORID) id FROM APVEN').all() as { id: string }[];
    const missing = new Set(s300Truth.traps.vendorsMissingInIntacct);
    for (const { id } of vendors) {
      const found = engine.vendorId(id);
      expect(found.ok, id).toBe(!missing.has(id));
    }
    const terms = s300.prepare('SELECT DISTINCT RTRIM(TERMSCODE) t FROM APVEN').all() as { t: string }[];
    for (const { t } of terms) expect(engine.termName(t).ok, t).toBe(true);
    expect(engine.taxDetail('EXEMPT')).toEqual({ ok: true, value: 'Exempt' });
  });
});
