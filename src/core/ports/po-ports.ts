import type { NaturalKeyReads } from '../../domain/natural-key-reads.ts';
import type { JsonValue } from '../../domain/json.ts';
import type { WriteOutcome } from '../../domain/write-outcome.ts';

/** One Sage 300 PO line (POPORL), quantities and costs as decimal text. */
export interface PoSourceLine {
  /** POPORL.PORLREV: the line number the Web API's receipts name (`LineNumber`). */
  readonly line: number;
  readonly itemNumber: string;
  readonly description: string;
  readonly unit: string;
  readonly location: string;
  readonly ordered: string;
  readonly received: string;
  readonly canceled: string;
  readonly outstanding: string;
  readonly unitCost: string;
  /** Formatted GL expense account (POPORL.GLACEXPENS), the form the account rules use. */
  readonly account: string;
  readonly completed: boolean;
}

/** One Sage 300 purchase order (POPORH1 + POPORL), normalised. */
export interface PoSourceOrder {
  /** POPORH1.PORHSEQ, the Web API key of the order. */
  readonly sequence: number;
  readonly poNumber: string;
  readonly vendorId: string;
  /** ISO yyyy-mm-dd. */
  readonly date: string;
  readonly expectedArrival: string;
  readonly onHold: boolean;
  readonly complete: boolean;
  readonly description: string;
  readonly currency: string;
  readonly lines: readonly PoSourceLine[];
}

/** What the Sage 300 side gives the PO pipeline: orders from the SQL reader, status writes through the Web API. */
export interface PoSourcePort {
  readOrders(): Promise<{ orders: PoSourceOrder[]; rowErrors: { key: string; message: string }[] }>;
  readonly batchSize: number;
  /** Applies status writes in order (a release before a receipt before a completion); one outcome per write. */
  writeStatus(writes: readonly PoStatusWrite[]): Promise<WriteOutcome[]>;
  requests(): number;
}

/** A status change on a Sage 300 PO: hold flag, a receipt of quantities, or completion. */
export type PoStatusChange =
  | { readonly op: 'hold'; readonly onHold: boolean }
  | { readonly op: 'receive'; readonly reference: string; readonly lines: readonly { line: number; quantity: string }[] }
  | { readonly op: 'complete' };

/** One Sage 300 status write, keyed for exactly-once delivery. */
export interface PoStatusWrite {
  readonly idempotencyKey: string;
  readonly sequence: number;
  readonly poNumber: string;
  readonly change: PoStatusChange;
  /** True when an earlier attempt's outcome was lost: the adapter checks whether it landed before writing again. */
  readonly resend: boolean;
}

/** One line of an Intacct purchasing transaction as read back. */
interface PoTargetLine {
  /** Zero-based LINE_NO. */
  readonly lineNo: number;
  readonly quantity: string;
  /** Quantity converted into later transactions (received). */
  readonly converted: string;
}

/** An Intacct purchase order (PODOCUMENT) as the status flow needs it. */
export interface PoTargetDocument {
  readonly recordNo: string;
  readonly docId: string;
  readonly externalId: string;
  readonly state: string;
  readonly lines: readonly PoTargetLine[];
}

/** An Intacct create_potransaction, keyed for exactly-once delivery. */
export interface PoCreateWrite {
  readonly idempotencyKey: string;
  readonly fields: JsonValue;
  /** EXTERNALID stamped on the transaction (the `S300:` reference) to read it back by. */
  readonly reference: string;
}

/** What the Intacct side gives the PO pipeline. */
export interface PoTargetPort {
  readonly batchSize: number;
  readonly concurrency: number;
  vendorIds(): Promise<ReadonlySet<string>>;
  /** Purchase orders by EXTERNALID (the `S300:` reference our creates stamp). */
  readonly existing: NaturalKeyReads;
  /** Purchase orders whose EXTERNALID starts with this prefix, with their lines; throws when Intacct cannot be read. */
  documents(externalIdPrefix: string): Promise<PoTargetDocument[]>;
  createOrders(writes: readonly PoCreateWrite[]): Promise<WriteOutcome[]>;
  requests(): number;
  controlIdFor(idempotencyKey: string): string;
}
