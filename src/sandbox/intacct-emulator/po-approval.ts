/**
 * Purchasing approvals (reference §7.7: "approval via generic approve/decline"; sample
 * `<approve><PODOCUMENT><DOCID>…</DOCID><COMMENT>…</COMMENT></PODOCUMENT></approve>`).
 *
 * Choices made here (UNCONFIRMED against the real service):
 * - approvals are switched on per transaction definition by a PODOCUMENTPARAMS record (DOCID = the transaction type)
 *   with ENABLE_APPROVALS = true; in Intacct this is set on the definition in the UI;
 * - a transaction posted (state Pending) under such a definition waits as `Submitted`; `approve` makes it `Pending`
 *   (ready to convert), `decline` makes it `Declined`; only a Submitted transaction can be approved or declined.
 */
import { err, ERR, requestError } from './errors.ts';
import { failure, type FunctionContext, type FunctionHandler, type FunctionResult } from './function-types.ts';
import { Problems } from './rule-helpers.ts';
import { childText, scalar } from './xml-node.ts';

/** Whether transactions of this type wait for approval when posted. */
function approvalsEnabled(ctx: FunctionContext, transactionType: string): boolean {
  const params = ctx.store.getById('PODOCUMENTPARAMS', transactionType);
  return (params ? (scalar(params.data, 'ENABLE_APPROVALS') ?? '') : '').toLowerCase() === 'true';
}

/** After a plain create: a posted transaction whose definition needs approval waits as Submitted. */
export function submitIfApprovalsEnabled(ctx: FunctionContext, result: FunctionResult, transactionType: string): void {
  if (result.status !== 'success' || !approvalsEnabled(ctx, transactionType)) return;
  const doc = ctx.store.get('PODOCUMENT', Number(result.key));
  if (!doc || doc.data.STATE !== 'Pending') return;
  doc.data.STATE = 'Submitted';
  ctx.store.update('PODOCUMENT', doc);
}

function decide(verb: 'approve' | 'decline', next: string): FunctionHandler {
  return (node, ctx) => {
    const target = node.children[0];
    if (node.children.length !== 1 || !target)
      return failure([requestError(`<${verb}> takes exactly one object element such as <PODOCUMENT>.`)]);
    if (target.name !== 'PODOCUMENT')
      return failure([err(ERR.unsupported, '', `${verb} of ${target.name} is not emulated; only PODOCUMENT is.`)]);
    const docId = childText(target, 'DOCID')?.trim() ?? '';
    const doc = docId === '' ? undefined : ctx.store.getById('PODOCUMENT', docId);
    const p = new Problems();
    if (!doc) p.add('DOCID', 'Invalid reference', `Transaction '${docId}' does not exist.`);
    else if (doc.data.STATE !== 'Submitted')
      p.add(
        'DOCID',
        'Invalid state',
        `Transaction '${docId}' is ${scalar(doc.data, 'STATE') ?? ''}; only a Submitted transaction can be ${verb}d.`,
      );
    if (!doc || p.errors.length > 0)
      return failure([...p.errors, err(ERR.business, '', `Could not ${verb} Purchasing Transaction record!`)]);
    doc.data.STATE = next;
    doc.data[verb === 'approve' ? 'APPROVEDBY' : 'DECLINEDBY'] = ctx.userId;
    const comment = childText(target, 'COMMENT');
    if (comment) doc.data.APPROVALCOMMENT = comment;
    ctx.store.update('PODOCUMENT', doc);
    return { status: 'success', data: { PODOCUMENT: { RECORDNO: String(doc.recordNo), DOCID: docId, STATE: next } } };
  };
}

/** `approve` of a PODOCUMENT: Submitted → Pending. */
export const approveFunction: FunctionHandler = decide('approve', 'Pending');
/** `decline` of a PODOCUMENT: Submitted → Declined. */
export const declineFunction: FunctionHandler = decide('decline', 'Declined');
