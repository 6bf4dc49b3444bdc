/**
 * GL/GLJournalBatches ↔ GLBCTL / GLJEH / GLJED (views GL0008/GL0006/GL0010). Property names from the official
 * sample payload and the go-sage300 types (reference §8.5); `BatchType`, `AutoReversal` UNCONFIRMED.
 */
import { defineResource, enumOf } from './field-map.ts';

/** BATCHSTAT codes (AOM-WEB GL0008): GL Posted is '4', Deleted '3' — the reverse of AP/AR. */
const GL_BATCH_STATUS = enumOf([
  ['1', 'Open'],
  ['3', 'Deleted'],
  ['4', 'Posted'],
  ['6', 'ProvisionallyPosted'],
  ['8', 'PostInProgress'],
  ['9', 'ReadyToPost'],
  ['A', 'ProvisionalPostInProgress'],
]);

export const GL_BATCHES = defineResource('GLJournalBatches', 'GLBCTL', [
  { name: 'BatchNumber', column: 'BATCHID', readOnly: true },
  {
    name: 'ActiveSwitch',
    column: 'ACTIVESW',
    kind: enumOf([
      [0, 'Inactive'],
      [1, 'Active'],
    ]),
    readOnly: true,
  },
  { name: 'Description', column: 'BTCHDESC' },
  { name: 'SourceLedger', column: 'SRCELEDGR', readOnly: true },
  { name: 'DateCreated', column: 'DATECREAT', readOnly: true },
  { name: 'DateLastEdited', column: 'DATEEDIT', readOnly: true },
  {
    name: 'BatchType',
    column: 'BATCHTYPE',
    kind: enumOf([
      ['1', 'Entered'],
      ['2', 'Subledger'],
      ['3', 'Imported'],
      ['4', 'Generated'],
      ['5', 'Recurring'],
    ]),
    readOnly: true,
  },
  { name: 'Status', column: 'BATCHSTAT', kind: GL_BATCH_STATUS },
  { name: 'PostingSequence', column: 'POSTNGSEQ', readOnly: true },
  { name: 'Debits', column: 'DEBITTOT', readOnly: true },
  { name: 'Credits', column: 'CREDITTOT', readOnly: true },
  { name: 'QuantityTotal', column: 'QTYTOTAL', readOnly: true },
  { name: 'NumberOfEntries', column: 'ENTRYCNT', readOnly: true },
  { name: 'NextEntryNumber', column: 'NEXTENTRY', readOnly: true },
  { name: 'NumberOfErrors', column: 'ERRORCNT', readOnly: true },
]);

export const GL_HEADERS = defineResource('JournalHeaders', 'GLJEH', [
  { name: 'BatchNumber', column: 'BATCHID', readOnly: true },
  { name: 'EntryNumber', column: 'BTCHENTRY', readOnly: true },
  { name: 'SourceLedger', column: 'SRCELEDGER' },
  { name: 'SourceType', column: 'SRCETYPE' },
  { name: 'FiscalYear', column: 'FSCSYR', readOnly: true },
  { name: 'FiscalPeriod', column: 'FSCSPERD', readOnly: true },
  {
    name: 'AutoReversal',
    column: 'SWREVERSE',
    kind: enumOf([
      [0, 'Off'],
      [1, 'NextPeriod'],
      [2, 'SpecificPeriod'],
    ]),
  },
  { name: 'Description', column: 'JRNLDESC' },
  { name: 'Debits', column: 'JRNLDR', readOnly: true },
  { name: 'Credits', column: 'JRNLCR', readOnly: true },
  { name: 'PostingDate', column: 'DATEENTRY' },
  { name: 'DocumentDate', column: 'DOCDATE' },
  { name: 'EnteredBy', column: 'ENTEREDBY', readOnly: true },
]);

export const GL_DETAILS = defineResource('JournalDetails', 'GLJED', [
  { name: 'BatchNumber', column: 'BATCHNBR', readOnly: true },
  { name: 'EntryNumber', column: 'JOURNALID', readOnly: true },
  { name: 'TransactionNumber', column: 'TRANSNBR', readOnly: true },
  { name: 'AccountNumber', column: 'ACCTID' },
  { name: 'Amount', column: 'TRANSAMT' },
  { name: 'Quantity', column: 'TRANSQTY' },
  { name: 'SourceCurrencyAmount', column: 'SCURNAMT' },
  { name: 'HomeCurrency', column: 'HCURNCODE', readOnly: true },
  { name: 'SourceCurrency', column: 'SCURNCODE' },
  { name: 'CurrencyRate', column: 'CONVRATE' },
  { name: 'Description', column: 'TRANSDESC' },
  { name: 'Reference', column: 'TRANSREF' },
  { name: 'JournalDate', column: 'TRANSDATE', readOnly: true },
]);
