import type { GlSourceLine } from '../../domain/gl-source-line.ts';
import { formatMinorUnits, toMinorUnits } from '../../domain/money.ts';
import type { IntacctEntryLine } from '../ports/reconcile-ports.ts';
import type { LineTarget } from './compute-variances.ts';
import type { CurrencyActivityRow, SyncStatus } from './reconcile-model.ts';

/**
 * The period's foreign-currency activity per Intacct account and transaction currency, where both systems hold it:
 * Sage 300's source amounts (GLPOST SCURNAMT, rounded per line as sent) against Intacct's TRX_AMOUNT of lines in a
 * currency other than their base. Amounts of Sage 300 entries not synced yet are shown apart; the rest of a
 * difference is unexplained. Home-currency lines are left to the main comparison.
 */
export function currencyActivity(input: {
  readonly company: string;
  readonly sageLines: readonly GlSourceLine[];
  readonly target: (line: GlSourceLine) => LineTarget;
  readonly syncStatus: (sourceKey: string) => SyncStatus;
  readonly intacctLines: readonly IntacctEntryLine[];
}): CurrencyActivityRow[] {
  const rows = new Map<string, { account: string; currency: string; sage: bigint; intacct: bigint; notSynced: bigint }>();
  const row = (account: string, currency: string) => {
    const key = `${account}\u0000${currency}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { account, currency, sage: 0n, intacct: 0n, notSynced: 0n }));
    return r;
  };
  for (const l of input.sageLines) {
    if (!l.fx || l.fx.sourceCurrency === l.fx.homeCurrency) continue;
    const t = input.target(l);
    if (!t.ok) continue; // unmapped activity is reported by the main comparison
    const cents = toMinorUnits(l.fx.sourceAmount, 2) ?? 0n;
    const r = row(t.account, l.fx.sourceCurrency);
    r.sage += cents;
    if (input.syncStatus(`${input.company}:${l.batch}:${l.entry}`).kind !== 'synced') r.notSynced += cents;
  }
  for (const l of input.intacctLines) {
    if (!l.currency || !l.baseCurrency || l.currency === l.baseCurrency) continue;
    row(l.account, l.currency).intacct += toMinorUnits(l.trxAmount ?? '0', 2) ?? 0n;
  }
  return [...rows.values()]
    .sort((a, b) => a.account.localeCompare(b.account) || a.currency.localeCompare(b.currency))
    .map((r) => ({
      account: r.account,
      currency: r.currency,
      sage300: formatMinorUnits(r.sage, 2),
      intacct: formatMinorUnits(r.intacct, 2),
      notSynced: formatMinorUnits(r.notSynced, 2),
      unexplained: formatMinorUnits(r.sage - r.notSynced - r.intacct, 2),
    }));
}
