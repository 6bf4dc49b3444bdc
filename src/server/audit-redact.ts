/** Keys whose values never belong in the audit log, whatever the caller forgot to strip. */
export const SECRET_KEY_PATTERN = /password|secret|token|authorization|session|bank|iban|account.?number|routing/i;

/** What a secret-named key's value is replaced with. */
export const REDACTED = '[redacted]';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Returns a copy of `value` in which every object member whose key matches SECRET_KEY_PATTERN (at any depth, inside
 * arrays too) has its whole value replaced by "[redacted]", and `undefined` object members are dropped as JSON would
 * drop them. Redaction is the caller's job; this is the second line of defence. Anything that is not plain JSON is
 * passed through unchanged so that canonical serialisation rejects it loudly instead of it being silently altered.
 */
export function redactDetail(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v: unknown) => redactDetail(v));
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[key] = SECRET_KEY_PATTERN.test(key) ? REDACTED : redactDetail(v);
  }
  return out;
}
