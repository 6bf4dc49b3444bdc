import { Money } from '../../domain/money.ts';
import type { GenContext } from './sage300-context.ts';
import { addDays, periodEnd, periodStart, sageDate } from './sage300-calendar.ts';

export interface DemoVendor {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly onHold: boolean;
  readonly terms: string;
  readonly termDays: number;
}

export interface DemoCustomer {
  readonly id: string;
  readonly name: string;
  readonly active: boolean;
  readonly onHold: boolean;
  readonly terms: string;
  readonly termDays: number;
}

const FIRST = [
  'Acme',
  'Blue Ridge',
  'Cobalt',
  'Delta',
  'Evergreen',
  'Falcon',
  'Granite',
  'Harbor',
  'Iron Gate',
  'Juniper',
  'Keystone',
  'Lakeside',
  'Meridian',
  'Northwind',
  'Orchard',
  'Pinnacle',
  'Quarry',
  'Redwood',
  'Summit',
  'Tidewater',
];
const SECOND = [
  'Supply',
  'Logistics',
  'Office Products',
  'Consulting',
  'Electric',
  'Freight',
  'Software',
  'Industrial',
  'Services',
  'Components',
  'Print',
  'Analytics',
];
const SUFFIX = ['Inc.', 'LLC', 'Co.', 'Corp.', 'Ltd.', 'Group'];
const CITIES: readonly (readonly [string, string, string])[] = [
  ['Boston', 'MA', '02110'],
  ['Denver', 'CO', '80202'],
  ['Austin', 'TX', '78701'],
  ['Seattle', 'WA', '98101'],
  ['Chicago', 'IL', '60601'],
  ['Atlanta', 'GA', '30303'],
  ['Portland', 'OR', '97204'],
  ['Phoenix', 'AZ', '85004'],
];
const STREETS = ['Main St', 'Oak Ave', 'Industrial Pkwy', 'Market St', 'Commerce Dr', 'Harbor Blvd', 'Elm St'];
const TERMS: readonly (readonly [string, number])[] = [
  ['NET30', 30],
  ['NET15', 15],
  ['NET45', 45],
  ['2N30', 30],
];

/** Unique company names from a seeded walk; an index suffix breaks the rare collision at large scale. */
function companyName(ctx: GenContext, used: Set<string>): string {
  const { rng } = ctx;
  let name = `${rng.pick(FIRST)} ${rng.pick(SECOND)} ${rng.pick(SUFFIX)}`;
  for (let n = 2; used.has(name); n++) name = `${name.replace(/ #\d+$/, '')} #${n}`;
  used.add(name);
  return name;
}

function address(ctx: GenContext): Record<string, string> {
  const [city, state, zip] = ctx.rng.pick(CITIES);
  return {
    street: `${ctx.rng.int(10, 9999)} ${ctx.rng.pick(STREETS)}`,
    city,
    state,
    zip,
    phone: `(555) ${ctx.rng.int(200, 999)}-${String(ctx.rng.int(0, 9999)).padStart(4, '0')}`,
  };
}

/** CSCOM (one row) and the CSFSC fiscal calendar: 12 monthly periods, plus the adjustment period 13. */
export function writeCompany(ctx: GenContext, name: string): void {
  const setup = sageDate(ctx.year - 1, 12, 1);
  ctx.insert('CSCOM', {
    ORGID: ctx.orgId,
    ...ctx.stamp(setup),
    CONAME: name,
    ADDR01: '100 Demo Plaza',
    CITY: 'Boston',
    STATE: 'MA',
    POSTAL: '02110',
    COUNTRY: 'USA',
    PHONE: '(555) 010-0100',
    CONTACT: 'Controller',
    LEGALNAME: name,
    HOMECUR: 'USD',
    MULTICURSW: 0,
    RATETYPE: 'SP',
    REPORTCUR: 'USD',
    PERDFSC: 12,
    QTR4PERD: 3,
    WARNDAYS: 30,
  });
  // STATUSADJ/STATUSCLS: 1 = Unlocked (AOM CS0002); a current year keeps its adjustment and closing periods open.
  const fsc: Record<string, string | number> = {
    FSCYEAR: String(ctx.year),
    PERIODS: 12,
    QTR4PERD: 3,
    ACTIVE: 1,
    STATUSADJ: 1,
    STATUSCLS: 1,
  };
  for (let p = 1; p <= 12; p++) {
    fsc[`BGNDATE${p}`] = periodStart(ctx.year, p);
    fsc[`ENDDATE${p}`] = periodEnd(ctx.year, p);
  }
  fsc.BGNDATE13 = periodEnd(ctx.year, 12);
  fsc.ENDDATE13 = periodEnd(ctx.year, 12);
  ctx.insert('CSFSC', { ...fsc, ...ctx.stamp(setup) });
}

/** ~50 vendors per scale unit; every 12th inactive, every 15th on hold. */
export function writeVendors(ctx: GenContext): DemoVendor[] {
  const { rng } = ctx;
  const used = new Set<string>();
  const out: DemoVendor[] = [];
  const count = ctx.scaled(50);
  for (let i = 0; i < count; i++) {
    const id = `V${String(10001 + i)}`;
    const name = companyName(ctx, used);
    const active = i % 12 !== 11;
    const onHold = active && i % 15 === 7;
    const [terms, termDays] = rng.pick(TERMS);
    const addr = address(ctx);
    const is1099 = rng.chance(0.3);
    const stamp = ctx.stampInYear();
    const audt = Number(stamp.AUDTDATE);
    out.push({ id, name, active, onHold, terms, termDays });
    ctx.insert('APVEN', {
      VENDORID: id,
      ...stamp,
      SHORTNAME: name
        .replace(/[^A-Za-z]/g, '')
        .slice(0, 10)
        .toUpperCase(),
      IDGRP: rng.pick(['TRADE', 'SERVIC', 'UTIL']),
      SWACTV: active ? 1 : 0,
      DATEINAC: active ? 0 : audt,
      DATELASTMN: audt,
      SWHOLD: onHold ? 1 : 0,
      DATESTART: addDays(sageDate(ctx.year - 3, 1, 1), rng.int(0, 900)),
      VENDNAME: name,
      LEGALNAME: name,
      TEXTSTRE1: addr.street ?? '',
      NAMECITY: addr.city ?? '',
      CODESTTE: addr.state ?? '',
      CODEPSTL: addr.zip ?? '',
      CODECTRY: 'USA',
      NAMECTAC: rng.pick(['Pat Lee', 'Sam Ortiz', 'Alex Kim', 'Jordan Fox']),
      TEXTPHON1: addr.phone ?? '',
      IDACCTSET: 'USA',
      CURNCODE: 'USD',
      RATETYPE: 'SP',
      BANKID: 'SVB',
      SWDISTBY: 2,
      TERMSCODE: terms,
      CODETAXGRP: 'EXEMPT',
      TAXCLASS1: 1,
      TAXRPTSW: is1099 ? 1 : 0,
      TAXNBR: is1099 ? `${rng.int(10, 99)}-${rng.int(1000000, 9999999)}` : '',
      TAXIDTYPE: is1099 ? 1 : 0,
      EMAIL2: `ap@${name.split(' ')[0]?.toLowerCase() ?? 'vendor'}${i}.example.com`,
      PAYMCODE: 'CHECK',
      AMTCRLIMT: new Money(rng.int(5, 50) * 1000),
    });
  }
  return out;
}

/** ~30 customers per scale unit; every 10th inactive, every 13th on hold. */
export function writeCustomers(ctx: GenContext): DemoCustomer[] {
  const { rng } = ctx;
  const used = new Set<string>();
  const out: DemoCustomer[] = [];
  const count = ctx.scaled(30);
  for (let i = 0; i < count; i++) {
    const id = `C${String(20001 + i)}`;
    const name = companyName(ctx, used);
    const active = i % 10 !== 9;
    const onHold = active && i % 13 === 5;
    const [terms, termDays] = rng.pick(TERMS);
    const addr = address(ctx);
    const stamp = ctx.stampInYear();
    const audt = Number(stamp.AUDTDATE);
    out.push({ id, name, active, onHold, terms, termDays });
    ctx.insert('ARCUS', {
      IDCUST: id,
      ...stamp,
      TEXTSNAM: name
        .replace(/[^A-Za-z]/g, '')
        .slice(0, 10)
        .toUpperCase(),
      IDGRP: rng.pick(['WHOLE', 'RETAIL', 'GOVT']),
      SWACTV: active ? 1 : 0,
      DATEINAC: active ? 0 : audt,
      DATELASTMN: audt,
      SWHOLD: onHold ? 1 : 0,
      DATESTART: addDays(sageDate(ctx.year - 4, 1, 1), rng.int(0, 1200)),
      NAMECUST: name,
      TEXTSTRE1: addr.street ?? '',
      NAMECITY: addr.city ?? '',
      CODESTTE: addr.state ?? '',
      CODEPSTL: addr.zip ?? '',
      CODECTRY: 'USA',
      NAMECTAC: rng.pick(['Robin Diaz', 'Casey Wu', 'Morgan Hale']),
      TEXTPHON1: addr.phone ?? '',
      EMAIL2: `billing@cust${i}.example.com`,
      IDACCTSET: 'USA',
      IDBILLCYCL: 'MTHLY',
      CODECURN: 'USD',
      SWBALFWD: 0,
      CODETERM: terms,
      IDRATETYPE: 'SP',
      CODETAXGRP: 'EXEMPT',
      TAXSTTS1: 1,
      AMTCRLIMT: new Money(rng.int(10, 100) * 1000),
      PRICLIST: 'STD',
      CUSTTYPE: 0,
    });
  }
  return out;
}
