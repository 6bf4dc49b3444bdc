import { createHash } from 'node:crypto';

const PREFIX_MAX = 64;

/**
 * Function controlid for an idempotency key: a readable prefix (for humans reading Intacct audit trails) plus a hash
 * (for uniqueness, since the prefix is sanitized and truncated). Deterministic so that a resend after an unknown
 * outcome carries the same controlid and Intacct's `uniqueid` check recognises the replay. At most 89 characters,
 * well inside the 256 allowed.
 */
export function controlIdFor(idempotencyKey: string): string {
  if (idempotencyKey.length === 0) throw new TypeError('controlIdFor: idempotency key must not be empty');
  const digest = createHash('sha256').update(idempotencyKey, 'utf8').digest('hex').slice(0, 24);
  const prefix = idempotencyKey.replace(/[^A-Za-z0-9_.:-]+/g, '_').slice(0, PREFIX_MAX);
  return `${prefix}~${digest}`;
}
