/** Accounts Payable and Receivable queries (reference §3–§4), declared once for both dialects. */
import { changesOf, childSpecs, columns, equals, key, param, select, type SelectSpec } from './sql-statement.ts';

const AUDIT = 'AUDTDATE n, AUDTTIME n, AUDTUSER c';

export const APVEN_ALL: SelectSpec = select({
  name: 'apven',
  table: 'APVEN',
  alias: 'v',
  select: columns(
    'v',
    `VENDORID c, SHORTNAME c, VENDNAME c, LEGALNAME c, IDGRP c, SWACTV n, SWHOLD n, DATEINAC n,
    TEXTSTRE{1..4} c, NAMECITY c, CODESTTE c, CODEPSTL c, CODECTRY c, NAMECTAC c, TEXTPHON1 c, TEXTPHON2 c,
    EMAIL1 c, EMAIL2 c, IDACCTSET c, CURNCODE c, TERMSCODE c, CODETAXGRP c, IDTAXREGI1 c, AMTBALDUEH a,
    CNTOPENINV n, DATELASTMN n, TAXNBR c, PRIMRMIT c, ${AUDIT}`,
  ),
  key: key('v', 'VENDORID c12'),
});
export const APVEN_CHANGES = changesOf(APVEN_ALL);

const BATCH_COLS = `CNTBTCH n, DATEBTCH n, BTCHDESC c, BTCHTYPE n, BTCHSTTS n, CNTINVCENT n, AMTENTR a, POSTSEQNBR n,
  SRCEAPPL c, ${AUDIT}`;

export const APIBC_ALL: SelectSpec = select({
  name: 'apibc',
  table: 'APIBC',
  alias: 'b',
  select: columns('b', BATCH_COLS),
  key: key('b', 'CNTBTCH dec0'),
});
export const ARIBC_ALL: SelectSpec = select({
  name: 'aribc',
  table: 'ARIBC',
  alias: 'b',
  select: columns('b', BATCH_COLS),
  key: key('b', 'CNTBTCH dec0'),
});

/** APIBH invoices with their batch status (LEFT JOIN APIBC). */
export const APIBH_ALL: SelectSpec = select({
  name: 'apibh',
  table: 'APIBH',
  alias: 'h',
  select: columns(
    'h',
    `CNTBTCH n, CNTITEM n, b.BTCHSTTS n, IDVEND c, IDINVC c, TEXTTRX n, INVCDESC c, PONBR c,
    DATEINVC n, DATEDUE n, DATEBUS n, FISCYR c, FISCPER c, CODECURN c, EXCHRATEHC a, TERMCODE c, AMTINVCTOT a,
    AMTTAXTOT a, AMTGROSTOT a, SWHOLD n, CODETAXGRP c, RATETYPE c, DATERATE n`,
  ),
  joins: [
    {
      table: 'APIBC',
      alias: 'b',
      on: [
        [
          { alias: 'b', col: 'CNTBTCH' },
          { alias: 'h', col: 'CNTBTCH' },
        ],
      ],
    },
  ],
  key: key('h', 'CNTBTCH dec0, CNTITEM dec0'),
});

export const APIBD = childSpecs(
  select({
    name: 'apibd',
    table: 'APIBD',
    alias: 'd',
    select: columns(
      'd',
      `CNTBTCH n, CNTITEM n, CNTLINE n, IDDIST c, TEXTDESC c, IDGLACCT c, AMTDIST a, AMTDISTNET a,
      AMTTOTTAX a, CONTRACT c, PROJECT c, CATEGORY c`,
    ),
    key: key('d', 'CNTBTCH dec0, CNTITEM dec0, CNTLINE dec0'),
  }),
  ['CNTBTCH', 'CNTITEM'],
);

/**
 * APIBHO invoice header optional fields whose name starts with ATTACH: where this integration reads a document's
 * attachment references (sage300.md lists no attachment table in core AP; which optional field a company uses for
 * them is UNCONFIRMED, see the README's AP section).
 */
export const APIBHO_ATTACHMENTS: SelectSpec = select({
  name: 'apibho.attachments',
  table: 'APIBHO',
  alias: 'o',
  select: columns('o', 'CNTBTCH n, CNTITEM n, OPTFIELD c, VALUE c'),
  key: key('o', 'CNTBTCH dec0, CNTITEM dec0, OPTFIELD c12'),
});

/** ARIBHO (AOM AR0402, same key and columns as APIBHO): an AR invoice entry's optional fields, read for the same references. */
export const ARIBHO_ATTACHMENTS: SelectSpec = select({
  name: 'aribho.attachments',
  table: 'ARIBHO',
  alias: 'o',
  select: columns('o', 'CNTBTCH n, CNTITEM n, OPTFIELD c, VALUE c'),
  key: key('o', 'CNTBTCH dec0, CNTITEM dec0, OPTFIELD c12'),
});

const OBL_COMMON = `IDINVC c, CNTBTCH n, CNTITEM n, DESCINVC c, DATEINVC n, DATEBUS n, FISCYR c, FISCPER c, CODECURN c,
  AMTINVCHC a, AMTINVCTC a, AMTDUEHC a, AMTDUETC a, SWPAID n, DATEPAID n, POSTSEQNCE n, ${AUDIT}`;

export const APOBL_ALL: SelectSpec = select({
  name: 'apobl',
  table: 'APOBL',
  alias: 'o',
  select: columns('o', `IDVEND c, IDTRXTYPE n, TXTTRXTYPE n, DATEINVCDU n, ${OBL_COMMON}`),
  key: key('o', 'IDVEND c12, IDINVC c22'),
});
export const APOBL_CHANGES = changesOf(APOBL_ALL);
/** Unpaid AP documents; the non-zero balance test is done on exact decimals in TS, never in SQL. */
export const APOBL_OPEN: SelectSpec = {
  ...APOBL_ALL,
  name: 'apobl.open',
  where: equals('o', [['SWPAID', 'paid']]),
  params: { paid: param('int') },
};

export const ARCUS_ALL: SelectSpec = select({
  name: 'arcus',
  table: 'ARCUS',
  alias: 'c',
  select: columns(
    'c',
    `IDCUST c, TEXTSNAM c, NAMECUST c, IDGRP c, IDNATACCT c, SWACTV n, SWHOLD n, DATEINAC n,
    TEXTSTRE{1..4} c, NAMECITY c, CODESTTE c, CODEPSTL c, CODECTRY c, NAMECTAC c, TEXTPHON1 c, TEXTPHON2 c,
    EMAIL1 c, EMAIL2 c, IDACCTSET c, CODECURN c, CODETERM c, CODETAXGRP c, SWBALFWD n, AMTCRLIMT a, AMTBALDUEH a,
    CNTOPENINV n, DATELASTMN n, ${AUDIT}`,
  ),
  key: key('c', 'IDCUST c12'),
});
export const ARCUS_CHANGES = changesOf(ARCUS_ALL);

export const ARIBH_ALL: SelectSpec = select({
  name: 'aribh',
  table: 'ARIBH',
  alias: 'h',
  select: columns(
    'h',
    `CNTBTCH n, CNTITEM n, b.BTCHSTTS n, IDCUST c, IDINVC c, TEXTTRX n, INVCDESC c, CUSTPO c,
    DATEINVC n, DATEDUE n, DATEBUS n, FISCYR c, FISCPER c, CODECURN c, AMTINVCTOT a, AMTTAXTOT a, AMTNETTOT a,
    CODETAXGRP c, RATETYPE c, EXCHRATEHC a, DATERATE n`,
  ),
  joins: [
    {
      table: 'ARIBC',
      alias: 'b',
      on: [
        [
          { alias: 'b', col: 'CNTBTCH' },
          { alias: 'h', col: 'CNTBTCH' },
        ],
      ],
    },
  ],
  key: key('h', 'CNTBTCH dec0, CNTITEM dec0'),
});

export const ARIBD = childSpecs(
  select({
    name: 'aribd',
    table: 'ARIBD',
    alias: 'd',
    select: columns(
      'd',
      `CNTBTCH n, CNTITEM n, CNTLINE n, IDITEM c, IDDIST c, TEXTDESC c, QTYINVC a, AMTPRIC a,
      AMTEXTN a, TOTTAX a, IDACCTREV c, CONTRACT c, PROJECT c, CATEGORY c`,
    ),
    key: key('d', 'CNTBTCH dec0, CNTITEM dec0, CNTLINE dec0'),
  }),
  ['CNTBTCH', 'CNTITEM'],
);

export const AROBL_ALL: SelectSpec = select({
  name: 'arobl',
  table: 'AROBL',
  alias: 'o',
  select: columns('o', `IDCUST c, TRXTYPEID n, TRXTYPETXT n, DATEDUE n, ${OBL_COMMON}`),
  key: key('o', 'IDCUST c12, IDINVC c22'),
});
export const AROBL_CHANGES = changesOf(AROBL_ALL);
export const AROBL_OPEN: SelectSpec = {
  ...AROBL_ALL,
  name: 'arobl.open',
  where: equals('o', [['SWPAID', 'paid']]),
  params: { paid: param('int') },
};

export const ARTCR_ALL: SelectSpec = select({
  name: 'artcr',
  table: 'ARTCR',
  alias: 'r',
  select: columns(
    'r',
    `CODEPYMTYP c, CNTBTCH n, CNTITEM n, IDCUST c, IDRMIT c, DATERMIT n, RMITTYPE n, TEXTRMIT c,
    TXTRMITREF c, AMTRMIT a, AMTRMITTC a, CODECURN c, IDBANK c, DOCNBR c, RATETYPEHC c, RATEEXCHHC a, DATERATEHC n,
    ${AUDIT}`,
  ),
  key: key('r', 'CODEPYMTYP c2, CNTBTCH dec0, CNTITEM dec0'),
});
export const ARTCR_CHANGES = changesOf(ARTCR_ALL);

/** ARTCP applications (children of ARTCR; CODEPAYM holds the receipt's batch type). */
export const ARTCP = childSpecs(
  select({
    name: 'artcp',
    table: 'ARTCP',
    alias: 'p',
    select: columns('p', 'CODEPAYM c, CNTBTCH n, CNTITEM n, CNTLINE n, IDINVC c, AMTPAYM a'),
    key: key('p', 'CODEPAYM c2, CNTBTCH dec0, CNTITEM dec0, CNTLINE dec0'),
  }),
  ['CODEPAYM', 'CNTBTCH', 'CNTITEM'],
);

export const AP_AR_SPECS: readonly SelectSpec[] = [
  APVEN_ALL,
  APVEN_CHANGES,
  APIBC_ALL,
  ARIBC_ALL,
  APIBH_ALL,
  APIBD.range,
  APIBD.exact,
  APIBHO_ATTACHMENTS,
  APOBL_ALL,
  APOBL_CHANGES,
  APOBL_OPEN,
  ARCUS_ALL,
  ARCUS_CHANGES,
  ARIBH_ALL,
  ARIBD.range,
  ARIBD.exact,
  ARIBHO_ATTACHMENTS,
  AROBL_ALL,
  AROBL_CHANGES,
  AROBL_OPEN,
  ARTCR_ALL,
  ARTCR_CHANGES,
  ARTCP.range,
  ARTCP.exact,
];
