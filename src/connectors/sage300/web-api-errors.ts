import type { Result } from '../../domain/result.ts';
/**
 * Expected Sage 300 Web API failures as values: a closed code union plus the HTTP status and the OData error
 * body (`{"error":{"code":"…","message":{"lang":"en-US","value":"…"}}}`, reference §8.6).
 */

export type Sage300WebApiErrorCode =
  'auth_failed' | 'not_found' | 'business_rule' | 'duplicate' | 'validation' | 'transient' | 'unknown_outcome' | 'transport';

export interface Sage300WebApiError {
  code: Sage300WebApiErrorCode;
  /** One readable line: code, request, Sage code and text. Never contains the password. */
  message: string;
  httpStatus?: number;
  /** The OData `error.code` (e.g. `RecordNotFound`, `General`, `FieldInvalid`). */
  sageCode?: string;
  /** The OData `error.message.value`, verbatim (may contain `\n`). For people; automation uses `sageCode`. */
  sageMessage?: string;
  /** `METHOD /MODULE/Resource(key)` relative to the company URL. */
  request?: string;
  /** For `unknown_outcome`: what the read-back probe saw. */
  probe?: 'found' | 'unavailable' | 'not_probed';
}

export type WebApiOutcome<T> = Result<T, Sage300WebApiError>;

/** Sage codes documented in SDK-DEVREF §12 (plus `FieldInvalid`, observed in production) and what they mean to us. */
const BY_SAGE_CODE: Readonly<Record<string, Sage300WebApiErrorCode>> = {
  Unauthorized: 'auth_failed',
  Forbidden: 'auth_failed',
  RecordNotFound: 'not_found',
  ResourceNotFound: 'not_found',
  RecordDuplicate: 'duplicate',
  General: 'business_rule',
  FieldInvalid: 'business_rule',
  RecordInvalid: 'business_rule',
  InvalidParameters: 'validation',
  InvalidPayload: 'validation',
  InvalidEntityKey: 'validation',
  InvalidAction: 'validation',
  MethodNotAllowed: 'validation',
  TooManyRequests: 'transient',
  InternalServerError: 'transient',
  DBLinkError: 'transient',
  SessionError: 'transient',
};

export interface ParsedSageError {
  sageCode?: string;
  sageMessage?: string;
}

/** Reads the OData error body; tolerates the older `message` as a plain string and non-JSON bodies. */
export function parseSageErrorBody(body: unknown): ParsedSageError {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body) as unknown;
    } catch {
      return body.trim() === '' ? {} : { sageMessage: body.trim().slice(0, 500) };
    }
  }
  if (typeof value !== 'object' || value === null) return {};
  const error = (value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const out: ParsedSageError = {};
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') out.sageCode = code;
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string') out.sageMessage = message;
  else if (typeof message === 'object' && message !== null) {
    const text = (message as { value?: unknown }).value;
    if (typeof text === 'string') out.sageMessage = text;
  }
  return out;
}

/**
 * The Sage code decides first (it is the documented contract); the HTTP status decides when the code is absent
 * or new. A duplicate is recognised by code only: the status Sage uses for it is unconfirmed.
 */
export function classifyHttpError(httpStatus: number, sageCode?: string): Sage300WebApiErrorCode {
  const byCode = sageCode === undefined ? undefined : BY_SAGE_CODE[sageCode];
  if (httpStatus === 401 || httpStatus === 403) return 'auth_failed';
  if (byCode === 'duplicate') return 'duplicate';
  if (httpStatus === 404) return 'not_found';
  if (httpStatus === 409) return 'business_rule';
  if (httpStatus === 429 || httpStatus >= 500) return 'transient';
  if (byCode !== undefined) return byCode;
  if (httpStatus >= 400 && httpStatus < 500) return 'validation';
  return 'transport';
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export interface MakeErrorInput {
  code: Sage300WebApiErrorCode;
  request?: string;
  httpStatus?: number;
  sageCode?: string;
  sageMessage?: string;
  /** Used when Sage gave no message (transport problems, our own checks). */
  text?: string;
  probe?: Sage300WebApiError['probe'];
}

/** Builds the error value with a one-line message `code: request: [http sageCode] text`. */
export function makeWebApiError(input: MakeErrorInput): Sage300WebApiError {
  const status = [input.httpStatus === undefined ? undefined : `HTTP ${input.httpStatus}`, input.sageCode]
    .filter((s) => s !== undefined)
    .join(' ');
  const text = oneLine(input.sageMessage ?? input.text ?? '');
  const parts = [input.request, status === '' ? undefined : `[${status}]`, text === '' ? undefined : text].filter((s) => s !== undefined);
  const error: Sage300WebApiError = { code: input.code, message: `${input.code}: ${parts.join(' ') || 'no detail'}` };
  if (input.httpStatus !== undefined) error.httpStatus = input.httpStatus;
  if (input.sageCode !== undefined) error.sageCode = input.sageCode;
  if (input.sageMessage !== undefined) error.sageMessage = input.sageMessage;
  if (input.request !== undefined) error.request = input.request;
  if (input.probe !== undefined) error.probe = input.probe;
  return error;
}

/** Maps one HTTP error response (status + body) to the typed error value. */
export function errorFromResponse(httpStatus: number, body: unknown, request?: string): Sage300WebApiError {
  const parsed = parseSageErrorBody(body);
  return makeWebApiError({
    code: classifyHttpError(httpStatus, parsed.sageCode),
    httpStatus,
    ...(request === undefined ? {} : { request }),
    ...parsed,
  });
}

/** Replaces every occurrence of the given secrets (length >= 4) in the error's readable strings. */
export function scrubWebApiError(error: Sage300WebApiError, secrets: readonly string[]): Sage300WebApiError {
  const live = secrets.filter((s) => s.length >= 4);
  if (live.length === 0) return error;
  const scrub = (s: string): string => live.reduce((out, secret) => out.split(secret).join('[redacted]'), s);
  const out: Sage300WebApiError = { ...error, message: scrub(error.message) };
  if (error.sageMessage !== undefined) out.sageMessage = scrub(error.sageMessage);
  return out;
}
