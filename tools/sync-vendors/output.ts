import { VENDOR_SPEC } from '../../src/core/vendors/index.ts';
import type { VendorField } from '../../src/core/ports/vendor-ports.ts';
import { partyExecutor, type PartyTool } from '../shared/party-sync.ts';
import type { SyncVendorsOutput } from './schema.ts';

/** sync_vendors as a party sync tool: the vendor spec, the vendor deps, the shared output as it is. */
export const VENDOR_TOOL: PartyTool<VendorField, SyncVendorsOutput> = {
  spec: VENDOR_SPEC,
  deps: (ctx, company) => ctx.services.vendors(company),
  output: (base) => base,
};

/** Executes an approved vendor change set (an approval that arrived after the planning call) under the company lock. */
export const vendorsExecutor = partyExecutor(VENDOR_TOOL);
