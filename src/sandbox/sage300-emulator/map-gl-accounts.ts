/**
 * GL/GLAccounts ↔ GLAMF (view GL0001). `UnformattedAccount`, `AccountNumber` (formatted), `Description`,
 * `AccountType`, `NormalBalanceDRCR`, `Status`, `StructureCode`, `AccountGroupCode` per the reference; the rest
 * UNCONFIRMED. Read-only in the emulator (the pipelines never create accounts in Sage).
 */
import { ACTIVE_STATUS, BOOL, defineResource, enumOf } from './field-map.ts';

export const GL_ACCOUNTS = defineResource('GLAccounts', 'GLAMF', [
  { name: 'UnformattedAccount', column: 'ACCTID' },
  { name: 'AccountNumber', column: 'ACCTFMTTD' },
  { name: 'Description', column: 'ACCTDESC' },
  {
    name: 'AccountType',
    column: 'ACCTTYPE',
    kind: enumOf([
      ['B', 'BalanceSheet'],
      ['I', 'IncomeStatement'],
      ['R', 'RetainedEarnings'],
    ]),
  },
  {
    name: 'NormalBalanceDRCR',
    column: 'ACCTBAL',
    kind: enumOf([
      ['1', 'Debit'],
      ['2', 'Credit'],
    ]),
  },
  { name: 'Status', column: 'ACTIVESW', kind: ACTIVE_STATUS },
  {
    name: 'PostToAccount',
    column: 'CONSLDSW',
    kind: enumOf([
      [0, 'Detail'],
      [1, 'Consolidated'],
      [2, 'Prohibited'],
    ]),
  },
  { name: 'QuantitiesAllowed', column: 'QTYSW', kind: BOOL },
  { name: 'UnitOfMeasure', column: 'UOM' },
  { name: 'Multicurrency', column: 'MCSW', kind: BOOL },
  { name: 'AccountGroupCode', column: 'ACCTGRPCOD' },
  { name: 'StructureCode', column: 'ABRKID' },
  { name: 'AccountSegmentCode', column: 'ACCTSEGVAL' },
]);
