import type { VendorField } from '../core/ports/vendor-ports.ts';
import { VENDOR_SPEC } from '../core/vendors/index.ts';
import type { Config } from '../platform/config.ts';
import { wireVendors } from '../server/standalone-wiring.ts';
import type { CliIo } from './emulate.ts';
import { SYNC_VENDORS_HELP } from './help.ts';
import { runSyncParty, type PartyCommand } from './sync-party.ts';

const VENDORS: PartyCommand<VendorField> = {
  spec: VENDOR_SPEC,
  help: SYNC_VENDORS_HELP,
  wire: wireVendors,
  extraLines: (s) => (s.preview.sensitiveChangeSetId !== null ? [`Bank/remittance changes wait in change set ${s.preview.sensitiveChangeSetId} for two approvers other than the requester (sagebridge approvals).`] : []),
};

/** `sagebridge sync vendors …`. */
export const runSyncVendors = (argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> => runSyncParty(VENDORS, argv, config, configured, io);
