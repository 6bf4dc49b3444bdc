import { executePartyChangeSet, writeOf as partyWriteOf, type PartyExecuteOptions, type PartyExecution } from '../parties/party-execute.ts';
import type { VendorField, VendorWrite } from '../ports/vendor-ports.ts';
import type { OutboxEntry } from '../state/index.ts';
import { VENDOR_SPEC } from './vendor-fields.ts';
import type { VendorDeps } from './vendor-pipeline.ts';

export type VendorExecution = PartyExecution;
export type VendorExecuteOptions = PartyExecuteOptions;

/** The port-level write an outbox entry describes. */
export const writeOf = (e: OutboxEntry): VendorWrite => partyWriteOf<VendorField>(e);

/** Executes an approved vendor change set (see executePartyChangeSet). */
export const executeVendorChangeSet = (deps: VendorDeps, changeSetId: number, options: VendorExecuteOptions): Promise<VendorExecution> => executePartyChangeSet(VENDOR_SPEC, deps, changeSetId, options);
