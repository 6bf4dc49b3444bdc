import { poPipeline } from '../../src/core/po/po-pipeline.ts';
import { defineChangeSetTool } from '../../src/governance/change-set-tool.ts';
import { executionCounts, problemRows, queueCounts, writeHead } from '../shared/write-output.ts';
import { syncPurchaseOrdersInput, syncPurchaseOrdersOutput } from './schema.ts';

/** sync_purchase_orders: Sage 300 purchase orders → Intacct, and Intacct PO status → Sage 300, behind the approval gate. */
export const syncPurchaseOrdersTool = defineChangeSetTool({
  name: 'sync_purchase_orders',
  title: 'Sync purchase orders between Sage 300 and Sage Intacct',
  description:
    'Creates a Sage Intacct Purchase Order (create_potransaction) for every open Sage 300 purchase order not yet there: one line per open PO line for its outstanding quantity (item number as Intacct item, expense account mapped through the account rules for its dimensions), vendor through the vendor cross-reference or mappings/vendors.csv. ' +
    'Then brings Intacct status changes back to Sage 300 through the Web API: a draft holds the Sage 300 PO, a released one releases it, quantities received in Intacct (PO Receivers) become Sage 300 receipts, and a closed Intacct PO completes it. ' +
    'Each write is made exactly once; unknown vendors and unmapped lines go to the exceptions queue and the rest proceed; re-running writes nothing new. ' +
    'Use dry_run: true to preview. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  cli: 'sync po',
  input: syncPurchaseOrdersInput,
  output: syncPurchaseOrdersOutput,
  pipeline: poPipeline,
  deps: (services, company) => services.purchaseOrders(company),
  request: (_args, base) => base,
  presentation: {
    progress: 'writes sent',
    written: 'writes made (Intacct purchase orders and Sage 300 status)',
    preview: (p) => ({
      writes: `create ${p.toCreate} purchase orders in Sage Intacct and make ${p.statusWrites} status writes in Sage 300`,
      counts: queueCounts(p, 'unchanged'),
      totals: [{ label: 'Open commitment', byCurrency: p.totalsByCurrency }],
      breakdown: {
        title: 'By vendor',
        noun: 'vendors',
        lines: p.totalsByVendor.map((v) => `${v.vendor}${v.name ? ` ${v.name}` : ''} ${v.currency}: ${v.orders} orders, ${v.total}`),
      },
      highlights: { title: 'Status writes to Sage 300', noun: 'status writes', limit: 20, lines: p.statusLines },
      problems: p.problems,
      actions: { create: p.toCreate, update: p.statusWrites, skip: p.skipped + (p.foundInIntacct ?? 0) },
      named: [
        ...p.totalsByVendor.map((v) => ({ by: 'vendor' as const, id: v.vendor, name: v.name, currency: v.currency, amount: v.total })),
        ...Object.entries(p.totalsByCurrency).map(([c, amount]) => ({ by: 'currency' as const, id: c, name: c, currency: c, amount })),
      ],
    }),
    policyTotals: (p) => p.totalsByCurrency,
    output: (company, p, status, facts) => ({
      ...writeHead(company, p, status, facts),
      orders: p.orders,
      planned: p.toCreate + p.statusWrites,
      to_create: p.toCreate,
      status_writes: p.statusWrites,
      ...executionCounts(p, facts.execution),
      totals_by_currency: { ...p.totalsByCurrency },
      status_changes: [...p.statusLines],
      problems: problemRows(p.problems),
    }),
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
