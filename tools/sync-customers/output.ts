import { CUSTOMER_SPEC } from '../../src/core/customers/index.ts';
import type { CustomerField } from '../../src/core/ports/customer-ports.ts';
import { partyExecutor, type PartyTool } from '../shared/party-sync.ts';
import type { SyncCustomersOutput } from './schema.ts';

/** sync_customers as a party sync tool: the customer spec and deps; the output adds the credit changes. */
export const CUSTOMER_TOOL: PartyTool<CustomerField, SyncCustomersOutput> = {
  spec: CUSTOMER_SPEC,
  deps: (ctx, company) => ctx.services.customers(company),
  output: (base, preview) => ({
    ...base,
    credit_changes: preview.highlights.map((h) => ({ target: h.target, customer_id: h.id, field: h.field === 'TERMS' ? 'TERMS' : 'CREDITLIMIT', before: h.before, after: h.after })),
  }),
};

/** Executes an approved customer change set (an approval that arrived after the planning call) under the company lock. */
export const customersExecutor = partyExecutor(CUSTOMER_TOOL);
