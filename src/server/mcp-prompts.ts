import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';

/** The month-end close walk-through, as a prompt an analyst starts from the client. */
function monthEndCloseText(period: string, company: string | undefined): string {
  const co = company ? ` for Sage 300 company ${company}` : '';
  return [
    `Walk me through the month-end close of period ${period}${co}, using the sagebridge tools step by step. After each step, summarise what you found and wait for my go-ahead before anything that writes.`,
    '',
    '1. Call check_connections. If a connection fails, stop and tell me what to fix.',
    `2. Call validate_mappings${company ? ` with company "${company}"` : ''}. List every error with its file, line and fix; do not continue while errors remain unless I say so.`,
    '3. Call get_sync_status and list_exceptions (status "open"). Group the open exceptions by class and tell me which ones block the close.',
    `4. Call post_journal_entries with period "${period}" and dry_run: true. Report entries to create, already synced, exceptions, and debit totals by currency.`,
    `5. When I agree, call post_journal_entries with period "${period}" (no dry_run). If it returns status "pending_approval", give me the change_set_id and digest so an approver can approve it with approve_change_set; if it asks me to confirm, show me the summary first.`,
    '6. After the entries are posted, call list_exceptions again and explain anything new; call retry_exceptions for the ones I have fixed, then re-run step 5.',
    '7. Read the resource sagebridge://reports/reconciliation/latest (the trial-balance reconciliation) and explain each variance.',
    '8. Finally, an auditor can confirm the trail with query_audit_log for this period. Summarise the close: what was posted, what remains open, and who approved what.',
  ].join('\n');
}

/** Registers the prompts the server offers. */
export function registerPrompts(mcp: McpServer): void {
  mcp.registerPrompt(
    'month_end_close',
    {
      title: 'Month-end close',
      description:
        'Walks an analyst through the month-end close of one period with the sagebridge tools: connections, mappings, exceptions, journal entries, approvals, reconciliation, audit.',
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
