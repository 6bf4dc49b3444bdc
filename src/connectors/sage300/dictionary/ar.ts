/** Accounts Receivable tables (reference sage300.md §4). */
import { aomTable, type DictionaryTable } from './aom.ts';
import { AOM_AR } from './sources.ts';

export const AR_DICTIONARY: readonly DictionaryTable[] = [
  aomTable('ARCUS', {
    view: 'AR0024',
    source: AOM_AR,
    keys: [
      'IDCUST',
      'TEXTSNAM [D,M]',
      'IDGRP [D,M]',
      'IDNATACCT [D,M]',
      'IDBILLCYCL [D,M]',
      'IDNATACCT+IDACCTSET [D,M]',
      'IDNATACCT+IDBILLCYCL [D,M]',
      'IDNATACCT+IDSVCCHRG [D,M]',
      'IDNATACCT+SWBALFWD [D,M]',
      'IDNATACCT+IDGRP [D,M]',
      'IDACCTSET+IDCUST [M]',
      'CODECURN+IDSVCCHRG+IDCUST [M]',
      'CODETERM+IDCUST [M]',
    ],
    fields: `IDCUST String*12, TEXTSNAM String*10, IDGRP String*6, IDNATACCT String*12, SWACTV Integer, DATEINAC Date,
      DATELASTMN Date, SWHOLD Integer, DATESTART Date, NAMECUST String*60, TEXTSTRE{1..4} String*60, NAMECITY String*30,
      CODESTTE String*30, CODEPSTL String*20, CODECTRY String*30, NAMECTAC String*60, TEXTPHON1 String*30,
      TEXTPHON2 String*30, IDACCTSET String*6, IDBILLCYCL String*6, IDSVCCHRG String*6, CODECURN String*3,
      SWBALFWD Integer, CODETERM String*6, IDRATETYPE String*2, CODETAXGRP String*12, IDTAXREGI{1..5} String*20,
      TAXSTTS{1..5} Integer, AMTCRLIMT BCD*10.3, AMTBALDUET BCD*10.3, AMTBALDUEH BCD*10.3, CNTOPENINV BCD*4.0,
      DATELASTIV Date, DATELASTPA Date, CODESLSP{1..5} String*8, PRICLIST String*6, CUSTTYPE Integer, AMTPDUE BCD*10.3,
      EMAIL1 String*50, EMAIL2 String*50, WEBSITE String*100, PRIMSHIPTO String*6, BRN String*30`,
  }),
  aomTable('ARIBC', {
    view: 'AR0031',
    source: AOM_AR,
    keys: ['CNTBTCH', 'BTCHSTTS+CNTBTCH [M]'],
    fields: `CNTBTCH BCD*5.0, DATEBTCH Date, BTCHDESC String*60, CNTINVCENT BCD*4.0, AMTENTR BCD*10.3, BTCHTYPE Integer,
      BTCHSTTS Integer, INVCTYPE Integer, CNTLSTITEM BCD*4.0, POSTSEQNBR BCD*5.0, NBRERRORS BCD*5.0, DTELSTEDIT Date,
      SWPRINTED Integer, SRCEAPPL String*2`,
  }),
  // DATERATE (rate date) is not in the transcribed AOM list (sage300.md §4 names CODECURN and EXCHRATEHC); it is the
  // name GLPOST/POPORH1 use for the same thing (RATEDATE there) in its AR form: UNCONFIRMED, added for issue 16.
  aomTable('ARIBH', {
    view: 'AR0032',
    source: AOM_AR,
    keys: ['CNTBTCH+CNTITEM', 'IDCUST+IDINVC [D,M]', 'IDINVC [D,M]'],
    fields: `CNTBTCH BCD*5.0, CNTITEM BCD*4.0, IDCUST String*12, IDINVC String*22, TEXTTRX Integer, IDTRX Integer,
      ORDRNBR String*22, CUSTPO String*22, INVCDESC String*60, IDACCTSET String*6, DATEINVC Date, FISCYR String*4,
      FISCPER String*2, CODECURN String*3, RATETYPE String*2, EXCHRATEHC BCD*8.7, TERMCODE String*6, DATEDUE Date,
      CODETAXGRP String*12, AMTTAXTOT BCD*10.3, AMTINVCTOT BCD*10.3, AMTNETTOT BCD*10.3, SWJOB Integer, ERRBATCH Long,
      ERRENTRY Long, INVCTYPE Integer, SRCEAPPL String*2, AMTDUEHC BCD*10.3, DATEBUS Date, DATERATE Date`,
  }),
  aomTable('ARIBD', {
    view: 'AR0033',
    source: AOM_AR,
    keys: ['CNTBTCH+CNTITEM+CNTLINE'],
    fields: `CNTBTCH BCD*5.0, CNTITEM BCD*4.0, CNTLINE BCD*3.0, IDITEM String*16, IDDIST String*6, TEXTDESC String*60,
      QTYINVC BCD*10.5, AMTPRIC BCD*10.6, AMTEXTN BCD*10.3, AMTTXBL BCD*10.3, TOTTAX BCD*10.3, IDACCTREV String*45,
      CONTRACT String*16, PROJECT String*16, CATEGORY String*16, RESOURCE String*24, BILLDATE Date`,
  }),
  aomTable('AROBL', {
    view: 'AR0036',
    source: AOM_AR,
    keys: [
      'IDCUST+IDINVC',
      'IDINVC',
      'IDORDERNBR+IDCUST+SWPAID+IDINVC [D,M]',
      'IDCUSTPO+IDCUST+SWPAID+IDINVC [D,M]',
      'DATEDUE+IDCUST+IDINVC [D,M]',
      'IDNATACCT+IDCUST+IDINVC [D,M]',
      'SWPAID+IDCUST+IDPREPAID+IDINVC [M]',
      'IDCUST+DATEINVC [D,M]',
      'SWRTGOUT+IDCUST+IDINVC [D,M]',
      'IDSHIPNBR+IDCUST+SWPAID+IDINVC [D,M]',
    ],
    fields: `IDCUST String*12, IDINVC String*22, IDRMIT String*24, IDORDERNBR String*22, IDCUSTPO String*22, DATEDUE Date,
      IDNATACCT String*12, TRXTYPEID Integer, TRXTYPETXT Integer, CNTBTCH BCD*5.0, CNTITEM BCD*4.0, DESCINVC String*60,
      DATEINVC Date, CODETERM String*6, CODECURN String*3, EXCHRATEHC BCD*8.7, AMTINVCHC BCD*10.3, AMTDUEHC BCD*10.3,
      AMTTAXHC BCD*10.3, AMTINVCTC BCD*10.3, AMTDUETC BCD*10.3, AMTTAXTC BCD*10.3, SWPAID Integer, DATELSTACT Date,
      FISCYR String*4, FISCPER String*2, IDPREPAID String*22, DATEBUS Date, IDBANK String*8, POSTSEQNCE BCD*5.0,
      SWRTGOUT Integer, SRCEAPPL String*2, TYPEBTCH String*2, IDSHIPNBR String*22, IDACCTSET String*6, DATEPAID Date`,
  }),
  aomTable('ARBTA', {
    view: 'AR0041',
    source: AOM_AR,
    keys: ['CODEPYMTYP+CNTBTCH', 'CODEPYMTYP+BATCHSTAT+CNTBTCH [M]'],
    fields: `CODEPYMTYP String*2, CNTBTCH BCD*5.0, DATEBTCH Date, BATCHDESC String*60, CNTENTER BCD*4.0, AMTENTER BCD*10.3,
      BATCHTYPE Integer, BATCHSTAT Integer, IDBANK String*8, CODECURN String*3, POSTSEQNBR BCD*5.0`,
  }),
  // RATETYPEHC, RATEEXCHHC, DATERATEHC (customer-to-home rate type, rate and rate date) are not in sage300.md §4;
  // they are the names of the same columns of APTCR, ARTCR's AP twin, in a schema generated from a live Sage 300
  // database (code index id 56992940101): UNCONFIRMED for ARTCR, added for issue 16.
  aomTable('ARTCR', {
    view: 'AR0042',
    source: AOM_AR,
    keys: ['CODEPYMTYP+CNTBTCH+CNTITEM', 'CODEPYMTYP+IDCUST [D,M]', 'CODEPYMTYP+IDRMIT [D,M]', 'CODEPYMTYP+DOCNBR [D,M]'],
    fields: `CODEPYMTYP String*2, CNTBTCH BCD*5.0, CNTITEM BCD*4.0, IDRMIT String*24, IDCUST String*12, DATERMIT Date,
      TEXTRMIT String*60, TXTRMITREF String*60, AMTRMIT BCD*10.3, AMTRMITTC BCD*10.3, CODEPAYM String*12,
      CODECURN String*3, RMITTYPE Integer, DOCTYPE Integer, FISCYR String*4, FISCPER String*2, DOCNBR String*22,
      ERRENTRY Long, IDBANK String*8, DATEBUS Date, RATETYPEHC String*2, RATEEXCHHC BCD*8.7, DATERATEHC Date`,
  }),
  aomTable('ARTCP', {
    view: 'AR0044',
    source: AOM_AR,
    keys: ['CODEPAYM+CNTBTCH+CNTITEM+CNTLINE', 'IDCUST+IDINVC+CNTPAYM [D,M]', 'CODEPAYM+CNTBTCH+CNTITEM+IDINVC+CNTPAYM [M]'],
    fields: `CODEPAYM String*2, CNTBTCH BCD*5.0, CNTITEM BCD*4.0, CNTLINE BCD*3.0, IDCUST String*12, IDINVC String*22,
      CNTPAYM BCD*3.0, TRXTYPE Integer, AMTPAYM BCD*10.3`,
  }),
];
