/** Row → record normalisers for the General Ledger tables. */
import type { SqlRow } from './sql-backend.ts';
import { RowReader, type RowResult } from './normalise.ts';
import {
  CURRENCY_TYPE,
  FISCAL_SET,
  FISCAL_SET_ACTIVITY,
  GL_ACCOUNT_TYPE,
  GL_BATCH_STATUS,
  GL_BATCH_TYPE,
  GL_NORMAL_BALANCE,
  GL_POST_TO,
  GL_REVERSAL,
} from './normalise-codes.ts';
import type { AuditStamp, FiscalSetBalance, GlAccount, GlBatch, GlJournalDetail, GlJournalEntry, GlPosting } from './types.ts';

export function auditOf(r: RowReader): AuditStamp {
  return { ...r.audit(), user: r.char('AUDTUSER') };
}

export function normaliseGlAccount(row: SqlRow): RowResult<GlAccount> {
  const r = new RowReader('GLAMF', row, ['ACCTID']);
  const segments: string[] = [];
  for (let i = 1; i <= 10; i++) segments.push(r.char(`ACSEGVAL${String(i).padStart(2, '0')}`));
  while (segments.at(-1) === '') segments.pop();
  return r.result({
    accountId: r.char('ACCTID'),
    accountFormatted: r.char('ACCTFMTTD'),
    description: r.char('ACCTDESC'),
    type: r.code('ACCTTYPE', GL_ACCOUNT_TYPE),
    normalBalance: r.code('ACCTBAL', GL_NORMAL_BALANCE),
    active: r.flag('ACTIVESW'),
    postTo: r.code('CONSLDSW', GL_POST_TO),
    groupCode: r.char('ACCTGRPCOD'),
    structureCode: r.char('ABRKID'),
    multiCurrency: r.flag('MCSW'),
    controlAccount: r.flag('CTRLACCTSW'),
    segments,
    audit: auditOf(r),
  });
}

export function normaliseGlDetail(row: SqlRow): RowResult<GlJournalDetail> {
  const r = new RowReader('GLJED', row, ['BATCHNBR', 'JOURNALID', 'TRANSNBR']);
  return r.result({
    transactionNumber: r.char('TRANSNBR'),
    accountId: r.char('ACCTID'),
    amount: r.amount('TRANSAMT'),
    quantity: r.amount('TRANSQTY'),
    sourceAmount: r.amount('SCURNAMT'),
    sourceCurrency: r.char('SCURNCODE'),
    homeCurrency: r.char('HCURNCODE'),
    description: r.char('TRANSDESC'),
    reference: r.char('TRANSREF'),
    date: r.date('TRANSDATE'),
  });
}

export function normaliseGlEntry(row: SqlRow, details: readonly RowResult<GlJournalDetail>[]): RowResult<GlJournalEntry> {
  const bad = details.find((d) => !d.ok);
  if (bad) return bad;
  const r = new RowReader('GLJEH', row, ['BATCHID', 'BTCHENTRY']);
  return r.result({
    entryNumber: r.char('BTCHENTRY'),
    sourceLedger: r.char('SRCELEDGER'),
    sourceType: r.char('SRCETYPE'),
    fiscalYear: r.char('FSCSYR'),
    fiscalPeriod: r.char('FSCSPERD'),
    description: r.char('JRNLDESC'),
    debits: r.amount('JRNLDR'),
    credits: r.amount('JRNLCR'),
    entryDate: r.date('DATEENTRY'),
    reversal: r.code('SWREVERSE', GL_REVERSAL),
    details: details.map((d) => (d as { value: GlJournalDetail }).value),
  });
}

export function normaliseGlBatch(row: SqlRow, entries: readonly RowResult<GlJournalEntry>[]): RowResult<GlBatch> {
  const bad = entries.find((e) => !e.ok);
  if (bad) return bad;
  const r = new RowReader('GLBCTL', row, ['BATCHID']);
  return r.result({
    batchId: r.char('BATCHID'),
    description: r.char('BTCHDESC'),
    sourceLedger: r.char('SRCELEDGR'),
    type: r.code('BATCHTYPE', GL_BATCH_TYPE),
    status: r.code('BATCHSTAT', GL_BATCH_STATUS),
    postingSequence: r.int('POSTNGSEQ'),
    debitTotal: r.amount('DEBITTOT'),
    creditTotal: r.amount('CREDITTOT'),
    entryCount: r.int('ENTRYCNT'),
    created: r.date('DATECREAT'),
    edited: r.date('DATEEDIT'),
    audit: auditOf(r),
    entries: entries.map((e) => (e as { value: GlJournalEntry }).value),
  });
}

export function normaliseGlPosting(row: SqlRow): RowResult<GlPosting> {
  const r = new RowReader('GLPOST', row, ['POSTINGSEQ', 'BATCHNBR', 'ENTRYNBR', 'TRANSNBR']);
  return r.result({
    postingSequence: r.int('POSTINGSEQ'),
    batchNumber: r.char('BATCHNBR'),
    entryNumber: r.char('ENTRYNBR'),
    transactionNumber: r.int('TRANSNBR'),
    detailCount: r.int('CNTDETAIL'),
    accountId: r.char('ACCTID'),
    accountFormatted: r.optChar('ACCTFMTTD'),
    fiscalYear: r.char('FISCALYR'),
    fiscalPeriod: r.char('FISCALPERD'),
    journalDate: r.date('JRNLDATE'),
    sourceLedger: r.char('SRCELEDGER'),
    sourceType: r.char('SRCETYPE'),
    sourceCurrency: r.char('SRCECURN'),
    amount: r.amount('TRANSAMT'),
    quantity: r.amount('TRANSQTY'),
    sourceAmount: r.amount('SCURNAMT'),
    sourceCurrencyCode: r.char('SCURNCODE'),
    homeCurrency: r.char('HCURNCODE'),
    rateType: r.char('RATETYPE'),
    rateDate: r.date('RATEDATE'),
    rate: r.amount('CONVRATE'),
    rateOperator: r.char('RATEOPER'),
    description: r.char('JNLDTLDESC'),
    reference: r.char('JNLDTLREF'),
    drillApp: r.char('DRILAPP'),
    drillLink: r.int('DRILLDWNLK'),
  });
}

export function normaliseFiscalSet(row: SqlRow): RowResult<FiscalSetBalance> {
  const r = new RowReader('GLAFS', row, ['ACCTID', 'FSCSYR', 'FSCSDSG', 'FSCSCURN', 'CURNTYPE']);
  const netPeriods = Array.from({ length: 15 }, (_, i) => r.amount(`NETPERD${i + 1}`));
  return r.result({
    accountId: r.char('ACCTID'),
    accountFormatted: r.optChar('ACCTFMTTD'),
    fiscalYear: r.char('FSCSYR'),
    designator: r.code('FSCSDSG', FISCAL_SET),
    currency: r.char('FSCSCURN'),
    currencyType: r.code('CURNTYPE', CURRENCY_TYPE),
    openingBalance: r.amount('OPENBAL'),
    netPeriods,
    activity: r.code('ACTIVITYSW', FISCAL_SET_ACTIVITY),
  });
}
