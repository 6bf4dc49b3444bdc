import { describe, expect, it } from 'vitest';
import { isSensitiveName, REDACTED, redactSensitive, redactUrlCredentials, redactXml } from './redaction.ts';
import { ORDINARY_NAMES, secretFor, SENSITIVE_NAMES } from './redaction.test-support.ts';

describe('redaction vocabulary', () => {
  it.each(SENSITIVE_NAMES)('treats %s as sensitive', (name) => {
    expect(isSensitiveName(name)).toBe(true);
  });

  it.each(ORDINARY_NAMES)('leaves %s readable', (name) => {
    expect(isSensitiveName(name)).toBe(false);
  });
});

describe('redactXml (Intacct bodies in debug logs)', () => {
  it('masks every sensitive element in any case and keeps ordinary ones', () => {
    const xml = [...SENSITIVE_NAMES, ...ORDINARY_NAMES].map((n) => `<${n.toLowerCase()}>${secretFor(n)}</${n.toLowerCase()}>`).join('');
    const out = redactXml(`<request>${xml}</request>`);
    for (const name of SENSITIVE_NAMES) expect(out, name).not.toContain(secretFor(name));
    for (const name of ORDINARY_NAMES) expect(out, name).toContain(`<${name.toLowerCase()}>${secretFor(name)}</`);
    expect(redactXml('<SWIFT>BOFAUS3N</SWIFT><IBAN>DE89370400440532013000</IBAN>')).toBe(
      `<SWIFT>${REDACTED}</SWIFT><IBAN>${REDACTED}</IBAN>`,
    );
  });
});

describe('redactUrlCredentials', () => {
  it('masks the password of a URL and sensitive query parameters, keeping user, host and the rest', () => {
    expect(redactUrlCredentials('GET https://svc:hunter2@sage.example.com/api?company=A&token=abc&page=2')).toBe(
      `GET https://svc:${REDACTED}@sage.example.com/api?company=A&token=${REDACTED}&page=2`,
    );
    // An unencoded @ in the password: everything up to the last @ before the path is the password.
    expect(redactUrlCredentials('mssql://sa:P@ss@db:1433/SAMLTD')).toBe(`mssql://sa:${REDACTED}@db:1433/SAMLTD`);
    expect(redactUrlCredentials('https://sage.example.com/api?page=2')).toBe('https://sage.example.com/api?page=2');
  });
});

describe('redactSensitive', () => {
  it('masks sensitive members at any depth, inside arrays, masks URL passwords and drops undefined', () => {
    const out = redactSensitive({ a: [{ deep: { iban: 'DE89', swift: 'BOFAUS3N', keep: 'x' } }], url: 'https://u:pw@h/', gone: undefined });
    expect(out).toEqual({ a: [{ deep: { iban: REDACTED, swift: REDACTED, keep: 'x' } }], url: `https://u:${REDACTED}@h/` });
  });

  it('passes non-plain values through and marks a cycle instead of recursing forever', () => {
    const when = new Date(0);
    const loop: Record<string, unknown> = { name: 'x' };
    loop.self = loop;
    expect(redactSensitive({ when, loop })).toEqual({ when, loop: { name: 'x', self: '[circular]' } });
  });
});
