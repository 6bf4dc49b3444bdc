import { defineTable, type TableDef } from './table-def.ts';

/** Purchase Orders: headers/lines and receipts (reference §5). Only the *1 physical halves are modelled. */
export const PO_TABLES: readonly TableDef[] = [
  defineTable('POPORH1', {
    key: ['PORHSEQ'],
    columns: `PORHSEQ N19, PONUMBER C22, DATE D, ORDEREDON D, EXPARRIVAL D, POSTDATE D,
      VDCODE C12, VDNAME C60, VDADDRESS{1..4} C60, VDCITY C30,
      VDSTATE C30, VDZIP C20, VDCOUNTRY C30, VDPHONE C30, VDCONTACT C60, PORTYPE S, ONHOLD S,
      ISCOMPLETE S, DTCOMPLETE D, ISPRINTED S, LINES I, LINESCMPL I, RQNS I, RQNSCMPL I,
      LASTRECEIP C22, RCPDATE D, RCPCOUNT S, DESCRIPTIO C60, REFERENCE C60, COMMENT C250,
      TEMPLATE C6, FOBPOINT C60, VIACODE C6, TERMSCODE C6, CURRENCY C3, RATE N15.7, RATETYPE C2,
      RATEDATE D, RATEOPER S, EXTENDED N19.3, DOCTOTAL N19.3, EXTRECEIVE N19.3, EXTCANCEL N19.3,
      TAXGROUP C12, TAXAUTH{1..5} C12, RQNNUMBER C22`,
    indexes: [
      { columns: ['PONUMBER'], unique: true },
      { columns: ['VDCODE', 'PORHSEQ'], unique: true },
      { columns: ['VDCODE', 'PONUMBER'], unique: true },
    ],
  }),
  defineTable('POPORL', {
    key: ['PORHSEQ', 'PORLREV'],
    columns: `PORHSEQ N19, PORLREV N19, PORLSEQ N19, ITEMNO C24, LOCATION C6, ITEMDESC C60,
      VENDITEMNO C24, EXPARRIVAL D, ORDERUNIT C10, OQORDERED N19.4, OQRECEIVED N19.4,
      OQCANCELED N19.4, OQOUTSTAND N19.4, UNITCOST N19.6, EXTENDED N19.3, TAXAMOUNT{1..5} N19.3,
      GLACEXPENS C45, COMPLETION S, DTCOMPLETE D, ISRECEIVED S, STOCKITEM S, CONTRACT C16,
      PROJECT C16, CCATEGORY C16, COSTCLASS S, DISCPCT N9.5, DISCOUNT N19.3`,
    indexes: [{ columns: ['PORHSEQ', 'PORLSEQ'], unique: true }],
  }),
  defineTable('PORCPH1', {
    key: ['RCPHSEQ'],
    columns: `RCPHSEQ N19, RCPNUMBER C22, PORHSEQ N19, PONUMBER C22, DATE D, POSTDATE D,
      FISCYEAR C4, FISCPERIOD S, VDCODE C12, VDNAME C60, DESCRIPTIO C60, REFERENCE C60,
      CURRENCY C3, EXTENDED N19.3, DOCTOTAL N19.3, LINES I, ISINVOICED S, ISCOMPLETE S,
      DTCOMPLETE D`,
    indexes: [{ columns: ['RCPNUMBER'], unique: true }, { columns: ['PONUMBER', 'RCPNUMBER'], unique: true }, { columns: ['PORHSEQ'] }],
  }),
  defineTable('PORCPL', {
    key: ['RCPHSEQ', 'RCPLREV'],
    columns: `RCPHSEQ N19, RCPLREV N19, RCPLSEQ N19, PORHSEQ N19, PORLSEQ N19, ITEMNO C24,
      ITEMDESC C60, LOCATION C6, RCPUNIT C10, RQRECEIVED N19.4, UNITCOST N19.6, EXTENDED N19.3,
      GLACEXPENS C45, CONTRACT C16, PROJECT C16, CCATEGORY C16`,
  }),
];

/**
 * Project and Job Costing (reference §6; columns and keys per the Sage 300 AOM views PM0021/22/81/82/111). Milestone
 * billing has no confirmed Sage table; milestones are modelled as billing-worksheet lines (PMBWH keyed by SEQ with
 * the unique WORKID, PMBWD keyed by SEQ+LINENUM): a line with STATUS 2 (Posted) is a milestone reached and billed on
 * the AR document DOCNUM, STATUS 1 is not yet reached.
 */
export const PM_TABLES: readonly TableDef[] = [
  defineTable('PMCONTS', {
    key: ['CTUNIQ'],
    columns: `CTUNIQ N19, CONTRACT C16, FMTCONTNO C16, DESC C60, CONTBRKID C6, CUSTOMER C12,
      MANAGER C16, PONUMBER C22, STARTDATE D, ORJENDDATE D, CURENDDATE D, CLOSEDDATE D, STATUS S,
      PROJTYPE S, REVREC S, BILLTYPE S, IDACCTSET C6, CUSTCCY C3, CONTSTYLE S, ACTTIMECHM N19.3,
      ACTMATECHM N19.3`,
    indexes: [{ columns: ['CONTRACT'], unique: true }, { columns: ['CUSTOMER', 'CONTRACT'], unique: true }, { columns: ['FMTCONTNO'] }],
  }),
  defineTable('PMPROJS', {
    key: ['CTUNIQ', 'PLINENUM'],
    columns: `CTUNIQ N19, PLINENUM I, CONTRACT C16, PROJECT C16, DESC C60, PROJTYPE S, REVREC S,
      PROJSTAT S, CLOSEBILL S, CLOSECOST S, BILLTYPE S, CUSTOMER C12, PONUMBER C22, WIPACCT C45,
      REVACCT C45, BILLACCT C45, COGSACCT C45, INVTYPE S, COSTCCY C3, REVCCY C3, STARTDATE D, CURENDDATE D`,
    // AOM-PM PMPROJS keys CONTRACT+PROJECT as unique (the column dictionary).
    indexes: [{ columns: ['CONTRACT', 'PROJECT'], unique: true }],
  }),
  defineTable('PMTRAN', {
    key: ['CONTRACT', 'PROJECT', 'CATEGORY', 'RESOURCE', 'TRANSNUM'],
    columns: `CONTRACT C16, PROJECT C16, CATEGORY C16, RESOURCE C24, TRANSNUM I, TRANSDATE D,
      FISCALYEAR C4, FISCALPER S, IDCUST C12, VENDORID C12, DOCNUM C24, DOCDATE D, MODULE C4,
      DOCTYPE S, TRANSTYPE S, COSTREV S, CNTBTCH N9, CNTENT N7, CNTLINE N5, POSTSEQ I,
      QUANTITY N19.5, EXTAMTSR N19.3, EXTAMTHM N19.3, BILLED S, BILLTYPE S, DESC C60`,
    indexes: [{ columns: ['TRANSNUM'] }],
  }),
  defineTable('PMBWH', {
    key: ['SEQ'],
    columns: 'SEQ I, WORKID C30, DESC C60, RUNDATE D, POSTABLE S, POSTINAR S',
    indexes: [{ columns: ['WORKID'], unique: true }],
  }),
  defineTable('PMBWD', {
    key: ['SEQ', 'LINENUM'],
    columns: `SEQ I, LINENUM I, WORKID C30, CONTRACT C16, PROJECT C16, CATEGORY C16, TEXTDESC C60,
      TRANSDATE D, BILLPER N9.5, BILAMTHM N19.3, STATUS S, DOCTYPE S, DOCNUM C24`,
    indexes: [{ columns: ['CONTRACT', 'PROJECT'] }],
  }),
];
