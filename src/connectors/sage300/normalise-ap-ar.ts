/** Row → record normalisers for the AP and AR tables. */
import type { SqlRow } from './sql-backend.ts';
import { RowReader, type RowResult } from './normalise.ts';
import {
  AP_BATCH_TYPE,
  AP_ENTRY_DOC_TYPE,
  AP_POSTED_DOC_TYPE,
  AR_ACCOUNT_TYPE,
  AR_BATCH_TYPE,
  AR_ENTRY_DOC_TYPE,
  AR_POSTED_DOC_TYPE,
  AR_RECEIPT_TYPE,
  SUBLEDGER_BATCH_STATUS,
} from './normalise-codes.ts';
import { auditOf } from './normalise-gl.ts';
import type {
  ApInvoice,
  ApInvoiceLine,
  ArInvoice,
  ArInvoiceLine,
  ArReceipt,
  ArReceiptApplication,
  Customer,
  PostedDocument,
  SubledgerBatch,
  Vendor,
} from './types.ts';
import { err, ok, type Result } from '../../domain/result.ts';

/** Propagates the first bad child row as the parent's error; otherwise unwraps the children. */
export function childValues<T>(children: readonly RowResult<T>[]): Result<T[], RowResult<never>> {
  const values: T[] = [];
  for (const c of children) {
    if (!c.ok) return err(c);
    values.push(c.value);
  }
  return ok(values);
}

function party(r: RowReader): Pick<Vendor, 'address' | 'contact'> {
  return {
    address: {
      lines: [1, 2, 3, 4].map((i) => r.char(`TEXTSTRE${i}`)).filter((l) => l !== ''),
      city: r.char('NAMECITY'),
      state: r.char('CODESTTE'),
      postalCode: r.char('CODEPSTL'),
      country: r.char('CODECTRY'),
    },
    contact: {
      name: r.char('NAMECTAC'),
      phone: r.char('TEXTPHON1'),
      fax: r.char('TEXTPHON2'),
      contactEmail: r.char('EMAIL1'),
      email: r.char('EMAIL2'),
    },
  };
}

export function normaliseVendor(row: SqlRow): RowResult<Vendor> {
  const r = new RowReader('APVEN', row, ['VENDORID']);
  return r.result({
    vendorId: r.char('VENDORID'),
    shortName: r.char('SHORTNAME'),
    name: r.char('VENDNAME'),
    legalName: r.char('LEGALNAME'),
    groupCode: r.char('IDGRP'),
    active: r.flag('SWACTV'),
    onHold: r.flag('SWHOLD'),
    inactiveDate: r.date('DATEINAC'),
    ...party(r),
    accountSet: r.char('IDACCTSET'),
    currency: r.char('CURNCODE'),
    termsCode: r.char('TERMSCODE'),
    taxGroup: r.char('CODETAXGRP'),
    taxRegistration: r.char('IDTAXREGI1'),
    taxNumber: r.char('TAXNBR'),
    remitTo: r.char('PRIMRMIT'),
    balanceDueHome: r.amount('AMTBALDUEH'),
    openInvoiceCount: r.int('CNTOPENINV'),
    lastMaintained: r.date('DATELASTMN'),
    audit: auditOf(r),
  });
}

export function normaliseCustomer(row: SqlRow): RowResult<Customer> {
  const r = new RowReader('ARCUS', row, ['IDCUST']);
  return r.result({
    customerId: r.char('IDCUST'),
    shortName: r.char('TEXTSNAM'),
    name: r.char('NAMECUST'),
    groupCode: r.char('IDGRP'),
    nationalAccount: r.char('IDNATACCT'),
    active: r.flag('SWACTV'),
    onHold: r.flag('SWHOLD'),
    inactiveDate: r.date('DATEINAC'),
    ...party(r),
    accountSet: r.char('IDACCTSET'),
    currency: r.char('CODECURN'),
    termsCode: r.char('CODETERM'),
    taxGroup: r.char('CODETAXGRP'),
    accountType: r.code('SWBALFWD', AR_ACCOUNT_TYPE),
    creditLimit: r.amount('AMTCRLIMT'),
    balanceDueHome: r.amount('AMTBALDUEH'),
    openInvoiceCount: r.int('CNTOPENINV'),
    lastMaintained: r.date('DATELASTMN'),
    audit: auditOf(r),
  });
}

/** APIBC / ARIBC (same columns, different batch-type numbering). */
export function normaliseSubledgerBatch(table: 'APIBC' | 'ARIBC', row: SqlRow): RowResult<SubledgerBatch> {
  const r = new RowReader(table, row, ['CNTBTCH']);
  return r.result({
    batchNumber: r.int('CNTBTCH'),
    date: r.date('DATEBTCH'),
    description: r.char('BTCHDESC'),
    type: r.code('BTCHTYPE', table === 'APIBC' ? AP_BATCH_TYPE : AR_BATCH_TYPE),
    status: r.code('BTCHSTTS', SUBLEDGER_BATCH_STATUS),
    entryCount: r.int('CNTINVCENT'),
    amount: r.amount('AMTENTR'),
    postingSequence: r.int('POSTSEQNBR'),
    sourceApplication: r.char('SRCEAPPL'),
    audit: auditOf(r),
  });
}

function batchStatus(r: RowReader, row: SqlRow): ApInvoice['batchStatus'] {
  return row.BTCHSTTS === null || row.BTCHSTTS === undefined ? null : r.code('BTCHSTTS', SUBLEDGER_BATCH_STATUS);
}

export function normaliseApInvoiceLine(row: SqlRow): RowResult<ApInvoiceLine> {
  const r = new RowReader('APIBD', row, ['CNTBTCH', 'CNTITEM', 'CNTLINE']);
  return r.result({
    lineNumber: r.int('CNTLINE'),
    distributionCode: r.char('IDDIST'),
    description: r.char('TEXTDESC'),
    glAccountFormatted: r.char('IDGLACCT'),
    amount: r.amount('AMTDIST'),
    netAmount: r.amount('AMTDISTNET'),
    taxAmount: r.amount('AMTTOTTAX'),
    contract: r.char('CONTRACT'),
    project: r.char('PROJECT'),
    category: r.char('CATEGORY'),
  });
}

export function normaliseApInvoice(row: SqlRow, lines: readonly RowResult<ApInvoiceLine>[]): RowResult<ApInvoice> {
  const kids = childValues(lines);
  if (!kids.ok) return kids.error;
  const r = new RowReader('APIBH', row, ['CNTBTCH', 'CNTITEM']);
  return r.result({
    batchNumber: r.int('CNTBTCH'),
    entryNumber: r.int('CNTITEM'),
    batchStatus: batchStatus(r, row),
    vendorId: r.char('IDVEND'),
    documentNumber: r.char('IDINVC'),
    documentType: r.code('TEXTTRX', AP_ENTRY_DOC_TYPE),
    description: r.char('INVCDESC'),
    poNumber: r.char('PONBR'),
    documentDate: r.date('DATEINVC'),
    dueDate: r.date('DATEDUE'),
    postingDate: r.date('DATEBUS'),
    fiscalYear: r.char('FISCYR'),
    fiscalPeriod: r.char('FISCPER'),
    currency: r.char('CODECURN'),
    exchangeRate: r.amount('EXCHRATEHC'),
    rateType: r.char('RATETYPE'),
    rateDate: r.date('DATERATE'),
    termsCode: r.char('TERMCODE'),
    taxGroup: r.char('CODETAXGRP'),
    amountBeforeTax: r.amount('AMTINVCTOT'),
    taxAmount: r.amount('AMTTAXTOT'),
    grossAmount: r.amount('AMTGROSTOT'),
    onHold: r.flag('SWHOLD'),
    lines: kids.value,
  });
}

export function normaliseArInvoiceLine(row: SqlRow): RowResult<ArInvoiceLine> {
  const r = new RowReader('ARIBD', row, ['CNTBTCH', 'CNTITEM', 'CNTLINE']);
  return r.result({
    lineNumber: r.int('CNTLINE'),
    itemNumber: r.char('IDITEM'),
    distributionCode: r.char('IDDIST'),
    description: r.char('TEXTDESC'),
    quantity: r.amount('QTYINVC'),
    unitPrice: r.amount('AMTPRIC'),
    extendedAmount: r.amount('AMTEXTN'),
    taxAmount: r.amount('TOTTAX'),
    revenueAccountFormatted: r.char('IDACCTREV'),
    contract: r.char('CONTRACT'),
    project: r.char('PROJECT'),
    category: r.char('CATEGORY'),
  });
}

export function normaliseArInvoice(row: SqlRow, lines: readonly RowResult<ArInvoiceLine>[]): RowResult<ArInvoice> {
  const kids = childValues(lines);
  if (!kids.ok) return kids.error;
  const r = new RowReader('ARIBH', row, ['CNTBTCH', 'CNTITEM']);
  return r.result({
    batchNumber: r.int('CNTBTCH'),
    entryNumber: r.int('CNTITEM'),
    batchStatus: batchStatus(r, row),
    customerId: r.char('IDCUST'),
    documentNumber: r.char('IDINVC'),
    documentType: r.code('TEXTTRX', AR_ENTRY_DOC_TYPE),
    description: r.char('INVCDESC'),
    customerPo: r.char('CUSTPO'),
    documentDate: r.date('DATEINVC'),
    dueDate: r.date('DATEDUE'),
    postingDate: r.date('DATEBUS'),
    fiscalYear: r.char('FISCYR'),
    fiscalPeriod: r.char('FISCPER'),
    currency: r.char('CODECURN'),
    amountBeforeTax: r.amount('AMTINVCTOT'),
    taxAmount: r.amount('AMTTAXTOT'),
    netAmount: r.amount('AMTNETTOT'),
    taxGroup: r.char('CODETAXGRP'),
    rateType: r.char('RATETYPE'),
    exchangeRate: r.amount('EXCHRATEHC'),
    rateDate: r.date('DATERATE'),
    lines: kids.value,
  });
}

/** APOBL / AROBL posted documents. */
export function normalisePostedDocument(table: 'APOBL' | 'AROBL', row: SqlRow): RowResult<PostedDocument> {
  const ap = table === 'APOBL';
  const partyCol = ap ? 'IDVEND' : 'IDCUST';
  const r = new RowReader(table, row, [partyCol, 'IDINVC']);
  return r.result({
    partyId: r.char(partyCol),
    documentNumber: r.char('IDINVC'),
    documentType: ap ? r.code('TXTTRXTYPE', AP_POSTED_DOC_TYPE) : r.code('TRXTYPETXT', AR_POSTED_DOC_TYPE),
    transactionTypeId: r.int(ap ? 'IDTRXTYPE' : 'TRXTYPEID'),
    batchNumber: r.int('CNTBTCH'),
    entryNumber: r.int('CNTITEM'),
    description: r.char('DESCINVC'),
    documentDate: r.date('DATEINVC'),
    dueDate: r.date(ap ? 'DATEINVCDU' : 'DATEDUE'),
    postingDate: r.date('DATEBUS'),
    fiscalYear: r.char('FISCYR'),
    fiscalPeriod: r.char('FISCPER'),
    currency: r.char('CODECURN'),
    amountHome: r.amount('AMTINVCHC'),
    amountSource: r.amount('AMTINVCTC'),
    amountDueHome: r.amount('AMTDUEHC'),
    amountDueSource: r.amount('AMTDUETC'),
    paid: r.flag('SWPAID'),
    datePaid: r.date('DATEPAID'),
    postingSequence: r.int('POSTSEQNCE'),
    audit: auditOf(r),
  });
}

export function normaliseArApplication(row: SqlRow): RowResult<ArReceiptApplication> {
  const r = new RowReader('ARTCP', row, ['CODEPAYM', 'CNTBTCH', 'CNTITEM', 'CNTLINE']);
  return r.result({ lineNumber: r.int('CNTLINE'), documentNumber: r.char('IDINVC'), amount: r.amount('AMTPAYM') });
}

export function normaliseArReceipt(row: SqlRow, applications: readonly RowResult<ArReceiptApplication>[]): RowResult<ArReceipt> {
  const kids = childValues(applications);
  if (!kids.ok) return kids.error;
  const r = new RowReader('ARTCR', row, ['CODEPYMTYP', 'CNTBTCH', 'CNTITEM']);
  return r.result({
    batchType: r.char('CODEPYMTYP'),
    batchNumber: r.int('CNTBTCH'),
    entryNumber: r.int('CNTITEM'),
    customerId: r.char('IDCUST'),
    receiptNumber: r.char('IDRMIT'),
    receiptDate: r.date('DATERMIT'),
    type: r.code('RMITTYPE', AR_RECEIPT_TYPE),
    description: r.char('TEXTRMIT'),
    reference: r.char('TXTRMITREF'),
    bankAmount: r.amount('AMTRMIT'),
    customerAmount: r.amount('AMTRMITTC'),
    currency: r.char('CODECURN'),
    bankCode: r.char('IDBANK'),
    appliedDocument: r.char('DOCNBR'),
    rateType: r.char('RATETYPEHC'),
    exchangeRate: r.amount('RATEEXCHHC'),
    rateDate: r.date('DATERATEHC'),
    audit: auditOf(r),
    applications: kids.value,
  });
}
