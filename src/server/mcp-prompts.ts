import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/**
 * The write tools of a month-end close, in the order the close runs them: master data first (documents refer to
 * vendors and customers), then the subledger documents, purchase orders, the GL entries the subledgers leave out, and
 * last the project tagging (it reclasses amounts the GL sync posted). Every write tool of the registry has its place
 * here; a test holds the two lists together.
 */
const CLOSE_ORDER = [
  { tool: 'sync_vendors', what: 'vendors (both ways)', args: () => ({}) },
  { tool: 'sync_customers', what: 'customers (credit limits and terms)', args: () => ({}) },
  { tool: 'replicate_ap_invoices', what: 'AP invoices, debit and credit notes as bills', args: (p: string) => ({ period: p }) },
  { tool: 'sync_ar', what: 'AR invoices and receipts', args: (p: string) => ({ period: p }) },
  { tool: 'sync_purchase_orders', what: 'purchase orders and their status', args: () => ({}) },
  { tool: 'post_journal_entries', what: 'GL journal entries', args: (p: string) => ({ period: p }) },
  { tool: 'sync_projects', what: 'project costs, revenue and milestone billing', args: () => ({}) },
] as const;

function argText(args: Record<string, string>, company: string | undefined, dryRun: boolean): string {
  const all: Record<string, string | boolean> = { ...args, ...(company ? { company } : {}), ...(dryRun ? { dry_run: true } : {}) };
  const parts = Object.entries(all).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  return parts.length === 0 ? 'no arguments' : parts.join(', ');
}

/** The month-end close walk-through, as a prompt an analyst starts from the client. */
function monthEndCloseText(period: string, company: string | undefined): string {
  const co = company ? ` for Sage 300 company ${company}` : '';
  const companyArg = company ? ` with company "${company}"` : '';
  const steps = CLOSE_ORDER.map(
    (s, i) =>
      `${i + 4}. ${s.what}: call ${s.tool} (${argText(s.args(period), company, true)}) and report what would be created, updated and skipped, the totals and every exception with its fix. ` +
      `When I agree, call it again without dry_run. If it returns status "pending_approval", give me the change_set_id, digest, expiry and console_url: I confirm it there myself, or an approver reviews it with get_change_set and approves it with approve_change_set. Wait until this step's change set is executed (or I skip it) before the next step.`,
  );
  const next = CLOSE_ORDER.length + 4;
  return [
    `Walk me through the month-end close of period ${period}${co}, using the sagebridge tools step by step, in this order. After each step, summarise what you found and wait for my go-ahead before anything that writes.`,
    '',
    '1. Call check_connections. If a connection fails, stop and tell me what to fix.',
    `2. Call validate_mappings${companyArg}. List every error with its file, line and fix; do not continue while errors remain unless I say so.`,
    '3. Call get_sync_status and list_exceptions (status "open"). Group the open exceptions by class and tell me which ones block the close.',
    ...steps,
    `${next}. Call list_exceptions again and explain anything new; call retry_exceptions for the ones I have fixed (or resolve_exception with a reason for the ones I accept), then re-run the step they belong to.`,
    `${next + 1}. Call reconcile_trial_balance with period "${period}"${companyArg} and explain each variance by its cause (not synced, entries made directly in Intacct, other period, unexplained). Any unexplained amount blocks the close: tell me which records to look at.`,
    `${next + 2}. Finally, call query_audit_log for this period so an auditor can confirm the trail. Summarise the close: what was posted per step, what remains open, and who approved what.`,
  ].join('\n');
}

/** Registers the prompts the server offers. */
export function registerPrompts(mcp: McpServer): void {
  mcp.registerPrompt(
    'month_end_close',
    {
      title: 'Month-end close',
      description:
        'Walks an analyst through the month-end close of one period with the sagebridge tools, every pipeline in order: connections, mappings, exceptions, vendors, customers, AP, AR, purchase orders, GL, projects, approvals, reconciliation, audit.',
      argsSchema: {
        period: z
          .string()
          .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected YYYY-MM')
          .describe('Fiscal period to close, YYYY-MM'),
        company: z.string().optional().describe('Sage 300 company key (when several are configured)'),
      },
    },
    ({ period, company }) => ({
      description: `Month-end close of ${period}`,
      messages: [{ role: 'user', content: { type: 'text', text: monthEndCloseText(period, company) } }],
    }),
  );
}
