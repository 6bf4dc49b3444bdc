import { describe, expect, it } from 'vitest';
import { glLedgerPlan, ledgerPlanLines } from './source-ledgers.ts';

const all = { apInvoices: true, ar: true, projects: true };
const none = { include: [], exclude: [] };

describe('glLedgerPlan', () => {
  it('leaves out the ledger of every enabled replicating pipeline, with the tool that replicates it', () => {
    const plan = glLedgerPlan(all, none);
    expect(plan.leftOut.map((l) => [l.ledger, l.replicatedBy])).toEqual([
      ['AP', 'replicate_ap_invoices'],
      ['AR', 'sync_ar'],
      ['PM', 'sync_projects'],
    ]);
    expect(plan.overridden).toEqual([]);
    expect(ledgerPlanLines(plan)[0]).toBe(
      'Left out of the GL sync: AP (replicated by replicate_ap_invoices), AR (replicated by sync_ar), PM (replicated by sync_projects).',
    );
  });

  it('sends the ledger of a disabled pipeline (nothing else brings its documents to Intacct)', () => {
    const plan = glLedgerPlan({ apInvoices: true, ar: false, projects: false }, none);
    expect(plan.leftOut.map((l) => l.ledger)).toEqual(['AP']);
  });

  it('records an include override as a warning that documents may be posted twice', () => {
    const plan = glLedgerPlan(all, { include: ['AR'], exclude: [] });
    expect(plan.leftOut.map((l) => l.ledger)).toEqual(['AP', 'PM']);
    expect(plan.overridden).toEqual([expect.objectContaining({ ledger: 'AR', replicatedBy: 'sync_ar' })]);
    expect(plan.overridden[0]!.warning).toContain('may be posted to Intacct twice');
    expect(ledgerPlanLines(plan)[1]).toMatch(/^Override: gl.sourceLedgers.include sends source ledger AR/);
  });

  it('leaves out further ledgers named in exclude, saying why', () => {
    const plan = glLedgerPlan({ apInvoices: false, ar: false, projects: false }, { include: [], exclude: ['PO'] });
    expect(plan.leftOut).toEqual([{ ledger: 'PO', replicatedBy: null, reason: 'left out by gl.sourceLedgers.exclude' }]);
    expect(glLedgerPlan({ apInvoices: false, ar: false, projects: false }, none).leftOut).toEqual([]);
  });
});
