import { formatStamp } from './dates.ts';
import type { RuleContext } from './rule-helpers.ts';
import type { FieldObject } from './xml-node.ts';

/** WHENCREATED/WHENMODIFIED/CREATEDBY/MODIFIEDBY; `created` false only refreshes the MODIFIED pair. */
export function auditStamps(ctx: Pick<RuleContext, 'now' | 'userId'>, created: boolean, businessWhenCreated = false): FieldObject {
  const stamp = formatStamp(ctx.now);
  const out: FieldObject = {};
  if (created && !businessWhenCreated) out.WHENCREATED = stamp;
  out.WHENMODIFIED = stamp;
  if (created) out.CREATEDBY = ctx.userId;
  out.MODIFIEDBY = ctx.userId;
  return out;
}
