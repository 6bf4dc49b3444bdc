import { compareArBalances, type ArDeps, type OpenBalanceComparison } from '../../src/core/ar/ar-pipeline.ts';
import type { SyncArOutput } from './schema.ts';

/** The open-balance comparison as the tool reports it. */
export function balancesOut(c: OpenBalanceComparison | null): SyncArOutput['open_balances'] {
  if (!c) return null;
  return {
    sage_open: c.sageOpen,
    intacct_open: c.intacctOpen,
    unexplained: c.unexplained,
    by_reason: { ...c.byReason },
    customers: c.customers.map((x) => ({
      customer: x.customer,
      sage_open: x.sageOpen,
      intacct_open: x.intacctOpen,
      difference: x.difference,
      explained: x.explained,
      unexplained: x.unexplained,
    })),
    differences: c.differences.map((d) => ({ ...d })),
  };
}

/** The comparison when asked for; a failure to read it is reported in the note, never fails the write. */
export async function maybeCompare(
  deps: ArDeps,
  company: string,
  wanted: boolean,
): Promise<{ value: OpenBalanceComparison | null; note: string }> {
  if (!wanted) return { value: null, note: '' };
  try {
    const comparison = await compareArBalances(deps, company);
    return {
      value: comparison,
      note: `\nOpen balances: Sage 300 ${comparison.sageOpen}, Intacct ${comparison.intacctOpen}, unexplained ${comparison.unexplained}.`,
    };
  } catch (err) {
    return { value: null, note: `\nThe open-balance comparison could not be made: ${(err as Error).message}` };
  }
}
