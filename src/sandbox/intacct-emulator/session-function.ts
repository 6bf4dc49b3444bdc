import { requestError } from './errors.ts';
import { failure, type FunctionHandler } from './function-types.ts';
import type { EmulatorStore } from './store.ts';
import { child, scalar } from './xml-node.ts';

/** Entities are LOCATION records flagged ISENTITY at company setup. */
export function entityIdsOf(store: EmulatorStore): string[] {
  return store
    .all('LOCATION')
    .filter((l) => scalar(l.data, 'ISENTITY') === 'true')
    .map((l) => l.id ?? '');
}

/**
 * getAPISession: `<locationid>E</locationid>` → entity session, `<locationid/>` → top level, absent → the
 * caller's current level. Must be alone in its request, as the reference advises.
 */
export const getApiSessionFunction: FunctionHandler = (node, ctx) => {
  if (ctx.functionsInRequest > 1) {
    return failure([
      requestError('getAPISession must be the only function in the request.', 'Send getAPISession in a request of its own.'),
    ]);
  }
  const requested = child(node, 'locationid');
  const target = requested === undefined ? ctx.entityId : requested.text;
  if (target && !entityIdsOf(ctx.store).includes(target)) {
    return failure([
      requestError(`locationid '${target}' is not an entity of this company.`, `Use one of: ${entityIdsOf(ctx.store).join(', ')}.`),
    ]);
  }
  const sessionId = ctx.openSession(target);
  return { status: 'success', data: { api: { sessionid: sessionId, endpoint: ctx.endpoint, locationid: target } } };
};
