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
});
