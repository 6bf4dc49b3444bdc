const SECRET_KEY = /password|secret|token|authorization|session|bank|iban|account.?number|routing|swift/i;

/** A copy of tool arguments safe for the audit log: secret-named values masked, long strings cut. */
export function redactArguments(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (typeof value === 'string') return value.length > 500 ? `${value.slice(0, 500)}…[${value.length} chars]` : value;
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactArguments(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : redactArguments(v, depth + 1)]));
  }
  return value ?? null;
}
