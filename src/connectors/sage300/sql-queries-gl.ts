/** General Ledger queries (reference §2), declared once for both dialects. */
import { changesOf, childSpecs, columns, equals, key, param, select, type SelectSpec } from './sql-statement.ts';

const GLAMF_COLS = `ACCTID c, ACCTFMTTD c, ACCTDESC c, ACCTTYPE c, ACCTBAL c, ACTIVESW n, CONSLDSW n, ACCTGRPCOD c,
  ABRKID c, MCSW n, CTRLACCTSW n, ACSEGVAL{01..10} c, AUDTDATE n, AUDTTIME n, AUDTUSER c`;

/** GLAMF accounts by unformatted id. */
export const GLAMF_ALL: SelectSpec = select({
  name: 'glamf',
  table: 'GLAMF',
  alias: 'a',
  select: columns('a', GLAMF_COLS),
  key: key('a', 'ACCTID c45'),
});
export const GLAMF_CHANGES = changesOf(GLAMF_ALL);

/** GLBCTL batches. */
export const GLBCTL_ALL: SelectSpec = select({
  name: 'glbctl',
  table: 'GLBCTL',
  alias: 'b',
  select: columns(
    'b',
    `BATCHID c, BTCHDESC c, SRCELEDGR c, DATECREAT n, DATEEDIT n, BATCHTYPE c, BATCHSTAT c,
    POSTNGSEQ n, DEBITTOT a, CREDITTOT a, ENTRYCNT n, AUDTDATE n, AUDTTIME n, AUDTUSER c`,
  ),
  key: key('b', 'BATCHID c6'),
});
export const GLBCTL_CHANGES = changesOf(GLBCTL_ALL);

/** GLJEH entries (children of GLBCTL by BATCHID). */
export const GLJEH = childSpecs(
  select({
    name: 'gljeh',
    table: 'GLJEH',
    alias: 'h',
    select: columns(
      'h',
      `BATCHID c, BTCHENTRY c, SRCELEDGER c, SRCETYPE c, FSCSYR c, FSCSPERD c, SWREVERSE n,
      JRNLDESC c, JRNLDR a, JRNLCR a, DATEENTRY n`,
    ),
    key: key('h', 'BATCHID c6, BTCHENTRY c5'),
  }),
  ['BATCHID'],
);

/** GLJED details (children of GLBCTL by BATCHNBR; grouped under entries by BATCHNBR+JOURNALID). */
export const GLJED = childSpecs(
  select({
    name: 'gljed',
    table: 'GLJED',
    alias: 'd',
    select: columns(
      'd',
      `BATCHNBR c, JOURNALID c, TRANSNBR c, ACCTID c, TRANSAMT a, TRANSQTY a, SCURNAMT a,
      SCURNCODE c, HCURNCODE c, TRANSDESC c, TRANSREF c, TRANSDATE n`,
    ),
    key: key('d', 'BATCHNBR c6, JOURNALID c5, TRANSNBR c10'),
  }),
  ['BATCHNBR'],
);

const GLPOST_COLS = `POSTINGSEQ n, BATCHNBR c, ENTRYNBR c, TRANSNBR n, CNTDETAIL n, ACCTID c, g.ACCTFMTTD c,
  FISCALYR c, FISCALPERD c, JRNLDATE n, SRCELEDGER c, SRCETYPE c, SRCECURN c, TRANSAMT a, TRANSQTY a, SCURNAMT a,
  JNLDTLDESC c, JNLDTLREF c, DRILAPP c, DRILLDWNLK n, SCURNCODE c, HCURNCODE c, RATETYPE c, RATEDATE n, CONVRATE a,
  RATEOPER c`;

/**
 * GLPOST in posting order: Sage's secondary key POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR, which allows duplicates
 * (consolidated posting), made a total order by the primary key after it. This is also the physical order of that
 * secondary index on SQL Server, whose non-unique index rows carry the clustering key (derived; UNCONFIRMED that
 * Sage's primary key is the clustered index). An entry's lines stay consecutive.
 */
const GLPOST_KEY = key(
  'p',
  `POSTINGSEQ dec0, BATCHNBR c6, ENTRYNBR c5, TRANSNBR dec0,
  ACCTID c45, FISCALYR c4, FISCALPERD c2, SRCECURN c3, SRCELEDGER c2, SRCETYPE c2, POSTINGSEQ dec0, CNTDETAIL dec0`,
);
const GLAMF_JOIN = [
  {
    table: 'GLAMF',
    alias: 'g',
    on: [
      [
        { alias: 'g', col: 'ACCTID' },
        { alias: 'p', col: 'ACCTID' },
      ],
    ] as const,
  },
];

/**
 * GLPOST lines from a posting sequence on, that sequence included (incremental): a posting run is not atomic for a
 * reader, so the last sequence read is read again and late batches of it are found (reference §7).
 */
export const GLPOST_FROM_SEQ: SelectSpec = select({
  name: 'glpost.from-seq',
  table: 'GLPOST',
  alias: 'p',
  select: columns('p', GLPOST_COLS),
  joins: GLAMF_JOIN,
  where: [{ type: 'cmp', left: { alias: 'p', col: 'POSTINGSEQ' }, op: '>=', param: 'fromSeq' }],
  key: GLPOST_KEY,
  params: { fromSeq: param('dec0') },
});

/** GLPOST lines of one fiscal year and period. */
export const GLPOST_BY_PERIOD: SelectSpec = select({
  name: 'glpost.by-period',
  table: 'GLPOST',
  alias: 'p',
  select: columns('p', GLPOST_COLS),
  joins: GLAMF_JOIN,
  where: equals('p', [
    ['FISCALYR', 'year'],
    ['FISCALPERD', 'period'],
  ]),
  key: GLPOST_KEY,
  params: { year: param('c4'), period: param('c2') },
});

/** GLPOST lines of one fiscal year (all periods incl. 13). */
export const GLPOST_BY_YEAR: SelectSpec = select({
  name: 'glpost.by-year',
  table: 'GLPOST',
  alias: 'p',
  select: columns('p', GLPOST_COLS),
  joins: GLAMF_JOIN,
  where: equals('p', [['FISCALYR', 'year']]),
  key: GLPOST_KEY,
  params: { year: param('c4') },
});

/** GLAFS fiscal sets of one year, designator and currency type (trial balance: 'A' + 'F'). */
export const GLAFS_BY_YEAR: SelectSpec = select({
  name: 'glafs.by-year',
  table: 'GLAFS',
  alias: 'f',
  select: columns(
    'f',
    `ACCTID c, g.ACCTFMTTD c, FSCSYR c, FSCSDSG c, FSCSCURN c, CURNTYPE c, OPENBAL a,
    NETPERD{1..15} a, ACTIVITYSW n`,
  ),
  joins: [
    {
      table: 'GLAMF',
      alias: 'g',
      on: [
        [
          { alias: 'g', col: 'ACCTID' },
          { alias: 'f', col: 'ACCTID' },
        ],
      ],
    },
  ],
  where: equals('f', [
    ['FSCSYR', 'year'],
    ['FSCSDSG', 'designator'],
    ['CURNTYPE', 'currencyType'],
  ]),
  key: key('f', 'ACCTID c45, FSCSYR c4, FSCSDSG c1, FSCSCURN c3, CURNTYPE c1'),
  params: { year: param('c4'), designator: param('c1'), currencyType: param('c1') },
});

/** CSFSC fiscal calendar years (Common Services, AOM CS0002), for period-open checks. */
export const CSFSC_ALL: SelectSpec = select({
  name: 'csfsc',
  table: 'CSFSC',
  alias: 'y',
  select: columns('y', 'FSCYEAR c, PERIODS n, ACTIVE n, STATUSCLS n, BGNDATE{1..13} n, ENDDATE{1..13} n'),
  key: key('y', 'FSCYEAR c4'),
});

/** CSCOM company profile (AOM CS0001): the home currency and the multicurrency switch. */
export const CSCOM_ALL: SelectSpec = select({
  name: 'cscom',
  table: 'CSCOM',
  alias: 'o',
  select: columns('o', 'ORGID c, HOMECUR c, MULTICURSW n'),
  key: key('o', 'ORGID c6'),
});

export const GL_SPECS: readonly SelectSpec[] = [
  CSCOM_ALL,
  CSFSC_ALL,
  GLAMF_ALL,
  GLAMF_CHANGES,
  GLBCTL_ALL,
  GLBCTL_CHANGES,
  GLJEH.range,
  GLJEH.exact,
  GLJED.range,
  GLJED.exact,
  GLPOST_FROM_SEQ,
  GLPOST_BY_PERIOD,
  GLPOST_BY_YEAR,
  GLAFS_BY_YEAR,
];
