/**
 * `get_companyprefs`: a subscription's preferences as `<companypref>` rows of application, preference and prefvalue
 * (function and row shape documented on developer.intacct.com, Company and Console > Subscriptions).
 *
 * Intacct closes books "to the end of a period" (General Ledger > Books > Close), so the period status a client can
 * pre-check is one books-closed-through date. Which GL preference carries that date, if any, is not published: the
 * name `BOOKSCLOSEDTHROUGH` and its `mm/dd/yyyy` value are our choice, and the switch `booksClosedPreference: absent`
 * answers without it, as a tenant that does not expose the date would. The date is derived from the same period
 * table the journal-entry rule refuses postings by: the last day before the earliest open period.
 */
import { INTACCT_BEHAVIOURS_SCHEMA } from './behaviours.ts';
import { formatUsDate } from './dates.ts';
import { requestError } from './errors.ts';
import { failure, type FunctionHandler } from './function-types.ts';

const APPLICATIONS = new Set(['GEN', 'ME', 'GL', 'CM', 'AP', 'AR', 'EE', 'PO', 'SO', 'INV', 'PA', 'CS']);
const BOOKS_CLOSED_PREFERENCE = 'BOOKSCLOSEDTHROUGH';

/** The last day of the month before `period` ('yyyy-mm'). */
function dayBefore(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month - 1, 0));
  return formatUsDate({ year: last.getUTCFullYear(), month: last.getUTCMonth() + 1, day: last.getUTCDate() });
}

export const companyPrefsFunction: FunctionHandler = (node, ctx) => {
  const application = node.attrs.application?.trim().toUpperCase() ?? '';
  if (!APPLICATIONS.has(application))
    return failure([requestError(`get_companyprefs needs an application attribute, one of ${[...APPLICATIONS].join(', ')}.`)]);
  const rows: { application: string; preference: string; prefvalue: string }[] = [];
  if (application === 'GL') {
    rows.push({ application, preference: 'EMPLOYEEDIMENSION', prefvalue: 'F' });
    const behaviours = ctx.behaviours ?? INTACCT_BEHAVIOURS_SCHEMA.parse({});
    const firstOpen = ctx.store.firstOpenPeriod();
    if (behaviours.booksClosedPreference === 'reported' && firstOpen)
      rows.push({ application, preference: BOOKS_CLOSED_PREFERENCE, prefvalue: dayBefore(firstOpen) });
  }
  return { status: 'success', data: rows.length > 0 ? { companypref: rows } : {} };
};
