import type { ChangeSetExecutor, ToolSpec } from '../src/governance/tool-definition.ts';
import { approveChangeSetTool } from './approve-change-set/tool.ts';
import { checkConnectionsTool } from './check-connections/tool.ts';
import { getChangeSetTool } from './get-change-set/tool.ts';
import { getSyncStatusTool } from './get-sync-status/tool.ts';
import { listChangeSetsTool } from './list-change-sets/tool.ts';
import { listExceptionsTool } from './list-exceptions/tool.ts';
import { postJournalEntriesTool } from './post-journal-entries/tool.ts';
import { queryAuditLogTool } from './query-audit-log/tool.ts';
import { reconcileTrialBalanceTool } from './reconcile-trial-balance/tool.ts';
import { rejectChangeSetTool } from './reject-change-set/tool.ts';
import { apExecutor } from './replicate-ap-invoices/output.ts';
import { replicateApInvoicesTool } from './replicate-ap-invoices/tool.ts';
import { resolveExceptionTool } from './resolve-exception/tool.ts';
import { retryExceptionsTool } from './retry-exceptions/tool.ts';
import { glExecutor } from './shared/gl-output.ts';
import { vendorsExecutor } from './sync-vendors/output.ts';
import { syncVendorsTool } from './sync-vendors/tool.ts';
import { poExecutor } from './sync-purchase-orders/output.ts';
import { syncPurchaseOrdersTool } from './sync-purchase-orders/tool.ts';
import { validateMappingsTool } from './validate-mappings/tool.ts';
import { arExecutor } from './sync-ar/output.ts';
import { syncArTool } from './sync-ar/tool.ts';
import { customersExecutor } from './sync-customers/output.ts';
import { syncCustomersTool } from './sync-customers/tool.ts';
import { projectsExecutor } from './sync-projects/output.ts';
import { syncProjectsTool } from './sync-projects/tool.ts';

/** Every MCP tool the server offers, listed explicitly (order is the order clients see). */
export const TOOLS: readonly ToolSpec[] = [
  checkConnectionsTool,
  validateMappingsTool,
  postJournalEntriesTool,
  replicateApInvoicesTool,
  syncVendorsTool,
  syncArTool,
  syncCustomersTool,
  syncPurchaseOrdersTool,
  syncProjectsTool,
  getSyncStatusTool,
  listExceptionsTool,
  retryExceptionsTool,
  resolveExceptionTool,
  listChangeSetsTool,
  getChangeSetTool,
  approveChangeSetTool,
  rejectChangeSetTool,
  queryAuditLogTool,
  reconcileTrialBalanceTool,
];

/** How a change set of each pipeline is executed when its approval arrives later. */
export const EXECUTORS: Readonly<Record<string, ChangeSetExecutor>> = {
  gl: glExecutor,
  ap: apExecutor,
  vendors: vendorsExecutor,
  ar: arExecutor,
  customers: customersExecutor,
  po: poExecutor,
  projects: projectsExecutor,
};
