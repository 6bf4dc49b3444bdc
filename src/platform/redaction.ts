// The one vocabulary of sensitive names. It feeds every place a value can leave the process in the clear: log lines
// (logger.ts), Intacct XML bodies in debug logs (redactXml), tool arguments in the audit log (governance/redact.ts)
// and audit rows (server/audit-log.ts). A name added here is masked in all four.

/** What a sensitive value is replaced with, everywhere. */
export const REDACTED = '[redacted]';

/**
 * Fragments that make a name sensitive wherever they occur in it, compared in lower case with `_`, `-`, `.` and
 * spaces removed: `userPassword`, `ACHBANKROUTINGNUMBER`, `account_number`, `swiftCode`, `IBAN`, `sessionid`.
 */
const SENSITIVE_NAME_FRAGMENTS: readonly string[] = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'credential',
  'session',
  'apikey',
  'privatekey',
  'signingkey',
  'bank',
  'accountnumber',
  'routing',
  'iban',
  'swift',
  'cardnum',
  'taxid',
];

/** Sensitive only as a whole word of a name (`bic`, `swift_bic`, `bicCode`): as fragments they would catch `public`. */
const SENSITIVE_NAME_WORDS: readonly string[] = ['bic', 'ssn', 'cvv'];

/** Whether a field, header, XML element or query parameter with this name carries a value that must be masked. */
export function isSensitiveName(name: string): boolean {
  const squashed = name.toLowerCase().replace(/[\s_.-]+/g, '');
  if (SENSITIVE_NAME_FRAGMENTS.some((f) => squashed.includes(f))) return true;
  // Words of camelCase, snake_case and kebab-case names; an all-caps run such as `SWIFTBIC` stays one word.
  const words = name.split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/).map((w) => w.toLowerCase());
  return words.some((w) => SENSITIVE_NAME_WORDS.includes(w));
}

/** `scheme://user:password@host` with the password masked; the user and host stay, since they say where it went. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s/?#@:]*):[^\s/?#]*@/gi;
/** `?name=value` / `&name=value`: masked when the name is sensitive (`?password=`, `&token=`). */
const QUERY_PARAMETER = /([?&])([^=&#\s]+)=([^&#\s]*)/g;

/** Masks passwords inside URLs (`https://user:pass@host`) and sensitive query parameters anywhere in a text. */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('://') && !text.includes('=')) return text;
  return text
    .replace(URL_PASSWORD, `$1:${REDACTED}@`)
    .replace(QUERY_PARAMETER, (whole, sep: string, name: string) => (isSensitiveName(name) ? `${sep}${name}=${REDACTED}` : whole));
}

/** An element with text content only: `<password>…</password>`, any case. */
const XML_LEAF = /<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/g;

/** Masks the content of every sensitive element in an XML body before it is logged (requests carry passwords and sessions). */
export function redactXml(xml: string): string {
  return xml.replace(XML_LEAF, (whole, tag: string) => (isSensitiveName(tag) ? `<${tag}>${REDACTED}</${tag}>` : whole));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * A copy of `value` in which every member with a sensitive name (at any depth, inside arrays too) has its whole
 * value replaced by REDACTED, strings have URL passwords masked, and `undefined` members are dropped as JSON would
 * drop them. Anything that is not plain JSON (an Error, a Date, a class instance) is passed through unchanged, so a
 * serialiser further on treats it as it would have (pino's error serialiser, canonical JSON's refusal).
 */
export function redactSensitive(value: unknown): unknown {
  return redactWithin(value, []);
}

function redactWithin(value: unknown, ancestors: unknown[]): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value);
  // A URL object serialises to its href, password included: log it as the masked text.
  if (value instanceof URL) return redactUrlCredentials(value.href);
  const isArray = Array.isArray(value);
  if (!isArray && !isPlainObject(value)) return value;
  // A cycle would recurse forever; logging one must not crash the caller.
  if (ancestors.includes(value)) return '[circular]';
  ancestors.push(value);
  try {
    if (isArray) return (value as unknown[]).map((v) => redactWithin(v, ancestors));
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[key] = isSensitiveName(key) ? REDACTED : redactWithin(v, ancestors);
    }
    return out;
  } finally {
    ancestors.pop();
  }
}
