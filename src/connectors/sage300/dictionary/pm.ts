/**
 * Project and Job Costing tables (reference sage300.md §6). The billing worksheet (PMBWH/PMBWD) is listed field for
 * field: the header is keyed by SEQ (WORKID is a second unique key, CHAR(30)), a detail by SEQ+LINENUM.
 */
import { aomTable, type DictionaryTable } from './aom.ts';
import { AOM_PM } from './sources.ts';

export const PM_DICTIONARY: readonly DictionaryTable[] = [
  aomTable('PMCONTS', {
    view: 'PM0021',
    source: AOM_PM,
    keys: ['CTUNIQ', 'CONTRACT', 'CUSTOMER+CONTRACT [M]', 'FMTCONTNO'],
    fields: `CTUNIQ BCD*10.0, CONTRACT String*16, DESC String*60, CONTBRKID String*6, FMTCONTNO String*16, CUSTOMER String*12,
      MANAGER String*16, PONUMBER String*22, STARTDATE Date, ORJENDDATE Date, CURENDDATE Date, CLOSEDDATE Date,
      REVREC Integer, STATUS Integer, PROJTYPE Integer, IDACCTSET String*6, BILLTYPE Integer, CUSTCCY String*3,
      CONTSTYLE Integer, ACTTIMECHM BCD*10.3, ACTMATECHM BCD*10.3`,
  }),
  aomTable('PMPROJS', {
    view: 'PM0022',
    source: AOM_PM,
    keys: ['CTUNIQ+PLINENUM', 'CTUNIQ+DETAILNUM', 'CONTRACT+PROJECT', 'CUSTOMER+CONTRACT+PROJECT [M]'],
    fields: `CTUNIQ BCD*10.0, PLINENUM Long, CONTRACT String*16, PROJECT String*16, DETAILNUM Long, STARTDATE Date,
      ORJENDDATE Date, CURENDDATE Date, CLOSEDDATE Date, DESC String*60, PROJTYPE Integer, REVREC Integer,
      CLOSEBILL Integer, CLOSECOST Integer, PROJSTAT Integer, BILLTYPE Integer, BILLACCT String*45, REVACCT String*45,
      WIPACCT String*45, COGSACCT String*45, PONUMBER String*22, INVTYPE Integer, COSTCCY String*3, REVCCY String*3,
      CUSTOMER String*12`,
  }),
  aomTable('PMTRAN', {
    view: 'PM0111',
    source: AOM_PM,
    keys: [
      'CONTRACT+PROJECT+CATEGORY+RESOURCE+TRANSNUM',
      'CONTRACT+PROJECT+CATEGORY+TRANSDATE [D,M]',
      'CONTRACT+PROJECT+CATEGORY+RRCOMPLETE+TRANSDATE [D,M]',
      'CONTRACT+PROJECT+CATEGORY+RRCOMPLETE+FISCALYEAR+FISCALPER [D,M]',
      'CONTRACT+PROJECT+CATEGORY+RESOURCE+TRANSREF [D,M]',
      'RRWORKID [D,M]',
      'RRCOMPLETE+CONTRACT+PROJECT+TRANSDATE [D,M]',
      'COSTREV+INVTYPE+BILLED+IDCUST+CONTRACT+PROJECT+CATEGORY+RESOURCE+TRANSDATE [D,M]',
      'BILLED+BILLTYPE+IDCUST+CONTRACT+PROJECT+CATEGORY+RESOURCE+TRANSDATE [D,M]',
      'BILLED+CONTRACT+PROJECT+CATEGORY+RESOURCE [D,M]',
    ],
    fields: `CONTRACT String*16, PROJECT String*16, CATEGORY String*16, RESOURCE String*24, TRANSNUM Long, TRANSDATE Date,
      FMTCONTNO String*16, IDCUST String*12, VENDORID String*12, DOCNUM String*24, DOCDATE Date, MODULE String*4,
      DOCTYPE Integer, TRANSTYPE Integer, COSTREV Integer, CNTBTCH BCD*5.0, CNTENT BCD*4.0, CNTLINE BCD*3.0,
      REFERENCE String*60, DESC String*60, POSTSEQ Long, FISCALYEAR String*4, FISCALPER Integer, BILLED Integer,
      QUANTITY BCD*10.5, BILLTYPE Integer, EXTAMTSR BCD*10.3, EXTAMTHM BCD*10.3, RRCOMPLETE Integer, TRANSREF Long,
      RRWORKID String*30, BWWORKID String*30, INVTYPE Integer`,
  }),
  aomTable('PMBWH', {
    view: 'PM0081',
    source: AOM_PM,
    keys: ['SEQ', 'WORKID'],
    fields: `SEQ Long, WORKID String*30, RUNDATE Date, DESC String*60, INVTYPE Integer, EXRATE Integer, NEXTCUST Long,
      NEXTDTL Long, POSTABLE Boolean, POSTINAR Boolean, RETRATE Integer, VALUES Long, CREATEBY String*8, CREATEDT Date,
      CREATETM Time, APPROVEBY String*8, APPROVEDT Date, APPROVETM Time, POSTEDBY String*8, POSTEDDT Date,
      POSTEDTM Time, MANAGER String*16, NUMCUST Long, NUMDTL Long, INVYEAR String*4, INVPER Integer, DATEBUS Date,
      ENTEREDBY String*8, PRINTSTAT Boolean`,
  }),
  aomTable('PMBWD', {
    view: 'PM0082',
    source: AOM_PM,
    keys: [
      'SEQ+LINENUM',
      'WORKID+DETAILNUM',
      'WORKID+CUSTOMER+CONTRACT+PROJECT+CATEGORY+TRANSNUM',
      'TRANSDATE [D,M]',
      'WORKID+CUSTLINE+INVTYPE [D,M]',
    ],
    fields: `SEQ Long, LINENUM Long, WORKID String*30, CUSTLINE Long, DETAILNUM Long, CUSTOMER String*12,
      NAMECUST String*60, TEXTDESC String*60, CONTRACT String*16, PROJECT String*16, CATEGORY String*16,
      RESOURCE String*24, COSTTYPE Integer, PROJTYPE Integer, REVREC Integer, TRANSNUM Long, BILSTATUS Integer,
      BILLTYPE Integer, GLACCT String*45, ACCTDESC String*60, QUANTITY BCD*10.5, UNITPRICE BCD*10.6, BILLPER BCD*5.5,
      BILAMTSR BCD*10.3, BILAMTHM BCD*10.3, ARITEM String*16, ARUOM String*10, COMMENT String*250, STATUS Integer,
      TRANSDATE Date, RETPERCENT BCD*5.5, RETPERIOD Integer, FMTCONTNO String*16, TCLASS{1..5} Integer,
      TINCLUDED{1..5} Boolean, REFERENCE String*60, MODULE String*4, INVTYPE Integer, DOCTYPE Integer,
      DOCNUM String*24, EXTAMTSR BCD*10.3, BILLAMTC BCD*10.3, VALUES Long`,
  }),
];
