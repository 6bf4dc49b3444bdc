import { describe, expect, it } from 'vitest';
import { createLogger, redactXml } from './logger.ts';

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
    const xml = '<login><userid>u</userid><password>pw&amp;1</password></login><sessionid>abc..</sessionid><ACHACCOUNTNUMBER>42</ACHACCOUNTNUMBER>';
    const out = redactXml(xml);
    expect(out).not.toContain('pw&amp;1');
    expect(out).not.toContain('abc..');
    expect(out).not.toContain('>42<');
    expect(out).toContain('<userid>u</userid>');
  });
});
