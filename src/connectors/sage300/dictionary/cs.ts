/** Common Services tables the GL reader and the sandbox use (company profile, fiscal calendar). */
import { aomTable, type DictionaryTable } from './aom.ts';
import { AOM_CS } from './sources.ts';

export const CS_DICTIONARY: readonly DictionaryTable[] = [
  aomTable('CSCOM', {
    view: 'CS0001',
    source: AOM_CS,
    keys: ['ORGID'],
    fields: `ORGID String*6, CONAME String*60, ADDR{01..04} String*60, CITY String*30, STATE String*30, POSTAL String*20,
      COUNTRY String*30, PHONE String*30, FAX String*30, CONTACT String*60, PERDFSC Integer, QTR4PERD Integer,
      HOMECUR String*3, MULTICURSW Boolean, RATETYPE String*2, WARNDAYS Integer, REPORTCUR String*3, LEGALNAME String*60`,
  }),
  aomTable('CSFSC', {
    view: 'CS0002',
    source: AOM_CS,
    keys: ['FSCYEAR'],
    fields: `FSCYEAR String*4, PERIODS Integer, QTR4PERD Integer, ACTIVE Boolean, BGNDATE{1..13} Date, ENDDATE{1..13} Date,
      STATUSADJ Integer, STATUSCLS Integer`,
  }),
];
