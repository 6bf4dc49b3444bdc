import { describe, expect, it } from 'vitest';
import { ORDINARY_NAMES, secretFor, SENSITIVE_NAMES } from '../platform/redaction.test-support.ts';
import { redactArguments } from './redact.ts';

describe('redactArguments (tool arguments in the audit log)', () => {
  it('masks every name of the shared vocabulary, swift and iban included, at any depth and in arrays', () => {
    const fields = Object.fromEntries([...SENSITIVE_NAMES, ...ORDINARY_NAMES].map((n) => [n, secretFor(n)]));
    const text = JSON.stringify(redactArguments({ top: fields, list: [{ nested: fields }] }));
    for (const name of SENSITIVE_NAMES) expect(text, name).not.toContain(secretFor(name));
    for (const name of ORDINARY_NAMES) expect(text, name).toContain(secretFor(name));
    expect(redactArguments({ swift: 'BOFAUS3N', iban: 'DE89370400440532013000' })).toEqual({ swift: '[redacted]', iban: '[redacted]' });
  });

  it('masks URL passwords before cutting long strings', () => {
    expect(redactArguments({ endpoint: 'https://svc:hunter2@sage.example.com/' })).toEqual({
      endpoint: 'https://svc:[redacted]@sage.example.com/',
    });
    const long = redactArguments(`https://u:pw@h/${'x'.repeat(600)}`) as string;
    expect(long).not.toContain(':pw@');
    expect(long).toMatch(/…\[\d+ chars\]$/);
  });

  it('never cuts a long string inside a surrogate pair', () => {
    const cut = redactArguments(`${'a'.repeat(499)}😀${'b'.repeat(20)}`) as string;
    expect(cut).toBe(`${'a'.repeat(499)}…[521 chars]`);
    expect(cut).not.toMatch(/\p{Cs}/u);
  });
});
