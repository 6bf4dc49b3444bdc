/** Maps get_trialbalance `<trialbalance>` rows; balances stay decimal strings. */
import { makeError } from './errors.ts';
import type { IntacctRecord, Outcome, TrialBalanceRow } from './types.ts';

function str(r: IntacctRecord, key: string): string | undefined {
  const v = r[key];
  return typeof v === 'string' ? v : undefined;
}

export function toTrialBalanceRows(records: IntacctRecord[]): Outcome<TrialBalanceRow[]> {
  const rows: TrialBalanceRow[] = [];
  for (const [i, r] of records.entries()) {
    const glAccountNo = str(r, 'glaccountno');
    if (glAccountNo === undefined || glAccountNo === '') {
      return { ok: false, error: makeError({ code: 'transport', context: 'get_trialbalance', text: `row ${i + 1} has no glaccountno` }) };
    }
    // An empty balance element means zero; a missing one would be a shape we do not understand.
    const amount = (key: string): string | undefined => {
      const v = str(r, key);
      return v === '' ? '0' : v;
    };
    const startBalance = amount('startbalance');
    const debits = amount('debits');
    const credits = amount('credits');
    const endBalance = amount('endbalance');
    if (startBalance === undefined || debits === undefined || credits === undefined || endBalance === undefined) {
      return {
        ok: false,
        error: makeError({ code: 'transport', context: 'get_trialbalance', text: `row for account ${glAccountNo} lacks a balance field` }),
      };
    }
    const row: TrialBalanceRow = { glAccountNo, startBalance, debits, credits, endBalance };
    const departmentId = str(r, 'departmentid');
    const locationId = str(r, 'locationid');
    if (departmentId !== undefined && departmentId !== '') row.departmentId = departmentId;
    if (locationId !== undefined && locationId !== '') row.locationId = locationId;
    rows.push(row);
  }
  return { ok: true, value: rows };
}
