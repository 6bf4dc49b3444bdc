/** Sage date/time integers (YYYYMMDD, HHMMSSCC) for a calendar fiscal year with 12 monthly periods. */

export function sageDate(year: number, month: number, day: number): number {
  return year * 10000 + month * 100 + day;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function periodStart(year: number, period: number): number {
  return sageDate(year, period, 1);
}

export function periodEnd(year: number, period: number): number {
  return sageDate(year, period, daysInMonth(year, period));
}

/** Adds days with UTC arithmetic so the result never depends on the host time zone. */
export function addDays(date: number, days: number): number {
  const d = new Date(Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, (date % 100) + days));
  return sageDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The fiscal period of a date in the demo calendar (period = month). */
export function periodOf(date: number): number {
  return Math.floor(date / 100) % 100;
}

/** Two-character fiscal period as stored in FISCALPERD / FSCSPERD ('03'). */
export function periodText(period: number): string {
  return String(period).padStart(2, '0');
}

/** HHMMSSCC as Sage stores it: an integer, so 06:38:18.06 is 6381806 (no leading zero). */
export function sageTime(hour: number, minute: number, second: number, hundredths: number): number {
  return ((hour * 100 + minute) * 100 + second) * 100 + hundredths;
}

/** True when the integer is a real calendar date in YYYYMMDD form. */
export function isValidSageDate(value: number): boolean {
  if (!Number.isInteger(value) || value < 19000101 || value > 99991231) return false;
  const y = Math.floor(value / 10000);
  const m = Math.floor(value / 100) % 100;
  const d = value % 100;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}
