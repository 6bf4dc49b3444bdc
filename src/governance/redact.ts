import { isSensitiveName, REDACTED, redactUrlCredentials } from '../platform/redaction.ts';

/** A copy of tool arguments safe for the audit log: values of sensitive names masked, URL passwords masked, long strings cut. */
export function redactArguments(value: unknown, depth = 0): unknown {
  if (depth > 8) return '[truncated]';
  if (typeof value === 'string') {
    const safe = redactUrlCredentials(value);
    return safe.length > 500 ? `${cutAtCharacter(safe, 500)}…[${safe.length} chars]` : safe;
  }
  if (Array.isArray(value)) return value.slice(0, 100).map((v) => redactArguments(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSensitiveName(k) ? REDACTED : redactArguments(v, depth + 1)]));
  }
  return value ?? null;
}

/** The first `max` code units of `text`, one fewer when the cut would split a surrogate pair (an astral character). */
function cutAtCharacter(text: string, max: number): string {
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
