import { describe, expect, it } from 'vitest';
import type { GlSourceLine } from '../../domain/gl-source-line.ts';
import { createMappingEngine } from '../mapping/index.ts';
import { parseMappings } from '../mapping/load-mappings.ts';
import { csvOf, filesWith } from '../mapping/tables.test-support.ts';
import type { SourceEntry } from './gl-entries.ts';
import { transformEntry, type GlPostingOptions } from './gl-transform.ts';

const tables = (rateTypes: string[]) => {
  const parsed = parseMappings(
    filesWith({
      'accounts.csv': csvOf('accounts.csv', '10,*-*-*,=account,,,,,,,'),
      'rate-types.csv': csvOf('rate-types.csv', ...rateTypes),
    }),
  );
  if (!parsed.ok) throw new Error(parsed.error.map((e) => e.message).join('\n'));
  return parsed.value;
};
const engine = (rateTypes = ['SP,Intacct Daily Rate']) =>
  createMappingEngine(tables(rateTypes), { segmentNames: ['account', 'department', 'region'] });
const OPTIONS: GlPostingOptions = { journal: 'GJ', state: 'Posted', sourceLedgers: { leftOut: [], overridden: [] } };

/** A GLPOST line: home amount `home`, and when `eur` is given a EUR source amount at `rate`. */
const line = (n: number, account: string, home: string, fx?: { eur: string; rate: string; type?: string }): GlSourceLine => ({
  batch: '000100',
  entry: '00001',
  line: n,
  postingSeq: 900,
  account: `${account}-000-00`,
  accountId: account,
  date: '2026-03-10',
  fiscalYear: '2026',
  fiscalPeriod: '03',
  amount: home,
  currency: fx ? 'EUR' : 'USD',
  description: `line ${n}`,
  reference: '',
  sourceLedger: 'GL',
  sourceType: 'JE',
  fx: {
    sourceCurrency: fx ? 'EUR' : 'USD',
    sourceAmount: fx ? fx.eur : home,
    homeCurrency: 'USD',
    rateType: fx?.type ?? 'SP',
    rateDate: '2026-03-09',
    rate: fx ? fx.rate : '1',
    rateOperator: '1',
  },
});
const entry = (...lines: GlSourceLine[]): SourceEntry => ({
  sourceKey: 'SAMINC:000100:00001',
  company: 'SAMINC',
  batch: '000100',
  entry: '00001',
  postingSeq: 900,
  date: '2026-03-10',
  fiscalYear: '2026',
  fiscalPeriod: '03',
  lines,
});
const glLines = (r: ReturnType<typeof transformEntry>) =>
  r.ok ? ((r.value.payload as { ENTRIES: { GLENTRY: Record<string, string>[] } }).ENTRIES.GLENTRY ?? []) : [];

describe('GL transform: foreign-currency lines', () => {
  it('sends the source amount in its currency with the rate, rate date and mapped rate type, not the home amount', () => {
    const r = transformEntry(
      entry(line(1, '6100', '1085.000', { eur: '1000.000', rate: '1.0850000' }), line(2, '1000', '-1085.000')),
      engine(),
      OPTIONS,
    );
    expect(r.ok).toBe(true);
    const [eur, usd] = glLines(r);
    expect(eur).toMatchObject({
      CURRENCY: 'EUR',
      TRX_AMOUNT: '1000.00',
      EXCHANGE_RATE: '1.085',
      EXCH_RATE_DATE: '03/09/2026',
      EXCH_RATE_TYPE_ID: 'Intacct Daily Rate',
      TR_TYPE: '1',
    });
    expect(usd).toMatchObject({ CURRENCY: 'USD', TRX_AMOUNT: '1085.00', TR_TYPE: '-1' });
    expect(usd && 'EXCHANGE_RATE' in usd).toBe(false);
  });

  it('rate-only sends the rate without the rate type', () => {
    const r = transformEntry(
      entry(line(1, '6100', '1085.000', { eur: '1000.000', rate: '1.085' }), line(2, '1000', '-1085.000')),
      engine(),
      {
        ...OPTIONS,
        currency: { baseTolerance: '0.01', rateFields: 'rate-only' },
      },
    );
    expect(glLines(r)[0]).not.toHaveProperty('EXCH_RATE_TYPE_ID');
    expect(glLines(r)[0]).toHaveProperty('EXCHANGE_RATE', '1.085');
  });

  it('an unmapped rate type is a mapping exception naming rate-types.csv, before anything is sent', () => {
    const r = transformEntry(
      entry(line(1, '6100', '1085.000', { eur: '1000.000', rate: '1.085', type: 'BK' }), line(2, '1000', '-1085.000')),
      engine(),
      OPTIONS,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.class).toBe('mapping');
    expect(!r.ok && r.problem.message).toMatch(/rate type "BK" in rate-types.csv/);
    expect(!r.ok && r.problem.fix).toMatch(/add the row "BK,<Intacct exchange rate type/);
  });

  it("a home amount Intacct's base would miss by more than the tolerance is an exception with a fix", () => {
    // 1000.00 x 1.085 = 1085.00 in Intacct, but Sage 300 says 1085.02.
    const r = transformEntry(
      entry(line(1, '6100', '1085.020', { eur: '1000.000', rate: '1.085' }), line(2, '1000', '-1085.020')),
      engine(),
      OPTIONS,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.class).toBe('validation');
    expect(!r.ok && r.problem.message).toMatch(
      /Intacct would book EUR 1000.00 x 1.085 = USD 1085.00, Sage 300's home amount is 1085.02 \(difference -0.02, tolerance 0.01\)/,
    );
    expect(!r.ok && r.problem.fix).toMatch(/baseTolerance/);
  });

  it('a difference within the tolerance that unbalances the entry in base currency is still an exception', () => {
    const r = transformEntry(
      entry(line(1, '6100', '1085.010', { eur: '1000.000', rate: '1.085' }), line(2, '1000', '-1085.010')),
      engine(),
      OPTIONS,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem.message).toMatch(/does not balance after mapping \(USD off by -0.010\)/);
    const wider = transformEntry(
      entry(line(1, '6100', '1085.010', { eur: '1000.000', rate: '1.085' }), line(2, '1000', '-1085.000')),
      engine(),
      OPTIONS,
    );
    expect(wider.ok).toBe(true);
  });

  it('a foreign line with no rate is an exception, not a post at rate 1', () => {
    const r = transformEntry(
      entry(line(1, '6100', '1085.000', { eur: '1000.000', rate: '0' }), line(2, '1000', '-1085.000')),
      engine(),
      OPTIONS,
    );
    expect(!r.ok && r.problem.message).toMatch(/EUR amount has no exchange rate/);
  });

  it('converts with a divide operator through its reciprocal', () => {
    const l = line(1, '6100', '1085.000', { eur: '1000.000', rate: '0.9216590' });
    const r = transformEntry(entry({ ...l, fx: { ...l.fx!, rateOperator: '2' } }, line(2, '1000', '-1085.000')), engine(), OPTIONS);
    expect(r.ok).toBe(true);
    expect(glLines(r)[0]?.EXCHANGE_RATE).toMatch(/^1\.08499998/);
  });
});
