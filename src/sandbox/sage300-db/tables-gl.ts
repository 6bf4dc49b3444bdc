import { defineTable, type TableDef } from './table-def.ts';

/*
 * Indexes: the sandbox declares only keys Sage 300 declares (AOM key lists; reference §2-§6), with `unique` only where
 * Sage's key allows no duplicates. Sage has no index on the audit stamp, so none is declared here: a reader that
 * polls AUDTDATE/AUDTTIME must not rely on one (it pages on the primary key and filters on the stamp).
 */

/** Company profile and fiscal calendar (CS module). */
export const CS_TABLES: readonly TableDef[] = [
  defineTable('CSCOM', {
    key: ['ORGID'],
    columns: `ORGID C6, CONAME C60, ADDR{1..4} C60, CITY C30, STATE C30, POSTAL C20, COUNTRY C30,
      PHONE C30, FAX C30, CONTACT C60, LEGALNAME C60, HOMECUR C3, MULTICURSW S, RATETYPE C2,
      REPORTCUR C3, PERDFSC S, QTR4PERD S, WARNDAYS S`,
  }),
  defineTable('CSFSC', {
    key: ['FSCYEAR'],
    columns: `FSCYEAR C4, PERIODS S, QTR4PERD S, ACTIVE S, BGNDATE{1..13} D, ENDDATE{1..13} D,
      ADJSTATUS S, CLSSTATUS S`,
  }),
];

/** General Ledger: structure, accounts, batches, posted ledger, fiscal sets (reference §2). */
export const GL_TABLES: readonly TableDef[] = [
  defineTable('GLABK', {
    key: ['ACCTBLKID'],
    columns: 'ACCTBLKID C6, ABLKDESC C60, ABLKLEN S, CLOSESW S',
  }),
  defineTable('GLABRX', {
    key: ['ACCTBRKID'],
    columns: `ACCTBRKID C6, ABRKDESC C60, ABRKID{1..10} C6, ABRKSTRT{1..10} S, ABRKLEN{1..10} S`,
  }),
  defineTable('GLASV', {
    key: ['IDSEG', 'SEGVAL'],
    columns: 'IDSEG C6, SEGVAL C15, SEGVALDESC C60, ACCTRETERN C45',
  }),
  defineTable('GLSRCE', {
    key: ['SRCELEDGER', 'SRCETYPE'],
    columns: 'SRCELEDGER C2, SRCETYPE C2, SRCEDESC C60',
  }),
  defineTable('GLAMF', {
    key: ['ACCTID'],
    columns: `ACCTID C45, ACCTFMTTD C45, ACCTDESC C60, ACCTTYPE C1, ACCTBAL C1, ACTIVESW S,
      CONSLDSW S, QTYSW S, UOM C6, ALLOCSW S, ACCTOFSET C45, ACCTSRTY C2, MCSW S, SPECSW S,
      DEFCURNCOD C3, ACCTGRPCOD C12, CTRLACCTSW S, SRCELDGID C2, ABRKID C6, YRACCTCLOS C4,
      ACSEGVAL{01..10} C15, ACCTSEGVAL C15, ACCTGRPSCD C12, POSTOSEGID C6, OVALUES I, TOVALUES I,
      ROLLUPSW S, CREATEDATE D`,
    // AOM-GL GLAMF: ACCTFMTTD [D,M].
    indexes: [{ columns: ['ACCTFMTTD'] }],
  }),
  defineTable('GLBCTL', {
    key: ['BATCHID'],
    columns: `BATCHID C6, ACTIVESW S, BTCHDESC C60, SRCELEDGR C2, DATECREAT D, DATEEDIT D,
      BATCHTYPE C1, BATCHSTAT C1, POSTNGSEQ N7, DEBITTOT N19.3, CREDITTOT N19.3, QTYTOTAL N19.3,
      ENTRYCNT I, NEXTENTRY I, ERRORCNT I, ORIGSTATUS C1, SWPRINTED S, SWICT S, SWRVRECOG S`,
  }),
  defineTable('GLJEH', {
    key: ['BATCHID', 'BTCHENTRY'],
    columns: `BATCHID C6, BTCHENTRY C5, SRCELEDGER C2, SRCETYPE C2, FSCSYR C4, FSCSPERD C2,
      SWEDIT S, SWREVERSE S, REVYR C4, REVPERD C2, JRNLDESC C60, JRNLDR N19.3, JRNLCR N19.3,
      JRNLQTY N19.3, DATEENTRY D, DRILSRCTY S, DRILLDWNLK N19, DRILAPP C2, ERRBATCH I, ERRENTRY I,
      ORIGCOMP C8, DETAILCNT I, ENTEREDBY C8, DOCDATE D`,
  }),
  defineTable('GLJED', {
    key: ['BATCHNBR', 'JOURNALID', 'TRANSNBR'],
    columns: `BATCHNBR C6, JOURNALID C5, TRANSNBR C10, ACCTID C45, COMPANYID C8, TRANSAMT N19.3,
      TRANSQTY N19.3, SCURNDEC C1, SCURNAMT N19.3, HCURNCODE C3, RATETYPE C2, SCURNCODE C3,
      RATEDATE D, CONVRATE N15.7, RATESPREAD N15.7, DATEMTCHCD C1, RATEOPER C1, TRANSDESC C60,
      TRANSREF C60, TRANSDATE D, SRCELDGR C2, SRCETYPE C2, VALUES I, DESCOMP C8, ROUTE S`,
  }),
  defineTable('GLPOST', {
    key: ['ACCTID', 'FISCALYR', 'FISCALPERD', 'SRCECURN', 'SRCELEDGER', 'SRCETYPE', 'POSTINGSEQ', 'CNTDETAIL'],
    columns: `ACCTID C45, FISCALYR C4, FISCALPERD C2, SRCECURN C3, SRCELEDGER C2, SRCETYPE C2,
      POSTINGSEQ N7, CNTDETAIL N7, JRNLDATE D, BATCHNBR C6, ENTRYNBR C5, TRANSNBR N7,
      CONSOLIDAT S, COMPANYID C8, JNLDTLDESC C60, JNLDTLREF C60, TRANSAMT N19.3, TRANSQTY N19.3,
      SCURNDEC C1, SCURNAMT N19.3, HCURNCODE C3, RATETYPE C2, SCURNCODE C3, RATEDATE D,
      CONVRATE N15.7, RATESPREAD N15.7, DATEMTCHCD C1, RATEOPER C1, DRILSRCTY S, DRILLDWNLK N19,
      DRILAPP C2, RPTAMT N19.3, VALUES I`,
    indexes: [
      // AOM-GL GLPOST: POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR [D,M] — duplicates allowed (consolidated posting), so NOT
      // unique. Sage also keys JRNLDATE+… and ACCTID+… (both [D,M]); only this one serves the readers.
      { columns: ['POSTINGSEQ', 'BATCHNBR', 'ENTRYNBR', 'TRANSNBR'] },
    ],
  }),
  defineTable('GLAFS', {
    key: ['ACCTID', 'FSCSYR', 'FSCSDSG', 'FSCSCURN', 'CURNTYPE'],
    columns: `ACCTID C45, FSCSYR C4, FSCSDSG C1, FSCSCURN C3, CURNTYPE C1, SCURNDEC C1,
      OPENBAL N19.3, NETPERD{1..15} N19.3, ACTIVITYSW S, SWRVL S, CODERVL C6`,
  }),
];
