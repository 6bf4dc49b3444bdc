import { CUSTOMER_SPEC } from '../core/customers/index.ts';
import type { CustomerField } from '../core/ports/customer-ports.ts';
import type { Config } from '../platform/config.ts';
import { wireCustomers } from '../server/standalone-wiring.ts';
import type { CliIo } from './emulate.ts';
import { SYNC_CUSTOMERS_HELP } from './help.ts';
import { runSyncParty, type PartyCommand } from './sync-party.ts';

const CUSTOMERS: PartyCommand<CustomerField> = {
  spec: CUSTOMER_SPEC,
  help: SYNC_CUSTOMERS_HELP,
  wire: wireCustomers,
  extraLines: (s) => s.preview.highlights.map((h) => `  ${h.target === 'intacct' ? 'Intacct' : 'Sage 300'} customer ${h.id}: ${h.field} ${h.before || '(blank)'} -> ${h.after || '(blank)'}`),
};

/** `sagebridge sync customers …`. */
export const runSyncCustomers = (argv: string[], config: Config, configured: boolean, io: CliIo): Promise<number> => runSyncParty(CUSTOMERS, argv, config, configured, io);
