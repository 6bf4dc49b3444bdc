import { describe, expect, it } from 'vitest';
import {
  classifyControlFailure,
  classifyResultFailure,
  isAlreadyApplied,
  makeError,
  scrubError,
  type IntacctErrorCode,
  type IntacctErrorDetail,
} from './errors.ts';

describe('error classification', () => {
  const results: [string, 'failure' | 'aborted', IntacctErrorDetail[], IntacctErrorCode][] = [
    ['aborted in a transaction', 'aborted', [{ errorno: 'XL03000009', description2: 'rolled back' }], 'transaction_aborted'],
    [
      'duplicate by errorno',
      'failure',
      [{ errorno: 'BL34000061', description2: 'Another Class with the given value(s) UT01 already exists' }],
      'duplicate',
    ],
    ['duplicate by wording', 'failure', [{ errorno: 'BL01001973', description: 'Duplicate account number' }], 'duplicate'],
    ['already exists wording', 'failure', [{ errorno: 'X', description2: "The account number '5000.11' already exists" }], 'duplicate'],
    ['business rule', 'failure', [{ errorno: 'BL01001973', description2: 'Debits and credits do not balance' }], 'validation'],
    ['unknown account', 'failure', [{ errorno: 'GL-1', description2: 'Invalid account 9999' }], 'validation'],
    [
      'closed period',
      'failure',
      [
        {
          errorno: 'BL01001973',
          description: 'BATCH_DATE: Period closed',
          description2: 'The period 2026-02 for BATCH_DATE 02/10/2026 is closed or not open for posting.',
        },
      ],
      'period_closed',
    ],
    ['period not open', 'failure', [{ errorno: 'BL01001973', description2: 'The accounting period is not open' }], 'period_closed'],
    [
      'a period mentioned, not closed',
      'failure',
      [{ errorno: 'BL01001973', description2: 'Invalid value for the period field' }],
      'validation',
    ],
  ];
  it.each(results)('result failure: %s', (_n, status, details, code) => {
    expect(classifyResultFailure(status, details)).toBe(code);
  });

  const controls: [string, IntacctErrorDetail[], number | undefined, IntacctErrorCode][] = [
    ['bad sender', [{ errorno: 'XL03000006', description: 'Incorrect Intacct XML Partner ID or password.' }], 200, 'auth_failed'],
    ['HTTP 401', [{ errorno: 'XMLGW_JPP0002' }], 401, 'auth_failed'],
    ['HTTP 401 without body', [], 401, 'auth_failed'],
    ['rate limit', [{ errorno: 'GW-0010' }], 200, 'rate_limited'],
    ['schema error', [{ errorno: 'XL03000003', description: 'XML Parse schema error' }], 200, 'validation'],
    ['gateway invalid request', [{ errorno: 'GW-0011', description: 'Invalid Request' }], 200, 'transport'],
  ];
  it.each(controls)('control failure: %s', (_n, details, status, code) => {
    expect(classifyControlFailure(details, status)).toBe(code);
  });

  it('recognises a uniqueid replay by errorno or by wording, but not a plain duplicate', () => {
    expect(isAlreadyApplied([{ errorno: 'XL03000010' }])).toBe(true);
    expect(isAlreadyApplied([{ errorno: 'X', description2: 'This function has already been executed' }])).toBe(true);
    expect(isAlreadyApplied([{ errorno: 'X', description: 'Control ID has already been processed.' }])).toBe(true);
    expect(isAlreadyApplied([{ errorno: 'BL34000061', description2: 'V1 already exists' }])).toBe(false);
  });
});

describe('makeError / scrubError', () => {
  it('builds one readable line and copies the primary error to the top level', () => {
    const e = makeError({
      code: 'duplicate',
      context: 'create GLACCOUNT',
      controlId: 'c1',
      details: [
        {
          errorno: 'BL01001973',
          description: 'Duplicate account number',
          description2: 'The account number 5000.11\n already exists',
          correction: 'Enter unique account number',
        },
        { errorno: 'BL01001973', description2: 'Could not create GL Account record.' },
      ],
    });
    expect(e.message).toBe(
      'duplicate: create GLACCOUNT: BL01001973 Duplicate account number The account number 5000.11 already exists (Enter unique account number) | BL01001973 Could not create GL Account record.',
    );
    expect(e).toMatchObject({
      errorno: 'BL01001973',
      description: 'Duplicate account number',
      correction: 'Enter unique account number',
      controlId: 'c1',
    });
    expect(e.message).not.toContain('\n');
  });

  it('removes secrets from message and details', () => {
    const e = scrubError(
      makeError({ code: 'auth_failed', details: [{ errorno: 'X', description2: 'session sess-123456 for pw hunter22 refused' }] }),
      ['hunter22', 'sess-123456'],
    );
    expect(e.message).not.toMatch(/hunter22|sess-123456/);
    expect(e.description2).not.toMatch(/hunter22|sess-123456/);
    expect(JSON.stringify(e.details)).not.toMatch(/hunter22|sess-123456/);
  });
});
