import { vendorsPipeline, VENDOR_SPEC } from '../../src/core/vendors/index.ts';
import { defineChangeSetTool } from '../../src/governance/change-set-tool.ts';
import { partyPresentation } from '../shared/party-sync.ts';
import { syncVendorsInput, syncVendorsOutput } from './schema.ts';

/** sync_vendors: two-way vendor master sync (Sage 300 APVEN ↔ Intacct VENDOR) behind the approval gate. */
export const syncVendorsTool = defineChangeSetTool({
  name: 'sync_vendors',
  title: 'Sync vendors between Sage 300 and Sage Intacct',
  description:
    'Finds vendors created, changed or deactivated in Sage 300 (APVEN) or Sage Intacct (VENDOR) since the last sync and plans the matching creates, updates and deactivations on the other side (never deletes; each write exactly once; our own writes are never synced back). ' +
    'A vendor changed on both sides is a conflict and a probable duplicate (same name and tax id) is never created twice: both go to the exceptions queue. ' +
    'Bank and remittance changes go into a separate change set that needs two approvers other than the requester. Use dry_run: true to preview counts. ' +
    'A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver.',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  cli: 'sync vendors',
  input: syncVendorsInput,
  output: syncVendorsOutput,
  pipeline: vendorsPipeline,
  deps: (services, company) => services.vendors(company),
  request: (args, base) => ({ ...base, direction: args.direction }),
  presentation: partyPresentation(VENDOR_SPEC, (base) => base),
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
