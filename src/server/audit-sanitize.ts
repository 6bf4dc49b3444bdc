import { isSensitiveName, REDACTED, redactUrlCredentials } from '../platform/redaction.ts';

/** Bounds of what one audit row keeps; anything longer is cut (never inside a character) and its original size noted. */
export const AUDIT_LIMITS = {
  /** Characters (UTF-16 code units) of one string value in `detail`. */
  valueChars: 4096,
  /** Characters of one member name in `detail` (argument key names included). */
  keyChars: 128,
  /** Characters of the principal, action, decision and outcome columns. */
  columnChars: 256,
  /** Members of one object / items of one array kept. */
  members: 1000,
  /** Nesting depth kept. */
  depth: 32,
} as const;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Any surrogate at all: most text has none, and this test is several times cheaper than the replace below. */
const ANY_SURROGATE = /[\ud800-\udfff]/;

/**
 * Text that UTF-8 can carry: each lone UTF-16 surrogate (which SQLite would silently turn into U+FFFD, breaking the
 * row's hash) is written as the six characters `\uD8xx`, so the row keeps a visible, stable trace of it.
 */
function escapeLoneSurrogates(text: string): string {
  if (!ANY_SURROGATE.test(text)) return text;
  return text.replace(LONE_SURROGATE, (s) => `\\u${s.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The first `max` code units of `text`, one shorter when the cut would split a surrogate pair. */
function cutAtCharacter(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}

/** Escaped and bounded text; a cut string ends with `…[N chars]`, N being the original length. */
export function boundText(text: string, max: number): string {
  const safe = escapeLoneSurrogates(text);
  if (safe.length <= max) return safe;
  return `${cutAtCharacter(safe, max)}…[${text.length} chars]`;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A description of a value JSON cannot carry, kept as text rather than refused. */
function describe(value: unknown): string {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      return String(value);
    case 'function':
      return '[function]';
    case 'symbol':
      return '[symbol]';
    default:
      return '[undefined]';
  }
}

/**
 * The canonical, storable form of any value for an audit row's `detail`: sensitive members masked, URL passwords
 * masked, lone surrogates escaped, strings, member names, member counts and depth bounded (original sizes noted),
 * `__proto__` kept as an ordinary member, dates as ISO text, other values JSON cannot carry described as text.
 * It never throws, so a call is recorded whatever its arguments were.
 */
export function auditSafeValue(value: unknown): unknown {
  return safe(value, 0, []);
}

function safe(value: unknown, depth: number, ancestors: object[]): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      return boundText(redactUrlCredentials(value), AUDIT_LIMITS.valueChars);
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : describe(value);
    case 'object':
      break;
    default:
      return describe(value);
  }
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '[invalid date]' : value.toISOString();
  if (depth >= AUDIT_LIMITS.depth) return `[nested deeper than ${AUDIT_LIMITS.depth}]`;
  if (ancestors.includes(value)) return '[circular]';
  ancestors.push(value);
  try {
    if (Array.isArray(value)) {
      const items = Array.from(value.slice(0, AUDIT_LIMITS.members), (v: unknown) =>
        v === undefined ? null : safe(v, depth + 1, ancestors),
      );
      if (value.length > AUDIT_LIMITS.members) items.push(`…[${value.length} items]`);
      return items;
    }
    if (!isPlainObject(value)) return `[${(value.constructor as { name?: string } | undefined)?.name ?? 'object'}]`;
    return safeObject(value as Record<string, unknown>, depth, ancestors);
  } finally {
    ancestors.pop();
  }
}

function safeObject(value: Record<string, unknown>, depth: number, ancestors: object[]): Record<string, unknown> {
  // A null-prototype object: assigning `__proto__` creates a member instead of replacing the prototype.
  const out = Object.create(null) as Record<string, unknown>;
  const keys = Object.keys(value);
  let kept = 0;
  for (const key of keys) {
    const v = value[key];
    if (v === undefined) continue;
    if (kept === AUDIT_LIMITS.members) {
      out['…'] = `[${keys.length} members]`;
      break;
    }
    let name = boundText(key, AUDIT_LIMITS.keyChars);
    // Two long names cut to the same text stay two members.
    for (let n = 2; Object.hasOwn(out, name); n++) name = `${boundText(key, AUDIT_LIMITS.keyChars)}#${n}`;
    out[name] = isSensitiveName(key) ? REDACTED : safe(v, depth + 1, ancestors);
    kept++;
  }
  return out;
}
