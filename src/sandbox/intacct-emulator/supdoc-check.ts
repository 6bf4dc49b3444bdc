import type { Problems, RuleContext } from './rule-helpers.ts';

/** A transaction's SUPDOCID (APBILL, create_invoice) must name an existing attachment record. */
export function checkSupdocId(p: Problems, ctx: RuleContext, field: string, id: string | undefined): void {
  const value = id?.trim();
  if (value && !ctx.store.lookupById('SUPDOC', value))
    p.add(
      field,
      'Invalid reference',
      `Attachment '${value}' referenced by ${field} does not exist.`,
      'Create the attachment (create_supdoc) first.',
    );
}
