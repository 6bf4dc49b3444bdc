/** Date formats of the gateway: mm/dd/yyyy for generic functions, {year,month,day} for legacy ones. */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The last stamp formatted: every record of a request is stamped with the same instant. */
let lastStamp = { at: Number.NaN, text: '' };

/** `mm/dd/yyyy HH:MM:ss`, the format of WHENCREATED/WHENMODIFIED audit stamps. */
export function formatStamp(d: Date): string {
  const at = d.getTime();
  if (at !== lastStamp.at) {
    const text = `${pad(d.getMonth() + 1)}/${pad(d.getDate())}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    lastStamp = { at, text };
  }
  return lastStamp.text;
}

/** ISO-8601 with the local offset (`2026-01-15T10:00:00+01:00`), as in authentication/sessiontimestamp. */
export function formatIsoOffset(d: Date): string {
  const offsetMin = -d.getTimezoneOffset();
  const sign = offsetMin >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** A calendar date without time, kept as parts so no timezone can shift it. */
export interface DateParts {
  year: number;
  month: number;
  day: number;
}

function valid(year: number, month: number, day: number): DateParts | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2999) return undefined;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= last ? { year, month, day } : undefined;
}

/** Strict `mm/dd/yyyy` (an optional time part is ignored). */
export function parseUsDate(text: string | undefined): DateParts | undefined {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(text?.trim() ?? '');
  if (!m) return undefined;
  return valid(Number(m[3]), Number(m[1]), Number(m[2]));
}

/** Legacy `<year/><month/><day/>` children. */
export function partsFromFields(year: string | undefined, month: string | undefined, day: string | undefined): DateParts | undefined {
  if (!year || !month || !day || !/^\d{4}$/.test(year) || !/^\d{1,2}$/.test(month) || !/^\d{1,2}$/.test(day)) return undefined;
  return valid(Number(year), Number(month), Number(day));
}

export function formatUsDate(p: DateParts): string {
  return `${pad(p.month)}/${pad(p.day)}/${p.year}`;
}

/** Sortable key `yyyy-mm-dd`. */
export function dateKey(p: DateParts): string {
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** Fiscal period id `yyyy-mm` (the emulated company's fiscal year is the calendar year). */
export function periodOf(p: DateParts): string {
  return `${p.year}-${pad(p.month)}`;
}
