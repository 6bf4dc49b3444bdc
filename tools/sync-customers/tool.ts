import { customersPipeline, CUSTOMER_SPEC } from '../../src/core/customers/index.ts';
import { defineChangeSetTool } from '../../src/governance/change-set-tool.ts';
import { partyPresentation } from '../shared/party-sync.ts';
import { syncCustomersInput, syncCustomersOutput } from './schema.ts';

/** sync_customers: two-way customer master sync (Sage 300 ARCUS ↔ Intacct CUSTOMER) behind the approval gate. */
export const syncCustomersTool = defineChangeSetTool({
  name: 'sync_customers',
  title: 'Sync customers between Sage 300 and Sage Intacct',
  description:
    'Finds customers created, changed or deactivated in Sage 300 (ARCUS) or Sage Intacct (CUSTOMER) since the last sync and plans the matching creates, updates and deactivations on the other side (never deletes; each write exactly once; our own writes are never synced back). ' +
    'Name, status, e-mail, phone, currency, terms and credit limit follow the field-level system of record (sync.customers.systemOfRecord). ' +
    'A customer changed on both sides is a conflict, a probable duplicate (same name) is never created twice, and a record the other side cannot hold is refused: all go to the exceptions queue while the rest goes through. ' +
    'Every credit limit and terms change is listed with its before and after values (credit_changes). Use dry_run: true to preview. ' +
    'A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver.',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  cli: 'sync customers',
  input: syncCustomersInput,
  output: syncCustomersOutput,
  pipeline: customersPipeline,
  deps: (services, company) => services.customers(company),
  request: (args, base) => ({ ...base, direction: args.direction }),
  presentation: partyPresentation(CUSTOMER_SPEC, (base, preview) => ({
    ...base,
    credit_changes: preview.highlights.map((h) => ({
      target: h.target,
      customer_id: h.id,
      field: h.field === 'TERMS' ? ('TERMS' as const) : ('CREDITLIMIT' as const),
      before: h.before,
      after: h.after,
    })),
  })),
  text: (o) =>
    `${o.status}: ${o.message.split('\n')[0] ?? ''}${o.credit_changes.length > 0 ? ` (${o.credit_changes.length} credit limit/terms changes)` : ''}`,
});
