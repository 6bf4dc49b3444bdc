/** Purchase Order tables (reference sage300.md §5). Only the *1 physical halves the project reads are listed. */
import { aomTable, type DictionaryTable } from './aom.ts';
import { AOM_PO } from './sources.ts';

export const PO_DICTIONARY: readonly DictionaryTable[] = [
  aomTable('POPORH1', {
    view: 'PO0620',
    source: AOM_PO,
    keys: ['PORHSEQ', 'PONUMBER', 'VDCODE+PORHSEQ [M]', 'VDCODE+PONUMBER [M]', 'VDCODE+DATE+PORTYPE+ONHOLD [D,M]'],
    fields: `PORHSEQ BCD*10.0, LINES Long, LINESCMPL Long, RQNS Long, RQNSCMPL Long, ISPRINTED Boolean, ISCOMPLETE Boolean,
      DTCOMPLETE Date, POSTDATE Date, DATE Date, PONUMBER String*22, TEMPLATE String*6, FOBPOINT String*60,
      VDCODE String*12, VDNAME String*60, VDADDRESS{1..4} String*60, VDCITY String*30, VDSTATE String*30,
      VDZIP String*20, VDCOUNTRY String*30, VDPHONE String*30, VDCONTACT String*60, TERMSCODE String*6, PORTYPE Integer,
      ONHOLD Boolean, ORDEREDON Date, EXPARRIVAL Date, DESCRIPTIO String*60, REFERENCE String*60, COMMENT String*250,
      VIACODE String*6, LASTRECEIP String*22, RCPDATE Date, RCPCOUNT Integer, CURRENCY String*3, RATE BCD*8.7,
      RATETYPE String*2, RATEDATE Date, RATEOPER Integer, EXTENDED BCD*10.3, DOCTOTAL BCD*10.3, EXTRECEIVE BCD*10.3,
      EXTCANCEL BCD*10.3, TAXGROUP String*12, TAXAUTH{1..5} String*12, RQNNUMBER String*22, JOBLINES Long`,
  }),
  aomTable('POPORL', {
    view: 'PO0630',
    source: AOM_PO,
    keys: [
      'PORHSEQ+PORLREV',
      'PORHSEQ+PORLSEQ',
      'OEONUMBER+PORHSEQ+PORLSEQ [M]',
      'ITEMNO+EXPARRIVAL+PORHSEQ+PORLSEQ [M]',
      'EXPARRIVAL+OQORDERED+ITEMNO+LOCATION [D,M]',
      'EXPARRIVAL+ITEMNO+COMPLETION [D,M]',
      'EXPARRIVAL+OQOUTSTAND+ITEMNO [D,M]',
      'ITEMNO+EXPARRIVAL+LOCATION+COMPLETION [D,M]',
      'PORHSEQ+DETAILNUM+PORLSEQ [M]',
      'PORHSEQ+EXPARRIVAL+LOCATION+COMPLETION [D,M]',
    ],
    fields: `PORHSEQ BCD*10.0, PORLREV BCD*10.0, PORLSEQ BCD*10.0, OEONUMBER String*22, COMPLETION Integer,
      DTCOMPLETE Date, ITEMNO String*24, LOCATION String*6, ITEMDESC String*60, EXPARRIVAL Date, VENDITEMNO String*24,
      ORDERUNIT String*10, OQORDERED BCD*10.4, OQRECEIVED BCD*10.4, OQCANCELED BCD*10.4, OQOUTSTAND BCD*10.4,
      UNITCOST BCD*10.6, EXTENDED BCD*10.3, TAXAMOUNT{1..5} BCD*10.3, GLACEXPENS String*45, STOCKITEM Boolean,
      DISCPCT BCD*5.5, DISCOUNT BCD*10.3, ISRECEIVED Boolean, CONTRACT String*16, PROJECT String*16,
      CCATEGORY String*16, COSTCLASS Integer, DETAILNUM Integer`,
    unconfirmed: {
      DETAILNUM:
        'named by the AOM PO0630 key list; its field entry was not transcribed, type taken from POPORAL/PORCPL.DETAILNUM (Integer)',
    },
  }),
  aomTable('PORCPH1', {
    view: 'PO0700',
    source: AOM_PO,
    keys: ['RCPHSEQ', 'RCPNUMBER', 'PONUMBER+RCPNUMBER', 'VDCODE+RCPHSEQ [M]', 'PORHSEQ [D]', 'VDCODE+RCPNUMBER [M]'],
    fields: `RCPHSEQ BCD*10.0, LINES Long, ISINVOICED Boolean, ISCOMPLETE Boolean, DTCOMPLETE Date, POSTDATE Date, DATE Date,
      FISCYEAR String*4, FISCPERIOD Integer, RCPNUMBER String*22, VDCODE String*12, VDNAME String*60, PORHSEQ BCD*10.0,
      PONUMBER String*22, DESCRIPTIO String*60, REFERENCE String*60, CURRENCY String*3, EXTENDED BCD*10.3,
      DOCTOTAL BCD*10.3`,
  }),
  aomTable('PORCPL', {
    view: 'PO0710',
    source: AOM_PO,
    keys: [
      'RCPHSEQ+RCPLREV',
      'RCPHSEQ+RCPLSEQ',
      'OEONUMBER+RCPHSEQ+RCPLSEQ [M]',
      'RCPLSEQ [D,M]',
      'PORHSEQ+PORLSEQ+RCPHSEQ+RCPLSEQ',
      'RCPHSEQ+DETAILNUM+RCPLSEQ [M]',
    ],
    fields: `RCPHSEQ BCD*10.0, RCPLREV BCD*10.0, RCPLSEQ BCD*10.0, OEONUMBER String*22, PORHSEQ BCD*10.0, PORLSEQ BCD*10.0,
      ITEMNO String*24, LOCATION String*6, ITEMDESC String*60, RCPUNIT String*10, RQRECEIVED BCD*10.4, UNITCOST BCD*10.6,
      EXTENDED BCD*10.3, GLACEXPENS String*45, CONTRACT String*16, PROJECT String*16, CCATEGORY String*16,
      DETAILNUM Integer`,
  }),
];
