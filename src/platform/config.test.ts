import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, parseConfig } from './config.ts';

const company = {
  key: 'main',
  endpoint: 'https://api.intacct.com/ia/xml/xmlgw.phtml',
  senderId: 's',
  senderPassword: '${SENDER_PW}',
  companyId: 'c',
  userId: 'u',
  userPassword: 'p',
};

describe('config', () => {
  it('fills defaults and reads secrets from the environment', () => {
    const cfg = parseConfig({ intacct: { companies: [company] } }, 'test', { SENDER_PW: 'from-env' });
    expect(cfg.intacct.companies[0]!.senderPassword).toBe('from-env');
    expect(cfg.intacct.companies[0]!.maxConcurrent).toBe(2);
    expect(cfg.intacct.companies[0]!.functionsPerRequest).toBe(50);
  });

  it('names every bad field in one message', () => {
    const bad = { logLevel: 'loud', intacct: { companies: [{ ...company, endpoint: 'nope', functionsPerRequest: 500 }] } };
    let error: unknown;
    try {
      parseConfig(bad, 'bad.json', {});
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('logLevel');
    expect(message).toContain('intacct.companies[0].endpoint');
    expect(message).toContain('intacct.companies[0].functionsPerRequest');
    expect(message).toContain('SENDER_PW');
    expect((error as ConfigError).problems.length).toBe(4);
  });

  it('confirms in the console by default and names a bad confirmation setting or approver webhook', () => {
    const cfg = parseConfig({}, 'test', {});
    expect(cfg.approvals).toMatchObject({ confirmation: 'url', cliConfirmation: 'terminal', notify: [] });
    expect(cfg.server.publicUrl).toBeUndefined();
    let error: unknown;
    try {
      parseConfig(
        {
          server: { publicUrl: 'ftp://files.example.com' },
          approvals: { confirmation: 'click', cliConfirmation: 'yes', notify: [{ url: 'javascript:alert(1)' }] },
        },
        'bad.json',
        {},
      );
    } catch (err) {
      error = err;
    }
    const message = (error as ConfigError).message;
    for (const field of ['server.publicUrl', 'approvals.confirmation', 'approvals.cliConfirmation', 'approvals.notify[0].url'])
      expect(message).toContain(field);
    expect(message).toMatch(/incoming webhook/);
  });

  it('rejects unknown keys so typos do not pass silently', () => {
    expect(() => parseConfig({ logLevl: 'info' }, 'x', {})).toThrow(/logLevl|Unrecognized/);
  });

  it('loads YAML and JSON files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
    writeFileSync(join(dir, 'a.yaml'), 'logLevel: debug\n');
    writeFileSync(join(dir, 'b.json'), '{"logLevel":"warn"}');
    expect(loadConfigFile(join(dir, 'a.yaml')).logLevel).toBe('debug');
    expect(loadConfigFile(join(dir, 'b.json')).logLevel).toBe('warn');
    writeFileSync(join(dir, 'c.json'), '{oops');
    expect(() => loadConfigFile(join(dir, 'c.json'))).toThrow(/not valid JSON/);
  });

  it('checks cross-references between Sage 300 and Intacct companies', () => {
    const s300 = {
      key: 's1',
      companyId: 'SAMINC',
      intacctCompany: 'nope',
      sql: { backend: 'sqlite', path: 'x.db' },
      webApi: { baseUrl: 'http://127.0.0.1:1/Sage300WebApi/v1.0/-/SAMINC', user: 'ADMIN', password: 'x' },
    };
    expect(() => parseConfig({ intacct: { companies: [company] }, sage300: { companies: [s300] } }, 't', { SENDER_PW: 'x' })).toThrow(
      /sage300\.companies\[0\]\.intacctCompany: "nope" is not a key/,
    );
    const ok = parseConfig({ intacct: { companies: [company] }, sage300: { companies: [{ ...s300, intacctCompany: 'main' }] } }, 't', {
      SENDER_PW: 'x',
    });
    expect(ok.sage300.companies[0]!.webApi.maxConcurrent).toBe(2);
  });

  it('enables every replicating pipeline by default and validates the GL source-ledger override strictly', () => {
    const s300 = {
      key: 's1',
      companyId: 'SAMINC',
      intacctCompany: 'main',
      sql: { backend: 'sqlite', path: 'x.db' },
      webApi: { baseUrl: 'http://127.0.0.1:1/Sage300WebApi/v1.0/-/SAMINC', user: 'ADMIN', password: 'x' },
    };
    const parse = (extra: Record<string, unknown>) =>
      parseConfig({ intacct: { companies: [company] }, sage300: { companies: [{ ...s300, ...extra }] } }, 't', { SENDER_PW: 'x' });
    const c = parse({}).sage300.companies[0]!;
    expect(c.pipelines).toEqual({ apInvoices: true, ar: true, projects: true });
    expect(c.gl.sourceLedgers).toEqual({ include: [], exclude: [] });
    expect(parse({ gl: { sourceLedgers: { include: ['AP'] } } }).sage300.companies[0]!.gl.sourceLedgers.include).toEqual(['AP']);
    expect(() => parse({ gl: { sourceLedgers: { inclde: ['AP'] } } })).toThrow(/sage300\.companies\[0\]\.gl\.sourceLedgers.*inclde/);
    expect(() => parse({ gl: { sourceLedgers: { include: ['ap'] } } })).toThrow(/two-letter Sage 300 source ledger/);
    expect(() => parse({ gl: { sourceLedgers: { include: ['AP'], exclude: ['AP'] } } })).toThrow(/AP is in both include and exclude/);
    expect(() => parse({ pipelines: { ap: false } })).toThrow(/pipelines/);
    // The opt-in list it replaced is refused with what took its place.
    expect(() => parse({ gl: { excludeSourceLedgers: ['AP'] } })).toThrow(
      /excludeSourceLedgers is replaced: the GL sync leaves out AP, AR and PM/,
    );
  });

  it('names a bad SQL backend and a malformed token hash', () => {
    let message = '';
    try {
      parseConfig({ principals: [{ name: 'Bob', roles: ['boss'], tokenSha256: 'abc' }] }, 't', {});
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('principals[0].name');
    expect(message).toContain('principals[0].roles[0]');
    expect(message).toContain('principals[0].tokenSha256');
  });
});
