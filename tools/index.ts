import type { ToolSpec } from '../src/governance/tool-definition.ts';
import { approveChangeSetTool } from './approve-change-set/tool.ts';
import { checkConnectionsTool } from './check-connections/tool.ts';
import { confirmChangeSetTool } from './confirm-change-set/tool.ts';
import { getChangeSetTool } from './get-change-set/tool.ts';
import { getSyncStatusTool } from './get-sync-status/tool.ts';
import { listChangeSetsTool } from './list-change-sets/tool.ts';
import { listExceptionsTool } from './list-exceptions/tool.ts';
import { postJournalEntriesTool } from './post-journal-entries/tool.ts';
import { queryAuditLogTool } from './query-audit-log/tool.ts';
import { reconcileTrialBalanceTool } from './reconcile-trial-balance/tool.ts';
import { rebuildStateTool } from './rebuild-state/tool.ts';
import { rejectChangeSetTool } from './reject-change-set/tool.ts';
import { replicateApInvoicesTool } from './replicate-ap-invoices/tool.ts';
import { resolveExceptionTool } from './resolve-exception/tool.ts';
import { retryExceptionsTool } from './retry-exceptions/tool.ts';
import { resumeChangeSetTool } from './resume-change-set/tool.ts';
import { syncVendorsTool } from './sync-vendors/tool.ts';
import { syncPurchaseOrdersTool } from './sync-purchase-orders/tool.ts';
import { validateMappingsTool } from './validate-mappings/tool.ts';
import { syncArTool } from './sync-ar/tool.ts';
import { syncCustomersTool } from './sync-customers/tool.ts';
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
  confirmChangeSetTool,
  rejectChangeSetTool,
  resumeChangeSetTool,
  queryAuditLogTool,
  reconcileTrialBalanceTool,
  rebuildStateTool,
];
