/** Purchase Order and Project/Job Costing queries (reference §5–§6), declared once for both dialects. */
import { changesOf, childSpecs, columns, key, select, type SelectSpec } from './sql-statement.ts';

const AUDIT = 'AUDTDATE n, AUDTTIME n, AUDTUSER c';

export const POPORH1_ALL: SelectSpec = select({
  name: 'poporh1',
  table: 'POPORH1',
  alias: 'h',
  select: columns(
    'h',
    `PORHSEQ n, PONUMBER c, VDCODE c, VDNAME c, DATE n, EXPARRIVAL n, PORTYPE n, ONHOLD n,
    ISCOMPLETE n, DTCOMPLETE n, DESCRIPTIO c, REFERENCE c, CURRENCY c, EXTENDED a, DOCTOTAL a, ${AUDIT}`,
  ),
  key: key('h', 'PORHSEQ dec0'),
});
export const POPORH1_CHANGES = changesOf(POPORH1_ALL);

export const POPORL = childSpecs(
  select({
    name: 'poporl',
    table: 'POPORL',
    alias: 'l',
    select: columns(
      'l',
      `PORHSEQ n, PORLREV n, PORLSEQ n, ITEMNO c, ITEMDESC c, LOCATION c, ORDERUNIT c, OQORDERED a,
      OQRECEIVED a, OQCANCELED a, OQOUTSTAND a, UNITCOST a, EXTENDED a, GLACEXPENS c, COMPLETION n, CONTRACT c,
      PROJECT c, CCATEGORY c`,
    ),
    key: key('l', 'PORHSEQ dec0, PORLREV dec0'),
  }),
  ['PORHSEQ'],
);

/** Receipt headers by PO (PORCPH1 has an index on PORHSEQ). */
export const PORCPH1 = childSpecs(
  select({
    name: 'porcph1',
    table: 'PORCPH1',
    alias: 'r',
    select: columns('r', 'PORHSEQ n, RCPHSEQ n, RCPNUMBER c, DATE n, EXTENDED a, ISINVOICED n, ISCOMPLETE n'),
    key: key('r', 'PORHSEQ dec0, RCPHSEQ dec0'),
  }),
  ['PORHSEQ'],
);

/** Receipt lines by PO (PORCPL carries PORHSEQ), grouped under receipts by PORHSEQ+RCPHSEQ. */
export const PORCPL = childSpecs(
  select({
    name: 'porcpl',
    table: 'PORCPL',
    alias: 'l',
    select: columns('l', 'PORHSEQ n, RCPHSEQ n, RCPLREV n, PORLSEQ n, ITEMNO c, RQRECEIVED a, UNITCOST a, EXTENDED a'),
    key: key('l', 'PORHSEQ dec0, RCPHSEQ dec0, RCPLREV dec0'),
  }),
  ['PORHSEQ'],
);

export const PMCONTS_ALL: SelectSpec = select({
  name: 'pmconts',
  table: 'PMCONTS',
  alias: 'c',
  select: columns(
    'c',
    `CTUNIQ n, CONTRACT c, FMTCONTNO c, DESC c, CUSTOMER c, MANAGER c, STATUS n, PROJTYPE n,
    BILLTYPE n, STARTDATE n, CURENDDATE n, CUSTCCY c, ${AUDIT}`,
  ),
  key: key('c', 'CTUNIQ dec0'),
});
export const PMCONTS_CHANGES = changesOf(PMCONTS_ALL);

export const PMPROJS_ALL: SelectSpec = select({
  name: 'pmprojs',
  table: 'PMPROJS',
  alias: 'p',
  select: columns(
    'p',
    `CTUNIQ n, PLINENUM n, CONTRACT c, PROJECT c, DESC c, PROJTYPE n, PROJSTAT n, BILLTYPE n,
    CUSTOMER c, REVACCT c, WIPACCT c, STARTDATE n, CURENDDATE n, ${AUDIT}`,
  ),
  key: key('p', 'CTUNIQ dec0, PLINENUM dec0'),
});
export const PMPROJS_CHANGES = changesOf(PMPROJS_ALL);

export const PMTRAN_ALL: SelectSpec = select({
  name: 'pmtran',
  table: 'PMTRAN',
  alias: 't',
  select: columns(
    't',
    `CONTRACT c, PROJECT c, CATEGORY c, RESOURCE c, TRANSNUM n, TRANSDATE n, FISCALYEAR c,
    FISCALPER n, IDCUST c, VENDORID c, DOCNUM c, MODULE c, DOCTYPE n, TRANSTYPE n, COSTREV n, QUANTITY a,
    EXTAMTSR a, EXTAMTHM a, BILLED n, DESC c, ${AUDIT}`,
  ),
  key: key('t', 'CONTRACT c16, PROJECT c16, CATEGORY c16, RESOURCE c24, TRANSNUM dec0'),
});
export const PMTRAN_CHANGES = changesOf(PMTRAN_ALL);

/** Billing worksheets (AOM PM0081), paged on the primary key SEQ; WORKID is CHAR(30) and also unique; RUNDATE is the document date. */
export const PMBWH_ALL: SelectSpec = select({
  name: 'pmbwh',
  table: 'PMBWH',
  alias: 'w',
  select: columns('w', 'SEQ n, WORKID c, DESC c, RUNDATE n, POSTABLE n, POSTINAR n'),
  key: key('w', 'SEQ dec0'),
});

/** Billing-worksheet lines (AOM PM0082): TEXTDESC, TRANSDATE and DOCNUM (the AR document the line was billed on). */
export const PMBWD = childSpecs(
  select({
    name: 'pmbwd',
    table: 'PMBWD',
    alias: 'd',
    select: columns(
      'd',
      `SEQ n, WORKID c, LINENUM n, CONTRACT c, PROJECT c, CATEGORY c, TEXTDESC c, TRANSDATE n, BILLPER a,
      BILAMTHM a, STATUS n, DOCNUM c`,
    ),
    // Sage's primary key (SEQ+LINENUM); the header's SEQ groups the lines.
    key: key('d', 'SEQ dec0, LINENUM dec0'),
  }),
  ['SEQ'],
);

export const PO_PM_SPECS: readonly SelectSpec[] = [
  POPORH1_ALL,
  POPORH1_CHANGES,
  POPORL.range,
  POPORL.exact,
  PORCPH1.range,
  PORCPH1.exact,
  PORCPL.range,
  PORCPL.exact,
  PMCONTS_ALL,
  PMCONTS_CHANGES,
  PMPROJS_ALL,
  PMPROJS_CHANGES,
  PMTRAN_ALL,
  PMTRAN_CHANGES,
  PMBWH_ALL,
  PMBWD.range,
  PMBWD.exact,
];
