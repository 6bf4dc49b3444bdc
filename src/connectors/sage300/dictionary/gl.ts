/** General Ledger tables (reference sage300.md §2). */
import { aomTable, type DictionaryTable } from './aom.ts';
import { AOM_GL } from './sources.ts';

const JPA_GLJEH =
  'JPA entity generated from a live Sage 300 database (reference sage300.md §2.2, "newer (JPA)"); not in the AOM GL0006 field list, type not confirmed';

export const GL_DICTIONARY: readonly DictionaryTable[] = [
  aomTable('GLABK', {
    view: 'GL0022',
    source: AOM_GL,
    keys: ['ACCTBLKID'],
    fields: 'ACCTBLKID String*6, ABLKDESC String*60, ABLKLEN BCD*4.0, CLOSESW Integer',
  }),
  aomTable('GLABRX', {
    view: 'GL0023',
    source: AOM_GL,
    keys: ['ACCTBRKID'],
    fields: 'ACCTBRKID String*6, ABRKDESC String*60, ABRKID{1..10} String*6, ABRKSTRT{1..10} String*2, ABRKLEN{1..10} BCD*4.0',
  }),
  aomTable('GLASV', {
    view: 'GL0021',
    source: AOM_GL,
    keys: ['IDSEG+SEGVAL'],
    fields: 'IDSEG String*6, SEGVAL String*15, SEGVALDESC String*60, ACCTRETERN String*45',
  }),
  aomTable('GLSRCE', {
    view: 'GL0002',
    source: AOM_GL,
    keys: ['SRCELEDGER+SRCETYPE'],
    fields: 'SRCELEDGER String*2, SRCETYPE String*2, SRCEDESC String*60',
  }),
  aomTable('GLAMF', {
    view: 'GL0001',
    source: AOM_GL,
    keys: [
      'ACCTID',
      'ACCTGRPCOD+ACCTSEGVAL+ABRKID+ACCTID [D,M]',
      ...Array.from({ length: 10 }, (_, i) => `ACSEGVAL${String(i + 1).padStart(2, '0')}+ACCTSEGVAL+ABRKID+ACCTID [D,M]`),
      'ACCTFMTTD [D,M]',
      'ACCTGRPSCD+ACCTGRPCOD+ACCTSEGVAL+ABRKID+ACCTID [D,M]',
    ],
    fields: `ACCTID String*45, CREATEDATE Date, ACCTDESC String*60, ACCTTYPE String*1, ACCTBAL String*1, ACTIVESW Integer,
      CONSLDSW Integer, QTYSW Integer, UOM String*6, ALLOCSW Integer, ACCTOFSET String*45, ACCTSRTY String*2, MCSW Integer,
      SPECSW Integer, ACCTGRPCOD String*12, CTRLACCTSW Integer, SRCELDGID String*2, ALLOCTOT BCD*8.7, ABRKID String*6,
      YRACCTCLOS BCD*4.0, ACCTFMTTD String*45, ACSEGVAL{01..10} String*15, ACCTSEGVAL String*15, ACCTGRPSCD String*12,
      POSTOSEGID String*6, DEFCURNCOD String*3, OVALUES Long, TOVALUES Long, ROLLUPSW Integer`,
  }),
  aomTable('GLBCTL', {
    view: 'GL0008',
    source: AOM_GL,
    keys: ['BATCHID', 'BATCHSTAT+BATCHID [M]'],
    fields: `BATCHID String*6, ACTIVESW Integer, BTCHDESC String*60, SRCELEDGR String*2, DATECREAT Date, DATEEDIT Date,
      BATCHTYPE String*1, BATCHSTAT String*1, POSTNGSEQ BCD*4.0, DEBITTOT BCD*10.3, CREDITTOT BCD*10.3, QTYTOTAL BCD*10.3,
      ENTRYCNT BCD*4.0, NEXTENTRY BCD*4.0, ERRORCNT BCD*4.0, ORIGSTATUS String*1, SWPRINTED Integer, SWICT Integer,
      SWRVRECOG Integer`,
  }),
  aomTable('GLJEH', {
    view: 'GL0006',
    source: AOM_GL,
    keys: ['BATCHID+BTCHENTRY'],
    fields: `BATCHID String*6, BTCHENTRY String*5, SRCELEDGER String*2, SRCETYPE String*2, FSCSYR String*4, FSCSPERD String*2,
      SWEDIT Integer, SWREVERSE Integer, JRNLDESC String*60, JRNLDR BCD*10.3, JRNLCR BCD*10.3, JRNLQTY BCD*10.3,
      DATEENTRY Date, DRILSRCTY Integer, DRILLDWNLK BCD*10.0, DRILAPP String*2, REVYR String*4, REVPERD String*2,
      ERRBATCH Long, ERRENTRY Long, ORIGCOMP String*6, DETAILCNT BCD*4.0, ENTEREDBY String*8, DOCDATE Date`,
    unconfirmed: { ENTEREDBY: JPA_GLJEH, DOCDATE: JPA_GLJEH },
  }),
  aomTable('GLJED', {
    view: 'GL0010',
    source: AOM_GL,
    keys: ['BATCHNBR+JOURNALID+TRANSNBR'],
    fields: `BATCHNBR String*6, JOURNALID String*5, TRANSNBR String*10, ACCTID String*45, COMPANYID String*8,
      TRANSAMT BCD*10.3, TRANSQTY BCD*10.3, SCURNDEC String*1, SCURNAMT BCD*10.3, HCURNCODE String*3, RATETYPE String*2,
      SCURNCODE String*3, RATEDATE Date, CONVRATE BCD*8.7, RATESPREAD BCD*8.7, DATEMTCHCD String*1, RATEOPER String*1,
      TRANSDESC String*60, TRANSREF String*60, TRANSDATE Date, SRCELDGR String*2, SRCETYPE String*2, VALUES Long,
      DESCOMP String*6, ROUTE Integer`,
  }),
  aomTable('GLPOST', {
    view: 'GL0018',
    source: AOM_GL,
    keys: [
      'ACCTID+FISCALYR+FISCALPERD+SRCECURN+SRCELEDGER+SRCETYPE+POSTINGSEQ+CNTDETAIL',
      'JRNLDATE+POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR [D,M]',
      'POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR [D,M]',
      'ACCTID+POSTINGSEQ+BATCHNBR+ENTRYNBR+TRANSNBR [D,M]',
    ],
    fields: `ACCTID String*45, FISCALYR String*4, FISCALPERD String*2, SRCECURN String*3, SRCELEDGER String*2,
      SRCETYPE String*2, POSTINGSEQ BCD*4.0, CNTDETAIL BCD*4.0, JRNLDATE Date, BATCHNBR String*6, ENTRYNBR String*5,
      TRANSNBR BCD*4.0, EDITALLOWD Integer, CONSOLIDAT Integer, COMPANYID String*8, JNLDTLDESC String*60,
      JNLDTLREF String*60, TRANSAMT BCD*10.3, TRANSQTY BCD*10.3, SCURNDEC String*1, SCURNAMT BCD*10.3,
      HCURNCODE String*3, RATETYPE String*2, SCURNCODE String*3, RATEDATE Date, CONVRATE BCD*8.7, RATESPREAD BCD*8.7,
      DATEMTCHCD String*1, RATEOPER String*1, DRILSRCTY Integer, DRILLDWNLK BCD*10.0, DRILAPP String*2,
      RPTAMT BCD*10.3, VALUES Long`,
  }),
  aomTable('GLAFS', {
    view: 'GL0103',
    source: AOM_GL,
    keys: ['ACCTID+FSCSYR+FSCSDSG+FSCSCURN+CURNTYPE', 'FSCSDSG [D,M]'],
    fields: `ACCTID String*45, FSCSYR String*4, FSCSDSG String*1, FSCSCURN String*3, CURNTYPE String*1, SWRVL Integer,
      CODERVL String*6, SCURNDEC String*1, OPENBAL BCD*10.3, NETPERD{1..15} BCD*10.3, ACTIVITYSW Integer`,
  }),
];
