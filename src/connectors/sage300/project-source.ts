import type {
  PmContractRecord,
  PmMilestoneRecord,
  PmProjectRecord,
  PmTransactionRecord,
  ProjectSourceData,
  ProjectSourcePort,
} from '../../core/ports/project-ports.ts';
import type { RowResult } from './normalise.ts';
import type { Sage300Reader } from './reader.ts';

async function collect<T, U>(
  rows: AsyncIterable<RowResult<T>>,
  map: (v: T) => U | U[],
  errors: { key: string; message: string }[],
): Promise<U[]> {
  const out: U[] = [];
  for await (const r of rows) {
    if (!r.ok) {
      errors.push({ key: `${r.error.table}:${r.error.key}`, message: r.error.message });
      continue;
    }
    const m = map(r.value);
    if (Array.isArray(m)) out.push(...m);
    else out.push(m);
  }
  return out;
}

/**
 * The projects pipeline's view of Sage 300 PM through the SQL reader: contracts (PMCONTS), contract projects
 * (PMPROJS), project transactions (PMTRAN, home-currency amounts) and billing-worksheet lines (PMBWH/PMBWD) as
 * milestones. A worksheet line counts as reached when Sage 300 posted it (PMBWD.STATUS 2), naming its AR invoice.
 */
export function createProjectSource(reader: Sage300Reader): ProjectSourcePort {
  return {
    async read(): Promise<ProjectSourceData> {
      const rowErrors: { key: string; message: string }[] = [];
      const contracts = await collect(
        reader.pm.contracts(),
        (c): PmContractRecord => ({
          contract: c.contract,
          description: c.description,
          customerId: c.customerId,
          status: c.status,
          startDate: c.startDate,
          endDate: c.endDate,
          currency: c.currency,
        }),
        rowErrors,
      );
      const projects = await collect(
        reader.pm.projects(),
        (p): PmProjectRecord => ({
          contract: p.contract,
          project: p.project,
          description: p.description,
          status: p.status,
          customerId: p.customerId,
          revenueAccount: p.revenueAccountFormatted,
          wipAccount: p.wipAccountFormatted,
          startDate: p.startDate,
          endDate: p.endDate,
        }),
        rowErrors,
      );
      const transactions = await collect(
        reader.pm.transactions(),
        (t): PmTransactionRecord => ({
          contract: t.contract,
          project: t.project,
          category: t.category,
          transactionNumber: t.transactionNumber,
          date: t.date,
          fiscalYear: t.fiscalYear,
          fiscalPeriod: t.fiscalPeriod,
          kind: t.costRevenue,
          amount: t.amountHome.toFixed(3),
          module: t.module,
          documentNumber: t.documentNumber,
          description: t.description,
        }),
        rowErrors,
      );
      const milestones = await collect(
        reader.pm.billingWorksheets(),
        (w): PmMilestoneRecord[] =>
          w.lines.map((l) => ({
            worksheetId: w.worksheetId,
            line: l.lineNumber,
            contract: l.contract,
            project: l.project,
            description: l.description,
            billDate: l.billDate,
            amount: l.amountHome.toFixed(3),
            reached: l.status === 'posted',
            invoiceNumber: l.invoiceNumber,
          })),
        rowErrors,
      );
      return { contracts, projects, transactions, milestones, rowErrors };
    },
  };
}
