import type { NaturalKeyReads } from '../../domain/natural-key-reads.ts';
import type { JsonValue } from '../../domain/json.ts';
import type { WriteOutcome } from '../../domain/write-outcome.ts';

/** Sage 300 PM status as the pipeline needs it (PMCONTS.STATUS / PMPROJS.PROJSTAT, decoded). */
export type PmStatusName = 'estimate' | 'approved' | 'open' | 'on_hold' | 'closed' | 'completed' | 'inactive';

/** One Sage 300 contract (PMCONTS), normalised; dates ISO yyyy-mm-dd or null. */
export interface PmContractRecord {
  readonly contract: string;
  readonly description: string;
  readonly customerId: string;
  readonly status: PmStatusName;
  readonly startDate: string | null;
  readonly endDate: string | null;
  readonly currency: string;
}

/** One Sage 300 contract project (PMPROJS), normalised; accounts are formatted Sage 300 accounts. */
export interface PmProjectRecord {
  readonly contract: string;
  readonly project: string;
  readonly description: string;
  readonly status: PmStatusName;
  readonly customerId: string;
  readonly revenueAccount: string;
  readonly wipAccount: string;
  readonly startDate: string | null;
  readonly endDate: string | null;
}

/** One Sage 300 project transaction (PMTRAN); `amount` is the home-currency amount as a decimal string. */
export interface PmTransactionRecord {
  readonly contract: string;
  readonly project: string;
  readonly category: string;
  readonly transactionNumber: number;
  readonly date: string | null;
  readonly fiscalYear: string;
  readonly fiscalPeriod: string;
  readonly kind: 'cost' | 'revenue' | 'other';
  readonly amount: string;
  readonly module: string;
  readonly documentNumber: string;
  readonly description: string;
}

/** One milestone (a PMBWD billing-worksheet line); `reached` when Sage 300 posted it (STATUS 2) to an AR invoice. */
export interface PmMilestoneRecord {
  readonly worksheetId: string;
  readonly line: number;
  readonly contract: string;
  readonly project: string;
  readonly description: string;
  readonly billDate: string | null;
  readonly amount: string;
  readonly reached: boolean;
  /** PMBWD.DOCNUM: the Sage 300 AR invoice that billed the milestone ('' while pending). */
  readonly invoiceNumber: string;
}

/** Everything the projects pipeline reads from Sage 300 in one pass, plus rows that failed to normalise. */
export interface ProjectSourceData {
  readonly contracts: readonly PmContractRecord[];
  readonly projects: readonly PmProjectRecord[];
  readonly transactions: readonly PmTransactionRecord[];
  readonly milestones: readonly PmMilestoneRecord[];
  readonly rowErrors: readonly { key: string; message: string }[];
}

/** What the Sage 300 side gives the projects pipeline (implemented over the SQL reader). */
export interface ProjectSourcePort {
  read(): Promise<ProjectSourceData>;
}

/** A PROJECT as it is in Intacct, with the fields the pipeline maintains. */
export interface ExistingProject {
  readonly recordNo: string;
  readonly fields: Readonly<Record<string, string>>;
}

/** A PROJECT create or update (generic create/update, keyed on PROJECTID). */
export interface ProjectWrite {
  readonly idempotencyKey: string;
  readonly mode: 'create' | 'update';
  readonly payload: JsonValue;
}

/** A legacy create_invoice (ARINVOICE), read back by invoice number and customer. */
export interface InvoiceWrite {
  readonly idempotencyKey: string;
  readonly payload: JsonValue;
  readonly invoiceNumber: string;
  readonly customerId: string;
}

/** What the Intacct side gives the projects pipeline besides the GL target it shares with the GL pipeline. */
export interface ProjectTargetPort {
  readonly batchSize: number;
  readonly concurrency: number;
  /** Every PROJECT in Intacct by PROJECTID; throws when Intacct cannot be read. */
  projects(): Promise<ReadonlyMap<string, ExistingProject>>;
  /** Every active CUSTOMERID in Intacct; throws when Intacct cannot be read. */
  customerIds(): Promise<ReadonlySet<string>>;
  /** AR invoices numbered (RECORDID) one of these, in bulk reads (milestone invoices); throws when Intacct cannot be read. */
  invoicesNumbered(
    numbers: readonly string[],
  ): Promise<{ readonly recordNo: string; readonly customerId: string; readonly invoiceNo: string; readonly totalDue: string }[]>;
  /** AR invoices by EXTERNALID (the `S300:` reference create_invoice stamps), for `state rebuild`. */
  readonly invoicesByExternalId: NaturalKeyReads;
  upsertProjects(writes: readonly ProjectWrite[]): Promise<WriteOutcome[]>;
  createInvoices(writes: readonly InvoiceWrite[]): Promise<WriteOutcome[]>;
  requests(): number;
  controlIdFor(idempotencyKey: string): string;
}
