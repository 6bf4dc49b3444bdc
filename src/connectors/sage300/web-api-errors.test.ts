import { describe, expect, it } from 'vitest';
import { classifyHttpError, errorFromResponse, parseSageErrorBody, scrubWebApiError } from './web-api-errors.ts';

const body = (code: string, value: string) => JSON.stringify({ error: { code, message: { lang: 'en-US', value } } });

describe('Sage error mapping', () => {
  it.each([
    [401, 'Unauthorized', 'auth_failed'],
    [403, 'Forbidden', 'auth_failed'],
    [404, 'RecordNotFound', 'not_found'],
    [404, 'ResourceNotFound', 'not_found'],
    [409, 'General', 'business_rule'],
    [409, 'FieldInvalid', 'business_rule'],
    [409, 'RecordDuplicate', 'duplicate'],
    [400, 'RecordDuplicate', 'duplicate'],
    [400, 'InvalidPayload', 'validation'],
    [400, 'InvalidParameters', 'validation'],
    [405, 'MethodNotAllowed', 'validation'],
    [422, 'RecordInvalid', 'business_rule'],
    [429, 'TooManyRequests', 'transient'],
    [500, 'InternalServerError', 'transient'],
    [503, undefined, 'transient'],
    [400, undefined, 'validation'],
    [302, undefined, 'transport'],
  ] as const)('HTTP %i %s -> %s', (status, code, expected) => {
    expect(classifyHttpError(status, code)).toBe(expected);
  });

  it('keeps the HTTP status, Sage code and message, and puts them on one line', () => {
    const e = errorFromResponse(
      409,
      body('General', "Document number 'X' for vendor Y already exists.\nSecond line"),
      'POST AP/APInvoiceBatches',
    );
    expect(e).toMatchObject({ code: 'business_rule', httpStatus: 409, sageCode: 'General', request: 'POST AP/APInvoiceBatches' });
    expect(e.sageMessage).toContain('\n');
    expect(e.message).toBe(
      "business_rule: POST AP/APInvoiceBatches [HTTP 409 General] Document number 'X' for vendor Y already exists. Second line",
    );
  });

  it('tolerates non-JSON and older string-message bodies', () => {
    expect(parseSageErrorBody('<html>Service Unavailable</html>')).toEqual({ sageMessage: '<html>Service Unavailable</html>' });
    expect(parseSageErrorBody({ error: { code: 'General', message: 'plain' } })).toEqual({ sageCode: 'General', sageMessage: 'plain' });
    expect(parseSageErrorBody('')).toEqual({});
    expect(errorFromResponse(502, '').code).toBe('transient');
  });

  it('redacts secrets from readable strings', () => {
    const e = scrubWebApiError(errorFromResponse(400, body('InvalidPayload', 'bad value s3cret!')), ['s3cret!']);
    expect(e.message).not.toContain('s3cret!');
    expect(e.sageMessage).toBe('bad value [redacted]');
  });
});
