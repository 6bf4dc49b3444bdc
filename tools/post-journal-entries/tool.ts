import { glPipeline } from '../../src/core/gl/gl-pipeline.ts';
import { ledgerPlanLines } from '../../src/core/gl/source-ledgers.ts';
import type { GlSelection } from '../../src/core/ports/gl-ports.ts';
import { defineChangeSetTool } from '../../src/governance/change-set-tool.ts';
import { ToolError } from '../../src/governance/errors.ts';
import { selectionOf } from '../shared/selection.ts';
import { executionCounts, problemRows, queueCounts, writeHead } from '../shared/write-output.ts';
import { dimensionNotes, glNamedTotals } from './named-totals.ts';
import { postJournalEntriesInput, postJournalEntriesOutput } from './schema.ts';

/** post_journal_entries: the GL pipeline (Sage 300 posted journal entries → Intacct GLBATCH) behind the approval gate. */
export const postJournalEntriesTool = defineChangeSetTool({
  name: 'post_journal_entries',
  title: 'Post Sage 300 journal entries to Sage Intacct',
  description:
    'Creates Sage Intacct journal entries (GLBATCH) from posted Sage 300 GL entries for one fiscal period (period: "YYYY-MM"), a posting-date range (from/to) or incrementally, with accounts and dimensions mapped by the mapping tables. ' +
    'Each Sage 300 entry is posted at most once (exactly-once delivery); entries that cannot be mapped or do not balance go to the exceptions queue and the rest proceed. ' +
    'Use dry_run: true first to preview counts and totals. A real run plans a change set; depending on the approval policy it runs at once, asks the user to confirm, or returns status "pending_approval" with change_set_id for an approver (approve_change_set).',
  roles: ['analyst', 'agent', 'admin'],
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: true },
  cli: 'sync gl',
  input: postJournalEntriesInput,
  output: postJournalEntriesOutput,
  pipeline: glPipeline,
  deps: (services, company) => services.gl(company).deps,
  async request(args, base, { deps, services }) {
    const selection: GlSelection = selectionOf(args, { kind: 'incremental' } as const);
    if (selection.kind === 'period' && !(await deps.source.fiscalPeriodOpen(String(selection.year), String(selection.period)))) {
      throw new ToolError(
        'invalid_arguments',
        `period: ${args.period} is not an open fiscal period of Sage 300 company ${base.company}; check the fiscal calendar (Common Services > Fiscal Calendar)`,
      );
    }
    return { ...base, selection, options: services.gl(base.company).options };
  },
  presentation: {
    progress: 'journal entries sent',
    written: 'journal entries created in Intacct',
    preview: (p) => ({
      writes: `create ${p.toSend} journal entries in Sage Intacct (${p.created} new, ${p.updated} updated)`,
      counts: queueCounts(p),
      totals: [{ label: 'Debit totals', byCurrency: p.totalsByCurrency }],
      breakdown: {
        title: 'By account',
        noun: 'accounts',
        lines: p.totalsByAccount.map((a) => `${a.account}${a.title ? ` ${a.title}` : ''} ${a.currency}: Dr ${a.debit} / Cr ${a.credit}`),
      },
      notes: [...ledgerPlanLines(p.sourceLedgers), ...dimensionNotes(p.totalsByDimension)],
      problems: p.problems,
      actions: { create: p.created, update: p.updated, skip: p.skipped + p.foundInIntacct },
      named: glNamedTotals(p),
    }),
    policyTotals: (p) => p.totalsByCurrency,
    output: (company, p, status, facts) => ({
      ...writeHead(company, p, status, facts),
      entries: p.entries,
      planned: p.toSend,
      new: p.created,
      updated: p.updated,
      ...executionCounts(p, facts.execution),
      totals_by_currency: { ...p.totalsByCurrency },
      totals_by_account: p.totalsByAccount.map((a) => ({ ...a })),
      source_ledgers: {
        left_out: p.sourceLedgers.leftOut.map((l) => ({
          ledger: l.ledger,
          replicated_by: l.replicatedBy,
          reason: l.reason,
          entries: l.entries,
        })),
        overridden: p.sourceLedgers.overridden.map((o) => ({
          ledger: o.ledger,
          replicated_by: o.replicatedBy,
          warning: o.warning,
          entries: o.entries,
        })),
      },
      problems: problemRows(p.problems),
    }),
  },
  text: (o) => `${o.status}: ${o.message.split('\n')[0] ?? ''}`,
});
