import { formatAmount, Money } from '../../domain/money.ts';
import { dateKey, parseUsDate, partsFromFields, type DateParts } from './dates.ts';
import { requestError } from './errors.ts';
import { failure, type FunctionHandler } from './function-types.ts';
import { signedAmount } from './gl-batch-rules.ts';
import { child, childText, scalar, type XNode } from './xml-node.ts';

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

interface Range {
  start: DateParts;
  end: DateParts;
}

const lastDay = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Range of `months` calendar months ending with the named month. */
function endingRange(monthName: string, yearText: string, months: number): Range | undefined {
  const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
  const year = Number(yearText);
  if (month === 0) return undefined;
  const startIndex = year * 12 + (month - 1) - (months - 1);
  const start = { year: Math.floor(startIndex / 12), month: (startIndex % 12) + 1, day: 1 };
  return { start, end: { year, month, day: lastDay(year, month) } };
}

/** The emulator knows the common built-in reporting period names (fiscal year = calendar year). */
function rangeForPeriodName(name: string): Range | undefined {
  const n = name.trim().replace(/\s+/g, ' ');
  let m = /^Month Ended (\w+) (\d{4})$/i.exec(n);
  if (m) return endingRange(m[1]!, m[2]!, 1);
  m = /^Quarter Ended (\w+) (\d{4})$/i.exec(n);
  if (m) return endingRange(m[1]!, m[2]!, 3);
  m = /^(?:Calendar |Fiscal )?Year Ended (\w+) (\d{4})$/i.exec(n);
  if (m) return endingRange(m[1]!, m[2]!, 12);
  return undefined;
}

function dateChild(node: XNode, name: string): DateParts | undefined {
  const d = child(node, name);
  return d && partsFromFields(childText(d, 'year'), childText(d, 'month'), childText(d, 'day'));
}

/**
 * get_trialbalance from POSTED journal lines only: startbalance is all activity before the start date,
 * debits/credits the activity inside the range; balances are debit-positive.
 */
export const trialBalanceFunction: FunctionHandler = (node, ctx) => {
  const periodName = childText(node, 'reportingperiodname');
  let range: Range | undefined;
  if (periodName) {
    range = rangeForPeriodName(periodName);
    if (!range) {
      return failure([
        requestError(
          `Unknown reportingperiodname '${periodName}'.`,
          "Use 'Month Ended January 2026', 'Quarter Ended March 2026', 'Calendar Year Ended December 2026', or startdate/enddate.",
        ),
      ]);
    }
  } else {
    const start = dateChild(node, 'startdate');
    const end = dateChild(node, 'enddate');
    if (!start || !end)
      return failure([requestError('Provide <reportingperiodname> or both <startdate> and <enddate> with <year>, <month>, <day>.')]);
    if (dateKey(start) > dateKey(end)) return failure([requestError('<startdate> must not be after <enddate>.')]);
    range = { start, end };
  }
  const startKey = dateKey(range.start);
  const endKey = dateKey(range.end);
  const showZero = childText(node, 'showzerobalances') === 'true';
  const locationFilter = childText(node, 'locationid');
  const departmentFilter = childText(node, 'departmentid');

  const totals = new Map<string, { start: Money; debits: Money; credits: Money }>();
  for (const acct of ctx.store.all('GLACCOUNT')) {
    totals.set(acct.id ?? '', { start: new Money(0), debits: new Money(0), credits: new Money(0) });
  }
  for (const line of ctx.store.all('GLENTRY')) {
    if (scalar(line.data, 'STATE') !== 'Posted') continue;
    if (locationFilter && scalar(line.data, 'LOCATION') !== locationFilter) continue;
    if (departmentFilter && scalar(line.data, 'DEPARTMENT') !== departmentFilter) continue;
    const date = parseUsDate(scalar(line.data, 'BATCH_DATE'));
    if (!date) continue;
    const key = dateKey(date);
    if (key > endKey) continue;
    const account = scalar(line.data, 'ACCOUNTNO') ?? '';
    const t = totals.get(account) ?? { start: new Money(0), debits: new Money(0), credits: new Money(0) };
    const amount = signedAmount(line.data);
    if (key < startKey) t.start = t.start.plus(amount);
    else if (amount.isPositive()) t.debits = t.debits.plus(amount);
    else t.credits = t.credits.plus(amount.negated());
    totals.set(account, t);
  }
  const rows = [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([account, t]) => ({ account, ...t, end: t.start.plus(t.debits).minus(t.credits) }))
    .filter((r) => showZero || !(r.start.isZero() && r.debits.isZero() && r.credits.isZero()))
    .map((r) => ({
      glaccountno: r.account,
      startbalance: formatAmount(r.start),
      debits: formatAmount(r.debits),
      credits: formatAmount(r.credits),
      endbalance: formatAmount(r.end),
    }));
  return { status: 'success', data: rows.length > 0 ? { trialbalance: rows } : {} };
};
