import type { PoStatus } from './sage300-po.ts';
import type { DemoMilestone, DemoProject } from './sage300-pm.ts';
import type { DocTrapsTruth } from './sage300-doc-traps.ts';
import type { ArAttachmentTruth } from './sage300-ar-attachments.ts';

/**
 * Known-truth figures of a generated Sage 300 demo company, for tests and benchmarks to compare
 * against. Amounts are exact decimal strings with 3 decimals (the DECIMAL(19,3) storage form);
 * account keys are the unformatted GLAMF.ACCTID unless the field says formatted.
 */
export interface Sage300Truth {
  readonly companyId: string;
  readonly companyName: string;
  readonly fiscalYear: number;
  readonly seed: number;
  readonly scale: number;
  /** Row count per Sage table (every table in SAGE300_TABLES, zero included). */
  readonly counts: Record<string, number>;
  readonly accounts: {
    readonly total: number;
    /** unformatted ACCTID → formatted ACCTFMTTD, every account. */
    readonly formattedById: Record<string, string>;
    readonly inactive: readonly string[];
  };
  readonly gl: {
    readonly batches: number;
    /** Posting runs; GLPOST.POSTINGSEQ runs 1..postingSequences. */
    readonly postingSequences: number;
    /** Journal entries (GLJEH rows) per period '1'..'12', all sources. */
    readonly entriesPerPeriod: Record<string, number>;
    /** ACCTID → period '1'..'12' → Σ GLPOST.TRANSAMT (= GLAFS.NETPERDn). Every account, zeros included. */
    readonly netByAccountPeriod: Record<string, Record<string, string>>;
    /** ACCTID → GLAFS.OPENBAL (balance brought forward; sums to zero). */
    readonly openingBalances: Record<string, string>;
    /** Per period: closing-balance trial balance (debits = credits) and that period's activity totals. */
    readonly trialBalance: Record<string, { debits: string; credits: string; activityDebits: string; activityCredits: string }>;
  };
  readonly traps: {
    /** Accounts meant to have no Intacct mapping; each has GLPOST activity in every period. */
    readonly unmappedAccounts: readonly { readonly acctId: string; readonly formatted: string }[];
    /** Customer whose Intacct name differs; `sageName` is the NAMECUST written here. */
    readonly renamedCustomer: { readonly customerId: string; readonly sageName: string };
    /** Vendor ids the Intacct side will not have. */
    readonly vendorsMissingInIntacct: readonly string[];
  };
  /** The document traps (issue 16): a taxed AR invoice, a prepayment applied later, a bill with attachments, a PO with an unmapped item. */
  readonly docTraps: DocTrapsTruth & { readonly invoiceWithAttachments: ArAttachmentTruth };
  readonly vendors: { readonly active: readonly string[]; readonly inactive: readonly string[]; readonly onHold: readonly string[] };
  readonly customers: { readonly active: readonly string[]; readonly inactive: readonly string[]; readonly onHold: readonly string[] };
  readonly ap: {
    readonly documents: number;
    readonly creditNotes: readonly string[];
    readonly debitNotes: readonly string[];
    /** VENDORID → Σ APOBL.AMTDUEHC (credit notes negative); vendors with documents only (the doc-trap bill included). */
    readonly openByVendor: Record<string, string>;
    readonly openTotal: string;
  };
  readonly ar: {
    readonly documents: number;
    readonly receipts: number;
    readonly creditNotes: readonly string[];
    readonly debitNotes: readonly string[];
    /** IDCUST → Σ AROBL.AMTDUEHC; customers with documents only. */
    readonly openByCustomer: Record<string, string>;
    readonly openTotal: string;
  };
  /** PONUMBERs per derived status. */
  readonly purchaseOrders: Record<PoStatus, readonly string[]>;
  readonly projects: readonly DemoProject[];
  readonly milestonesReached: readonly DemoMilestone[];
  readonly milestonesPending: readonly DemoMilestone[];
}
