/** Expected Intacct failures as values: a closed code union plus the upstream error text. */

export type IntacctErrorCode =
  | 'auth_failed'
  | 'session_expired'
  | 'rate_limited'
  | 'duplicate'
  | 'validation'
  | 'period_closed'
  | 'transaction_aborted'
  | 'unknown_outcome'
  /** No attempt reached Intacct (connection refused, host not found): nothing of the request was sent. */
  | 'unreachable'
  | 'transport';

/** One `<error>` element of an `<errormessage>`. */
export interface IntacctErrorDetail {
  errorno?: string;
  description?: string;
  description2?: string;
  correction?: string;
}

export interface IntacctError {
  code: IntacctErrorCode;
  /** One readable line; never contains passwords or session ids. */
  message: string;
  errorno?: string;
  description?: string;
  description2?: string;
  correction?: string;
  details: IntacctErrorDetail[];
  httpStatus?: number;
  controlId?: string;
}

/**
 * How Intacct says "this function controlid already ran" on a `uniqueid=true` replay. The real error number is not
 * published; XL03000010 and the wording are the sandbox emulator's documented choice. Kept as data so that a
 * production capture can be added without touching the logic.
 */
const ALREADY_APPLIED_MATCHERS: readonly { errorno?: string; text?: RegExp }[] = [
  { errorno: 'XL03000010' },
  { text: /already been (executed|processed)/i },
  // The other plausible wording (emulator behaviour replayError=duplicate-control-id): it says "duplicate", so it
  // must be recognised here, before the duplicate matchers below would take it for a business-key collision.
  { text: /\bcontrol ?id\b.*?\b(was used|already used|has been used)\b/i },
];

/** A business-key collision (same ID created by a different write), not a replay. */
const DUPLICATE_MATCHERS: readonly { errorno?: string; text?: RegExp }[] = [
  { errorno: 'BL34000061' },
  { text: /already exists/i },
  { text: /\bduplicate\b/i },
];

/**
 * A posting refused because its accounting period is closed (or not open for posting). Intacct reports it as a
 * generic business-logic failure (BL01001973) whose description names the period; no distinct errorno is
 * published, so the wording is matched here, in the connector, and core only ever sees the code `period_closed`.
 */
const PERIOD_CLOSED_MATCHERS: readonly { errorno?: string; text?: RegExp }[] = [
  { text: /\bperiod\b[^.]*\b(closed|not open)\b/i },
  // "… cannot be posted to a closed accounting period" (emulator behaviour periodClosedError=closed-accounting-period).
  { text: /\bclosed\b[^.]*\bperiod\b/i },
];

/**
 * A request refused for carrying too many functions. No cap is documented (intacct-xml-api.md §2.6); the emulator's
 * behaviour `maxFunctionsPerRequest` answers this wording. The remedy is the company's `functionsPerRequest`.
 */
const FUNCTION_CAP = /\bat most (\d+)\b[^.]*\bper request\b/i;

/** The cap a refusal names, when the refusal is about the number of functions in the request. */
export function functionCapOf(details: readonly IntacctErrorDetail[]): number | undefined {
  for (const d of details) {
    const m = FUNCTION_CAP.exec(detailText(d));
    if (m) return Number(m[1]);
  }
  return undefined;
}

const AUTH_ERRORNOS = new Set(['XL03000006', 'XMLGW_JPP0002', 'PL04000055']);
const RATE_LIMIT_ERRORNO = 'GW-0010';
const PARSE_ERRORNO = 'XL03000003';

function detailText(d: IntacctErrorDetail): string {
  return [d.description, d.description2, d.correction].filter(Boolean).join(' ');
}

function matchesAny(details: readonly IntacctErrorDetail[], matchers: readonly { errorno?: string; text?: RegExp }[]): boolean {
  return details.some((d) =>
    matchers.some((m) => (m.errorno !== undefined && d.errorno === m.errorno) || (m.text !== undefined && m.text.test(detailText(d)))),
  );
}

export function isAlreadyApplied(details: readonly IntacctErrorDetail[]): boolean {
  return matchesAny(details, ALREADY_APPLIED_MATCHERS);
}

function isDuplicate(details: readonly IntacctErrorDetail[]): boolean {
  return matchesAny(details, DUPLICATE_MATCHERS);
}

export function isRateLimitDetail(details: readonly IntacctErrorDetail[]): boolean {
  return details.some((d) => d.errorno === RATE_LIMIT_ERRORNO);
}

/** Code for a failed `<result>` (status failure or aborted). Replays are handled before this is asked. */
export function classifyResultFailure(status: 'failure' | 'aborted', details: readonly IntacctErrorDetail[]): IntacctErrorCode {
  if (status === 'aborted') return 'transaction_aborted';
  if (isDuplicate(details)) return 'duplicate';
  if (matchesAny(details, PERIOD_CLOSED_MATCHERS)) return 'period_closed';
  return 'validation';
}

/** Code for `control/status = failure` (nothing ran). */
export function classifyControlFailure(details: readonly IntacctErrorDetail[], httpStatus?: number): IntacctErrorCode {
  if (httpStatus === 401 || details.some((d) => d.errorno !== undefined && AUTH_ERRORNOS.has(d.errorno))) return 'auth_failed';
  if (httpStatus === 429 || isRateLimitDetail(details)) return 'rate_limited';
  if (details.some((d) => d.errorno === PARSE_ERRORNO)) return 'validation';
  return 'transport';
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** `errorno description description2 (correction)` for each error, joined; one line. */
function formatDetails(details: readonly IntacctErrorDetail[]): string {
  return details
    .map((d) => {
      const head = [d.errorno, d.description, d.description2].filter((x) => x !== undefined && x !== '').join(' ');
      return oneLine(d.correction ? `${head} (${d.correction})` : head);
    })
    .filter((s) => s !== '')
    .join(' | ');
}

export interface MakeErrorInput {
  code: IntacctErrorCode;
  /** Context prefix, e.g. `create VENDOR`. */
  context?: string;
  details?: IntacctErrorDetail[];
  /** Used when there are no details (transport problems). */
  text?: string;
  httpStatus?: number;
  controlId?: string;
}

/** Builds an IntacctError; the primary error's fields are copied to the top level for easy matching. */
export function makeError(input: MakeErrorInput): IntacctError {
  const details = input.details ?? [];
  const body = details.length > 0 ? formatDetails(details) : oneLine(input.text ?? '');
  const parts = [input.context, body].filter((s) => s !== undefined && s !== '');
  const error: IntacctError = {
    code: input.code,
    message: `${input.code}: ${parts.join(': ') || 'no detail'}`,
    details,
  };
  const first = details[0];
  if (first?.errorno !== undefined) error.errorno = first.errorno;
  if (first?.description !== undefined) error.description = first.description;
  if (first?.description2 !== undefined) error.description2 = first.description2;
  if (first?.correction !== undefined) error.correction = first.correction;
  if (input.httpStatus !== undefined) error.httpStatus = input.httpStatus;
  if (input.controlId !== undefined) error.controlId = input.controlId;
  return error;
}

/** The same error under another code; the message prefix follows the code. */
export function withCode(error: IntacctError, code: IntacctErrorCode): IntacctError {
  if (error.code === code) return error;
  const prefix = `${error.code}: `;
  const rest = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return { ...error, code, message: `${code}: ${rest}` };
}

/** Replaces every occurrence of the given secrets in the error's human-readable strings. */
export function scrubError(error: IntacctError, secrets: readonly string[]): IntacctError {
  const live = secrets.filter((s) => s.length >= 4);
  if (live.length === 0) return error;
  const scrub = (s: string | undefined): string | undefined => {
    if (s === undefined) return s;
    let out = s;
    for (const secret of live) out = out.split(secret).join('[redacted]');
    return out;
  };
  const scrubDetail = (d: IntacctErrorDetail): IntacctErrorDetail => {
    const out: IntacctErrorDetail = {};
    for (const k of ['errorno', 'description', 'description2', 'correction'] as const) {
      const v = scrub(d[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  };
  const result: IntacctError = { ...error, message: scrub(error.message) ?? '', details: error.details.map(scrubDetail) };
  for (const k of ['description', 'description2', 'correction'] as const) {
    const v = scrub(error[k]);
    if (v !== undefined) result[k] = v;
  }
  return result;
}
