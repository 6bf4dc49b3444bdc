import type { GenContext } from './sage300-context.ts';
import type { DemoVendor } from './sage300-parties.ts';

/**
 * A vendor whose name is an HTML injection attempt, so that every page and preview that shows ERP text proves it
 * escapes it (the console's browser tests check that it renders as text and no script runs). Written after all other
 * demo data with fixed values: it draws nothing from the generator, so every other record stays as it was.
 */
const HOSTILE_VENDOR = { id: 'V70001', name: '<img src=x onerror=alert(1)>' } as const;

/** Adds the hostile vendor to APVEN (active, not on hold, no remit-to). */
export function writeConsolePlants(ctx: GenContext): DemoVendor {
  const date = ctx.year * 10000 + 115;
  ctx.insert('APVEN', {
    VENDORID: HOSTILE_VENDOR.id,
    AUDTDATE: date,
    AUDTTIME: 9000000,
    AUDTUSER: ctx.user,
    AUDTORG: ctx.orgId,
    SHORTNAME: 'IMGSRCX',
    IDGRP: 'TRADE',
    SWACTV: 1,
    DATEINAC: 0,
    DATELASTMN: date,
    SWHOLD: 0,
    DATESTART: date,
    VENDNAME: HOSTILE_VENDOR.name,
    LEGALNAME: HOSTILE_VENDOR.name,
    TEXTSTRE1: '1 Escape Street',
    NAMECITY: 'Boston',
    CODESTTE: 'MA',
    CODEPSTL: '02110',
    CODECTRY: 'USA',
    NAMECTAC: 'Pat Lee',
    TEXTPHON1: '(555) 010-0199',
    IDACCTSET: 'USA',
    CURNCODE: 'USD',
    RATETYPE: 'SP',
    BANKID: 'SVB',
    SWDISTBY: 2,
    TERMSCODE: 'NET30',
    CODETAXGRP: 'EXEMPT',
    TAXCLASS1: 1,
    TAXRPTSW: 0,
    TAXNBR: '',
    TAXIDTYPE: 0,
    EMAIL2: 'ap@escape.example.com',
    PAYMCODE: 'CHECK',
    AMTCRLIMT: '10000',
  });
  return { id: HOSTILE_VENDOR.id, name: HOSTILE_VENDOR.name, active: true, onHold: false, terms: 'NET30', termDays: 30 };
}
