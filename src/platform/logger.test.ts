import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { redactXml } from './redaction.ts';
import { ORDINARY_NAMES, secretFor, SENSITIVE_NAMES } from './redaction.test-support.ts';

function capture() {
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', destination: { write: (line: string) => lines.push(line) } });
  return { log, lines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger redaction', () => {
  it('masks passwords, session ids, tokens and bank numbers at any depth we log', () => {
    const { log, lines } = capture();
    log.child({ module: 'test' }).info(
      {
        password: 'p1',
        company: { senderPassword: 'p2', userPassword: 'p3', sessionId: 's1' },
        headers: { authorization: 'Bearer t1' },
        vendor: { remit: { bankAccountNumber: '123456789', ACHACCOUNTNUMBER: '987' } },
        token: 't2',
        keep: 'visible',
      },
      'hello',
    );
    const text = JSON.stringify(lines());
    for (const secret of ['p1', 'p2', 'p3', 's1', 'Bearer t1', '123456789', '987', 't2']) expect(text).not.toContain(`"${secret}"`);
    expect(text).toContain('visible');
    expect(lines()[0]!.module).toBe('test');
  });

  it('masks secret elements inside XML bodies', () => {
    const xml =
      '<login><userid>u</userid><password>pw&amp;1</password></login><sessionid>abc..</sessionid><ACHACCOUNTNUMBER>42</ACHACCOUNTNUMBER>';
    const out = redactXml(xml);
    expect(out).not.toContain('pw&amp;1');
    expect(out).not.toContain('abc..');
    expect(out).not.toContain('>42<');
    expect(out).toContain('<userid>u</userid>');
  });

  it('masks every name of the shared vocabulary (swift and iban included) at any depth', () => {
    const { log, lines } = capture();
    const fields = Object.fromEntries([...SENSITIVE_NAMES, ...ORDINARY_NAMES].map((n) => [n, secretFor(n)]));
    log.child({ module: 'test' }).info({ top: fields, deep: { a: [{ b: { c: { d: fields } } }] }, swiftBic: 'BOFAUS3N' }, 'vendor');
    const text = JSON.stringify(lines());
    for (const name of SENSITIVE_NAMES) expect(text, name).not.toContain(secretFor(name));
    for (const name of ORDINARY_NAMES) expect(text, name).toContain(secretFor(name));
    expect(text).not.toContain('BOFAUS3N');
  });

  it('masks passwords inside URLs in fields, in the message and in errors', () => {
    const { log, lines } = capture();
    log.warn(
      { endpoint: 'https://svc:hunter1@sage.example.com/api', err: new Error('connect failed for mssql://sa:hunter2@db/SAMLTD') },
      'retrying https://svc:hunter3@sage.example.com/api',
    );
    const [line] = lines();
    const text = JSON.stringify(line);
    for (const secret of ['hunter1', 'hunter2', 'hunter3']) expect(text).not.toContain(secret);
    expect(line!.endpoint).toBe('https://svc:[redacted]@sage.example.com/api');
    expect(line!.msg).toBe('retrying https://svc:[redacted]@sage.example.com/api');
    expect((line!.err as { type: string; message: string }).type).toBe('Error');
  });
});
